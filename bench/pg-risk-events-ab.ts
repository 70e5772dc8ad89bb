/**
 * Migration 0020's A/B (branch pgrisk): PostgreSQL backend CPU per changed promise of a risk write
 * with 0012's row trigger (a schema migrated to 0019) against 0020's statement triggers (a schema
 * migrated to the latest), in one run, alternating.
 *
 *   node --import tsx bench/pg-risk-events-ab.ts [promises=100000] [rounds=4] [batch=10000]
 *
 * Each schema holds N promises. Each round, for each schema (the order alternates between
 * rounds): the risk rows are deleted (not measured), then three passes, each written as the
 * event store writes a bulk pass (batches of 10,000 ids by default, one transaction each: the change counter
 * and its notify, then one upsert over the batch's ids in key order):
 *   insert  every promise first assessed AT_RISK (N new rows, N events);
 *   update  every promise back ON_TRACK (N rows updated, N events);
 *   same    every promise ON_TRACK with a later since (N rows updated, no event).
 * The figure is the CPU (user + system, /proc/<pid>/stat) of the one backend that wrote, per
 * promise written. Needs PostgreSQL on this machine (the backend's /proc entry) and DATABASE_URL
 * or the test database.
 */
import { readFileSync } from "node:fs";
import os from "node:os";
import { Kysely, type MigrationProvider, Migrator } from "kysely";
import pg from "pg";
import { CurrentSchemaPostgresDialect } from "../src/store/current-schema-dialect.js";
import { storeMigrations } from "../src/store/store-migrations.js";

const url = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const promises = Number(process.argv[2] ?? 100_000);
const rounds = Number(process.argv[3] ?? 4);
const BATCH = Number(process.argv[4] ?? 10_000);
const TICKS = 100; // USER_HZ on Linux

interface Variant {
  readonly name: string;
  readonly schema: string;
  readonly before?: string;
}
const variants: Variant[] = [
  { name: "A row trigger (0019)", schema: `bench_riskab_a_${process.pid}`, before: "0020" },
  { name: "B statement triggers (0020)", schema: `bench_riskab_b_${process.pid}` },
];

async function migrate(v: Variant): Promise<void> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`drop schema if exists ${v.schema} cascade`);
  await admin.query(`create schema ${v.schema}`);
  await admin.end();
  const pool = new pg.Pool({
    connectionString: url,
    max: 1,
    options: `-c search_path=${v.schema}`,
  });
  const db = new Kysely<unknown>({ dialect: new CurrentSchemaPostgresDialect({ pool }) });
  const all = storeMigrations("postgres");
  const before = v.before;
  const chosen =
    before === undefined
      ? all
      : Object.fromEntries(Object.entries(all).filter(([name]) => name < before));
  const provider: MigrationProvider = { getMigrations: async () => chosen };
  const r = await new Migrator({ db, provider, migrationTableSchema: v.schema }).migrateToLatest();
  if (r.error !== undefined) throw r.error;
  await db.destroy();
}

function backendCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS;
}

const riskJson = (status: string, sinceMs: number, reasons: string[]) =>
  JSON.stringify({
    status,
    reasons,
    expectedEarliest: "2026-11-26",
    expectedLatest: "2026-11-27",
    sinceMs,
  });

async function pass(
  c: pg.Client,
  ids: readonly string[],
  status: string,
  sinceMs: number,
  reasons: string[],
): Promise<void> {
  const json = riskJson(status, sinceMs, reasons);
  for (let i = 0; i < ids.length; i += BATCH) {
    await c.query("begin");
    await c.query(
      `with c as (update change_counter set seq = seq + 1 where id = 1 returning seq)
       select pg_notify('promise_state', current_schema() || ':' || (select seq from c)::text)`,
    );
    await c.query(
      `insert into promise_risk (promise_id, status, risk, since_ms)
       select id, $1, $2, $3 from unnest($4::text[]) as u(id) order by id
       on conflict (promise_id) do update set status = excluded.status,
         risk = excluded.risk, since_ms = excluded.since_ms
       where promise_risk.risk <> excluded.risk`,
      [status, json, sinceMs, ids.slice(i, i + BATCH)],
    );
    await c.query("commit");
  }
}

async function main(): Promise<void> {
  const ids = Array.from({ length: promises }, (_, i) => `P${String(i).padStart(8, "0")}`);
  const clients = new Map<string, { c: pg.Client; pid: number }>();
  for (const v of variants) {
    await migrate(v);
    const c = new pg.Client({ connectionString: url, options: `-c search_path=${v.schema}` });
    await c.connect();
    await c.query(
      `insert into promise (id, idempotency_key, request_hash, status, payload, created_at_ms)
       select id, id, 'h', 'confirmed', '{}', 1000 from unnest($1::text[]) as u(id)`,
      [ids],
    );
    await c.query("vacuum analyze promise");
    const pid = (await c.query("select pg_backend_pid() as pid")).rows[0].pid as number;
    clients.set(v.name, { c, pid });
  }
  const results: Record<string, Record<string, number[]>> = {};
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? variants : [...variants].reverse();
    for (const v of order) {
      const { c, pid } = clients.get(v.name)!;
      await c.query("delete from promise_risk");
      await c.query("delete from promise_event where kind <> 'CONFIRMED'");
      await c.query("vacuum promise_risk");
      await c.query("vacuum promise_event");
      await c.query("vacuum promise_event_counter");
      const load = os.loadavg()[0]!.toFixed(1);
      const base = 1_000_000 * (round + 1);
      const figures: string[] = [];
      for (const [name, status, since, reasons] of [
        ["insert", "AT_RISK", base, ["STOCK_SHORT"]],
        ["update", "ON_TRACK", base + 1, []],
        ["same", "ON_TRACK", base + 2, []],
      ] as const) {
        const before = backendCpuMs(pid);
        const t0 = performance.now();
        await pass(c, ids, status, since, [...reasons]);
        const wall = performance.now() - t0;
        const perPromiseUs = ((backendCpuMs(pid) - before) * 1000) / promises;
        const byVariant = results[v.name] ?? {};
        results[v.name] = byVariant;
        byVariant[name] = [...(byVariant[name] ?? []), perPromiseUs];
        figures.push(`${name} ${perPromiseUs.toFixed(1)} us (${(wall / 1000).toFixed(2)} s)`);
      }
      const seq = (await c.query("select seq from promise_event_counter")).rows[0].seq;
      console.log(`round ${round + 1}, load ${load}, ${v.name}: ${figures.join(", ")}; seq ${seq}`);
    }
  }
  const median = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    const m = s.length >> 1;
    return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
  };
  for (const v of variants) {
    const r = results[v.name]!;
    console.log(
      `${v.name}: medians ${Object.entries(r)
        .map(([k, xs]) => `${k} ${median(xs).toFixed(1)} us`)
        .join(", ")}`,
    );
  }
  for (const { c } of clients.values()) await c.end();
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  for (const v of variants) await admin.query(`drop schema if exists ${v.schema} cascade`);
  await admin.end();
}

await main();
