import { type Kysely, type Migration, sql } from "kysely";
import type { StoreEngine } from "./store.js";

/**
 * Migration 0011: what the risk monitor reads, compact and indexed (issue 13's targeted re-checks).
 *
 * - `promise_leg`: one row per shipment of a promise (its warehouse, service, promised ship day and
 *   window as day numbers, the destination and the promise's window), written by a trigger on
 *   `promise` insert from the payload (so every confirm path on either engine writes it in the
 *   confirm's transaction), and back-filled from the promises already stored. Indexed by
 *   (warehouse, ship day) and (service, warehouse, ship day): the promises a capacity or pickup
 *   cut, or a ship-day cut-off, can touch. A risk pass reads these narrow rows, never the payload.
 * - `risk_recheck`: the promises whose tracking changed (a shipment row written) or whose status
 *   changed (cancelled, fulfilled, delivered) since the monitor last looked, written by triggers
 *   in the same transaction as the change; the monitor re-checks them and deletes the rows.
 */
/** promise_leg's columns and key, the same on both engines. */
const PROMISE_LEG_COLUMNS = sql.raw(`
  promise_id text not null references promise (id) on delete cascade,
  warehouse_id text not null,
  service_id text not null,
  ship_day integer not null,
  earliest_day integer not null,
  latest_day integer not null,
  country_code text not null,
  postal_code text not null,
  province text not null,
  promise_earliest_day integer not null,
  promise_latest_day integer not null,
  primary key (promise_id, warehouse_id)
`);

export function promiseLegMigration(engine: StoreEngine): Migration {
  return {
    async up(db: Kysely<unknown>) {
      if (engine === "sqlite") {
        await sql`create table promise_leg (${PROMISE_LEG_COLUMNS}) without rowid`.execute(db);
        const legsOf = (id: string, payload: string, from: string) => sql`
          select ${sql.raw(id)}, json_extract(s.value, '$.warehouseId'),
            json_extract(s.value, '$.serviceId'),
            cast(julianday(json_extract(s.value, '$.shipDate')) - 2440587.5 as integer),
            cast(julianday(json_extract(s.value, '$.deliveryEarliest')) - 2440587.5 as integer),
            cast(julianday(json_extract(s.value, '$.deliveryLatest')) - 2440587.5 as integer),
            coalesce(json_extract(${sql.raw(payload)}, '$.destination.countryCode'), ''),
            coalesce(json_extract(${sql.raw(payload)}, '$.destination.postalCode'), ''),
            coalesce(json_extract(${sql.raw(payload)}, '$.destination.province'), ''),
            cast(julianday(json_extract(${sql.raw(payload)}, '$.deliveryEarliest')) - 2440587.5 as integer),
            cast(julianday(json_extract(${sql.raw(payload)}, '$.deliveryLatest')) - 2440587.5 as integer)
          from ${sql.raw(from)} json_each(case when json_valid(${sql.raw(payload)})
            and json_type(${sql.raw(payload)}, '$.shipments') = 'array'
            then ${sql.raw(payload)} else '{"shipments":[]}' end, '$.shipments') as s
          where json_type(s.value, '$.warehouseId') = 'text'
            and json_type(s.value, '$.serviceId') = 'text'
            and julianday(json_extract(s.value, '$.shipDate')) is not null
            and julianday(json_extract(s.value, '$.deliveryEarliest')) is not null
            and julianday(json_extract(s.value, '$.deliveryLatest')) is not null
            and julianday(json_extract(${sql.raw(payload)}, '$.deliveryEarliest')) is not null
            and julianday(json_extract(${sql.raw(payload)}, '$.deliveryLatest')) is not null`;
        await sql`insert or ignore into promise_leg ${legsOf("p.id", "p.payload", "promise as p,")}`.execute(
          db,
        );
        await sql`create trigger promise_leg_write after insert on promise
          begin
            insert or ignore into promise_leg ${legsOf("new.id", "new.payload", "")};
          end`.execute(db);
        await sql`create index promise_leg_ship on promise_leg (warehouse_id, ship_day)`.execute(
          db,
        );
        await sql`create table risk_recheck (promise_id text primary key) without rowid`.execute(
          db,
        );
        await sql`create trigger risk_recheck_shipment_insert after insert on shipment
          begin insert or ignore into risk_recheck (promise_id) values (new.promise_id); end`.execute(
          db,
        );
        await sql`create trigger risk_recheck_shipment_update after update on shipment
          begin insert or ignore into risk_recheck (promise_id) values (new.promise_id); end`.execute(
          db,
        );
        await sql`create trigger risk_recheck_status after update of status on promise
          when old.status <> new.status
          begin insert or ignore into risk_recheck (promise_id) values (new.id); end`.execute(db);
        return;
      }
      await sql`create table promise_leg (${PROMISE_LEG_COLUMNS})`.execute(db);
      await sql`create function promise_leg_rows(id text, payload text)
        returns table (promise_id text, warehouse_id text, service_id text, ship_day integer,
          earliest_day integer, latest_day integer, country_code text, postal_code text,
          province text, promise_earliest_day integer, promise_latest_day integer)
        language sql stable as $$
          with p as (
            select case when payload ~ '^\\s*\\{' then payload::jsonb else '{}'::jsonb end as j
          )
          select id, s->>'warehouseId', s->>'serviceId',
            ((s->>'shipDate')::date - date '1970-01-01'),
            ((s->>'deliveryEarliest')::date - date '1970-01-01'),
            ((s->>'deliveryLatest')::date - date '1970-01-01'),
            coalesce(p.j->'destination'->>'countryCode', ''),
            coalesce(p.j->'destination'->>'postalCode', ''),
            coalesce(p.j->'destination'->>'province', ''),
            ((p.j->>'deliveryEarliest')::date - date '1970-01-01'),
            ((p.j->>'deliveryLatest')::date - date '1970-01-01')
          from p, jsonb_array_elements(case when jsonb_typeof(p.j->'shipments') = 'array'
            then p.j->'shipments' else '[]'::jsonb end) as s
          where jsonb_typeof(s->'warehouseId') = 'string' and jsonb_typeof(s->'serviceId') = 'string'
            and coalesce(s->>'shipDate', '') ~ '^\\d{4}-\\d{2}-\\d{2}$'
            and coalesce(s->>'deliveryEarliest', '') ~ '^\\d{4}-\\d{2}-\\d{2}$'
            and coalesce(s->>'deliveryLatest', '') ~ '^\\d{4}-\\d{2}-\\d{2}$'
            and coalesce(p.j->>'deliveryEarliest', '') ~ '^\\d{4}-\\d{2}-\\d{2}$'
            and coalesce(p.j->>'deliveryLatest', '') ~ '^\\d{4}-\\d{2}-\\d{2}$'
        $$`.execute(db);
      await sql`insert into promise_leg
        select l.* from promise p, promise_leg_rows(p.id, p.payload) as l
        on conflict do nothing`.execute(db);
      await sql`create function promise_leg_write() returns trigger language plpgsql as $$
        begin
          insert into promise_leg select * from promise_leg_rows(new.id, new.payload)
          on conflict do nothing;
          return null;
        end
      $$`.execute(db);
      await sql`create trigger promise_leg_write after insert on promise
        for each row execute function promise_leg_write()`.execute(db);
      await sql`create index promise_leg_ship on promise_leg (warehouse_id, ship_day)`.execute(db);
      await sql`create table risk_recheck (promise_id text primary key)`.execute(db);
      await sql`create function risk_recheck_write() returns trigger language plpgsql as $$
        begin
          if tg_table_name = 'promise' then
            if new.status is distinct from old.status then
              insert into risk_recheck (promise_id) values (new.id) on conflict do nothing;
            end if;
          else
            insert into risk_recheck (promise_id) values (new.promise_id) on conflict do nothing;
          end if;
          return null;
        end
      $$`.execute(db);
      await sql`create trigger risk_recheck_shipment after insert or update on shipment
        for each row execute function risk_recheck_write()`.execute(db);
      await sql`create trigger risk_recheck_status after update of status on promise
        for each row execute function risk_recheck_write()`.execute(db);
    },
  };
}
