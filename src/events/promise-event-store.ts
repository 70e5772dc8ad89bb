import { type Day, dayNumber, formatIsoDay } from "../engine/day.js";
import { PICKUP_SERVICE } from "../engine/pickup-options.js";

/** The kinds of promise events, in the order a promise usually meets them. */
export const PROMISE_EVENT_KINDS = [
  "CONFIRMED",
  "AT_RISK",
  "BACK_ON_TRACK",
  "SHIPPED",
  "DELIVERED",
  "KEPT",
  "BROKEN",
  "CANCELLED",
] as const;
export type PromiseEventKind = (typeof PROMISE_EVENT_KINDS)[number];

/** A promise's risk as stored (JSON in `promise.risk`) and sent with its events. */
export interface StoredRisk {
  readonly status: string;
  readonly reasons: readonly string[];
  /** ISO dates; empty when no date can be given. */
  readonly expectedEarliest: string;
  readonly expectedLatest: string;
  readonly sinceMs: number;
}

/** One row of the outbox. */
export interface PromiseEvent {
  /** Commit order, from 1; never reused. */
  readonly seq: number;
  readonly promiseId: string;
  readonly kind: PromiseEventKind;
  /** The promise's status after the change (confirmed, cancelled, fulfilled, delivered). */
  readonly status: string;
  readonly risk: StoredRisk | null;
  /** When the change happened (UTC ms). */
  readonly atMs: number;
}

/** A promise still open (confirmed or shipped, not delivered), for the risk sweep. */
export interface OpenPromise {
  readonly id: string;
  readonly status: string;
  readonly payload: unknown;
  readonly createdAtMs: number;
  readonly risk: StoredRisk | null;
  readonly shipments: readonly OpenShipment[];
}

export interface OpenShipment {
  readonly warehouseId: string;
  /** The kind of the shipment's latest tracking event. */
  readonly state: string;
  readonly stateAtMs: number;
  readonly shipDay: Day | null;
  readonly deliveredDay: Day | null;
}

export interface RiskUpdate {
  readonly promiseId: string;
  readonly risk: StoredRisk;
  /** `JSON.stringify(risk)`, when the caller has it already (a bulk pass shares one per outcome). */
  readonly json?: string | undefined;
}

/** Risk updates grouped by outcome: one set-based write each. */
export interface RiskWriteGroup {
  readonly status: string;
  readonly json: string;
  readonly sinceMs: number;
  readonly ids: string[];
}

/**
 * Groups updates by their risk (a bulk pass has a few outcomes for many promises). A promise
 * named twice keeps its last update (one write and at most one event per promise and batch).
 */
export function groupRiskUpdates(updates: readonly RiskUpdate[]): RiskWriteGroup[] {
  const last = new Map<string, RiskUpdate>();
  for (const u of updates) {
    last.delete(u.promiseId);
    last.set(u.promiseId, u);
  }
  const groups = new Map<string, RiskWriteGroup>();
  for (const u of last.size === updates.length ? updates : last.values()) {
    const json = u.json ?? JSON.stringify(u.risk);
    let g = groups.get(json);
    if (g === undefined) {
      g = { status: u.risk.status, json, sinceMs: u.risk.sinceMs, ids: [] };
      groups.set(json, g);
    }
    g.ids.push(u.promiseId);
  }
  return [...groups.values()];
}

/**
 * SQLite: stores one outcome for the promises of a JSON array of ids (the one parameter after
 * status, risk and since): a new row, or the row changed when its risk differs. Run after
 * SQLITE_RISK_EVENTS with the same row, in the same transaction (see sqliteRiskWrite).
 */
export const SQLITE_UPSERT_RISKS = `insert into promise_risk (promise_id, status, risk, since_ms)
  select value, ?, ?, ? from json_each(?) where true
  on conflict (promise_id) do update set status = excluded.status, risk = excluded.risk,
    since_ms = excluded.since_ms
  where promise_risk.risk <> excluded.risk`;

/**
 * SQLite (migration 0021): one outcome's risk JSON, stored once for all its events (they
 * reference the row by its id, `risk_id`). Written just before SQLITE_RISK_EVENTS, in the same
 * transaction; deleted again when the outcome wrote no event (SQLITE_DROP_RISK_TEXT).
 */
export const SQLITE_RISK_TEXT = "insert into promise_event_risk (risk) values (?)";

/** SQLite: an outcome's risk row that no event references (its outcome changed no status). */
export const SQLITE_DROP_RISK_TEXT = "delete from promise_event_risk where id = ?";

/**
 * SQLite (migrations 0018, 0021): the outbox events of one outcome's upsert, set-based, written
 * just before it (status, risk, since, ids as SQLITE_UPSERT_RISKS): for each promise of the
 * array, in its order, an event when the upsert changes its risk status, as the row triggers of
 * 0012 and 0017 wrote them: a new row that is not ON_TRACK, or a stored row of another status
 * (and another risk: the upsert leaves an equal risk alone). Kind AT_RISK, BACK_ON_TRACK, KEPT or
 * BROKEN; the promise's status read from migration 0017's covering index ('' when there is no
 * such promise); at the risk's since. The risk itself is the outcome's row of
 * `promise_event_risk` (`@riskId`, SQLITE_RISK_TEXT): `risk` stays null and the readers take the
 * referenced text (SQLITE_EVENT_COLUMNS). Named parameters (sqliteRiskParams). A batch names
 * each promise at most once (riskWriteRows).
 */
export const SQLITE_RISK_EVENTS = `insert into promise_event (promise_id, kind, status, risk, at_ms, risk_id)
  select j.value,
    case @status when 'KEPT' then 'KEPT' when 'BROKEN' then 'BROKEN'
      when 'ON_TRACK' then 'BACK_ON_TRACK' else 'AT_RISK' end,
    coalesce((select p.status from promise p indexed by promise_risk_read
      where p.id = j.value), ''),
    null, @since, @riskId
  from json_each(@ids) j left join promise_risk r on r.promise_id = j.value
  where case when r.promise_id is null then @status <> 'ON_TRACK'
    else r.status <> @status and r.risk <> @risk end`;

/**
 * SQLite: an outbox row's columns as published (`promise_event e`): the risk is the row's own
 * JSON, or the one its outcome stored once (migration 0021); the same text either way.
 */
export const SQLITE_EVENT_COLUMNS = `e.seq, e.promise_id, e.kind, e.status,
  coalesce(e.risk, (select t.risk from promise_event_risk t where t.id = e.risk_id)) as risk,
  e.at_ms`;

/** One shipment of an open promise as the risk monitor reads it (promise_leg, shipment). */
export interface RiskLeg {
  readonly warehouseId: string;
  readonly serviceId: string;
  /** The promised ship day and window (day numbers). */
  readonly shipDay: Day;
  readonly earliestDay: Day;
  readonly latestDay: Day;
  /** The kind of its latest tracking event (null: none yet). */
  readonly state: string | null;
  readonly stateAtMs: number;
  readonly shippedDay: Day | null;
  readonly deliveredDay: Day | null;
}

/**
 * An open promise (confirmed or shipped, or delivered with no final risk) in the compact form the
 * risk monitor assesses: no payload, its stored risk as text (compared, never parsed).
 */
export interface RiskCandidate {
  readonly id: string;
  readonly status: string;
  readonly createdAtMs: number;
  readonly riskStatus: string | null;
  readonly riskSinceMs: number | null;
  readonly riskJson: string | null;
  readonly countryCode: string;
  readonly postalCode: string;
  readonly province: string;
  readonly promisedEarliestDay: Day;
  readonly promisedLatestDay: Day;
  readonly legs: readonly RiskLeg[];
  /** A pick-up promise's store (its payload's `pickup.storeId`, see pickupCandidateIds). */
  readonly pickupStoreId?: string | undefined;
}

/**
 * Open promises with the same inputs, read as one (SQLite, see riskPages): one shipment each, no
 * tracking yet, not named in `exclude`, and the same leg, destination, window, status, confirm
 * minute and stored risk. Each distinct group is assessed once and written set-based.
 */
export interface RiskGroup {
  /** Stands for every member: id '', the group's earliest confirm, its one leg. */
  readonly candidate: RiskCandidate;
  /** The latest confirm among the members (the earliest is the candidate's). */
  readonly lastCreatedAtMs: number;
  readonly count: number;
  /** The members' ids, a JSON array (handed to the write as it is). */
  readonly idsJson: string;
}

/** One page of a grouped read: the groups, and the promises to read one by one (their ids). */
export interface RiskPage {
  readonly groups: readonly RiskGroup[];
  /** More than one shipment, tracking, or named in `exclude`: riskCandidates reads them. */
  readonly single: readonly string[];
}

/** One set-based risk write: status, risk JSON, since, the promises' ids as a JSON array. */
export type RiskWriteRow = readonly [status: string, json: string, sinceMs: number, ids: string];

/** SQLITE_RISK_EVENTS's parameters for one write row, its risk stored as row `riskId`. */
export function sqliteRiskParams(
  row: RiskWriteRow,
  riskId: number | bigint,
): {
  status: string;
  risk: string;
  since: number;
  ids: string;
  riskId: number | bigint;
} {
  return { status: row[0], risk: row[1], since: row[2], ids: row[3], riskId };
}

/** The rows of `updates`, one per outcome. */
export function riskWriteRows(updates: readonly RiskUpdate[]): RiskWriteRow[] {
  return groupRiskUpdates(updates).map((g) => [g.status, g.json, g.sinceMs, JSON.stringify(g.ids)]);
}

/** A confirmed (not yet shipped) promise's claim on a cut resource, for ranking who loses. */
export interface CellHolder {
  /** `promiseId|warehouseId`. */
  readonly promiseId: string;
  readonly createdAtMs: number;
  readonly quantity: number;
}

export interface PromiseFilter {
  /** Promise statuses (confirmed, cancelled, fulfilled, delivered); empty: any. */
  readonly statuses?: readonly string[];
  /** Risk statuses; empty: any. ON_TRACK also matches promises never assessed. */
  readonly riskStatuses?: readonly string[];
  readonly warehouseId?: string | undefined;
  readonly serviceId?: string | undefined;
  /** Ship dates (ISO, inclusive) of any shipment. */
  readonly shipFrom?: string | undefined;
  readonly shipTo?: string | undefined;
}

export interface PromiseListItem {
  readonly id: string;
  readonly idempotencyKey: string;
  readonly status: string;
  readonly cancelledAtMs: number | null;
  readonly fulfilledAtMs: number | null;
  readonly payload: unknown;
  readonly createdAtMs: number;
  readonly risk: StoredRisk | null;
}

/** Where a page ends: the next page starts after this (created_at_ms, id). */
export interface ListCursor {
  readonly createdAtMs: number;
  readonly id: string;
}

/**
 * The promise events outbox and the promises' risk, over the store's database (its own
 * connection: the store's tables, triggers and migrations; see promise-risk-outbox-migration).
 * The reads callers wait on (latestSeq, oldestSeq, riskOf, readEvents, listPromises) throw
 * `DomainError('UNAVAILABLE')` when the database cannot be reached, as the Store does; the
 * background work (passes, publishing) gets the driver's errors and retries.
 */
export interface PromiseEventStore {
  readonly engine: "sqlite" | "postgres";
  /** The newest event's sequence number (0 when none was ever written). */
  latestSeq(): Promise<number>;
  /** The oldest sequence still kept (retention), or 0 when the outbox is empty. */
  oldestSeq(): Promise<number>;
  /**
   * A promise's risk: as stored; for a confirmed promise never assessed (nothing touched it),
   * ON_TRACK with its own window since its confirm; null when there is no such promise or it has
   * none (cancelled before any assessment).
   */
  riskOf(promiseId: string): Promise<StoredRisk | null>;
  /** Events after `afterSeq`, in sequence order, at most `limit`. */
  readEvents(afterSeq: number, limit: number): Promise<PromiseEvent[]>;
  /**
   * Stores new risks in one transaction; a promise whose risk status changes gets its event in
   * that transaction (AT_RISK, BACK_ON_TRACK, KEPT, BROKEN). Returns the promises updated.
   */
  applyRisks(updates: readonly RiskUpdate[]): Promise<number>;
  /**
   * Risk writes already grouped by outcome (riskWriteRows, or a RiskGroup's ids), in one
   * transaction as applyRisks. Only the engines that have riskPages.
   */
  applyRiskRows?(rows: readonly RiskWriteRow[]): Promise<number>;
  /**
   * Every open promise, page by page in id order (`pageSize` shipments a page), promises with
   * the same inputs as one RiskGroup; those in `exclude` (and those with tracking or more than
   * one shipment) by id, to be read with riskCandidates. Absent: allRiskCandidates.
   */
  riskPages?(pageSize: number, exclude: readonly string[]): AsyncIterable<RiskPage>;
  /** Open promises (see RiskCandidate) among `ids`, compact. */
  riskCandidates(ids: readonly string[]): Promise<RiskCandidate[]>;
  /** Every open promise, compact, page by page in id order. */
  allRiskCandidates(pageSize: number): AsyncIterable<readonly RiskCandidate[]>;
  /** How many promise shipments are stored (promise_leg; at least the open promises). */
  countLegs(): Promise<number>;
  /** Confirmed promises holding units of `sku` at the warehouse. */
  stockHolders(sku: string, warehouseId: string): Promise<CellHolder[]>;
  /** Confirmed promises with a shipment due to ship from the warehouse on `day` (quantity 1). */
  shipDayHolders(warehouseId: string, day: Day): Promise<CellHolder[]>;
  /**
   * Open promises shipping with the service from the warehouse on `day`: how many (confirmed and
   * shipped: the pickups taken), and the confirmed ones a `limit` below that can move, without
   * reading the others: none when `taken <= limit`, else the newest `taken - limit` confirmed
   * ones (all of them when there are fewer) together with every other one confirmed at the same
   * instant as the oldest of those (so ties are ranked by id as `newestBeyond` does).
   * `transferStores`: the pick-up stores whose transfer lane from the warehouse the service
   * collects; a pick-up at one of them whose transfer leaves the warehouse on `day` (its leg
   * there, service `pickup`) took one of those pickups too, and is counted and ranked with them.
   */
  pickupHolders(
    warehouseId: string,
    serviceId: string,
    day: Day,
    limit: number,
    transferStores?: readonly string[],
  ): Promise<{ taken: number; holders: CellHolder[] }>;
  /** Promises whose tracking or status changed since their last re-check (at most `limit`). */
  pendingRechecks(limit: number): Promise<string[]>;
  /** Removes re-checked promises from the queue. */
  clearRechecks(ids: readonly string[]): Promise<void>;
  /** Confirmed and shipped (not delivered) promises, plus delivered ones with no final risk, page by page. */
  openPromises(pageSize: number): AsyncIterable<readonly OpenPromise[]>;
  /** Promises matching the filter, newest first, after the cursor. */
  listPromises(
    filter: PromiseFilter,
    after: ListCursor | undefined,
    limit: number,
  ): Promise<PromiseListItem[]>;
  /**
   * Claims up to `limit` unpublished events of one lane (in order), calls `publish` with them and
   * marks them published once it resolves; rows stay locked meanwhile (PostgreSQL: FOR UPDATE SKIP
   * LOCKED on the lane, so each lane has one publisher at a time and stays in order). Returns
   * how many were published (0: nothing to do, or the lane is busy elsewhere).
   */
  publishLane(
    lane: number,
    limit: number,
    publish: (events: readonly PromiseEvent[]) => Promise<void>,
    nowMs: number,
  ): Promise<number>;
  /** The number of lanes (PostgreSQL 16, SQLite 1). */
  readonly lanes: number;
  /**
   * Deletes events older than `beforeMs`; with `publishedOnly`, only those the broker has
   * acknowledged. Returns how many.
   */
  prune(beforeMs: number, publishedOnly: boolean): Promise<number>;
  close(): Promise<void>;
}

export interface EventRow {
  seq: number | string;
  promise_id: string;
  kind: string;
  status: string;
  risk: string | null;
  at_ms: number | string;
}

/** An outbox row read as an array (seq, promise_id, kind, status, risk, at_ms). */
export function fromEventArray(
  r: readonly [number | string, string, string, string, string | null, number | string],
): PromiseEvent {
  return {
    seq: Number(r[0]),
    promiseId: r[1],
    kind: r[2] as PromiseEventKind,
    status: r[3],
    risk: r[4] === null ? null : (JSON.parse(r[4]) as StoredRisk),
    atMs: Number(r[5]),
  };
}

export function toPromiseEvent(row: EventRow): PromiseEvent {
  return {
    seq: Number(row.seq),
    promiseId: row.promise_id,
    kind: row.kind as PromiseEventKind,
    status: row.status,
    risk: row.risk === null ? null : (JSON.parse(row.risk) as StoredRisk),
    atMs: Number(row.at_ms),
  };
}

/** The risk read by riskOf: `risk`, `status`, `created_at_ms` and the promise's window (days). */
export const RISK_OF_SQL = `select (select r.risk from promise_risk r where r.promise_id = p.id),
  p.status, p.created_at_ms, min(l.promise_earliest_day), min(l.promise_latest_day)
  from promise p left join promise_leg l on l.promise_id = p.id where p.id = ? group by p.id`;

export function riskOfRow(row: readonly unknown[] | undefined): StoredRisk | null {
  if (row === undefined) return null;
  const [risk, status, createdAtMs, earliest, latest] = row;
  if (risk !== null && risk !== undefined) return JSON.parse(risk as string) as StoredRisk;
  if (status !== "confirmed" || earliest === null || latest === null) return null;
  // Never assessed: ON_TRACK by construction (no change has touched it since its confirm).
  return {
    status: "ON_TRACK",
    reasons: [],
    expectedEarliest: formatIsoDay(dayNumber(Number(earliest))),
    expectedLatest: formatIsoDay(dayNumber(Number(latest))),
    sinceMs: Number(createdAtMs),
  };
}

/** The SQL condition of an open promise (promise `p`, its promise_risk row `r`). */
export const OPEN_PROMISE = `(p.status in ('confirmed', 'fulfilled')
  or (p.status = 'delivered' and coalesce(r.status, '') not in ('KEPT', 'BROKEN')))`;

/**
 * The columns `toRiskCandidates` reads, in order (promise p, promise_leg l, promise_risk r,
 * shipment s).
 */
export const CANDIDATE_COLUMNS = `p.id, p.status, p.created_at_ms, r.status, r.since_ms,
  r.risk, l.country_code, l.postal_code, l.province, l.promise_earliest_day,
  l.promise_latest_day, l.warehouse_id, l.service_id, l.ship_day, l.earliest_day, l.latest_day,
  s.state, s.state_at_ms, s.ship_day, s.delivered_day`;

/**
 * The ids of the candidates with a pick-up shipment: their store (the payload's
 * `pickup.storeId`; promise_leg has no column for it) is read for them alone, by a second query
 * (PICKUP_STORES_SQLITE, PICKUP_STORES_POSTGRES), so a pass over shipping promises reads no
 * payload.
 */
export function pickupCandidateIds(candidates: readonly RiskCandidate[]): string[] {
  const ids: string[] = [];
  for (const c of candidates)
    if (c.legs.some((l) => l.serviceId === PICKUP_SERVICE)) ids.push(c.id);
  return ids;
}

/** The candidates with their pick-up store from `rows` ([promise id, store id]). */
export function withPickupStores(
  candidates: RiskCandidate[],
  rows: readonly unknown[][],
): RiskCandidate[] {
  if (rows.length === 0) return candidates;
  const stores = new Map<string, string>();
  for (const [id, store] of rows) {
    if (typeof id === "string" && typeof store === "string") stores.set(id, store);
  }
  return candidates.map((c) => {
    const store = stores.get(c.id);
    return store === undefined ? c : { ...c, pickupStoreId: store };
  });
}

/** [id, pickup.storeId] of the promises of a JSON array of ids. */
export const PICKUP_STORES_SQLITE = `select id, json_extract(payload, '$.pickup.storeId')
  from promise where id in (select value from json_each(?)) and json_valid(payload)`;
/** [id, pickup.storeId] of the promises of an array of ids ($1). */
export const PICKUP_STORES_POSTGRES = `select id, (payload::jsonb)->'pickup'->>'storeId'
  from promise where id = any($1) and payload ~ '^\\s*\\{'`;

type CandidateRow = readonly unknown[];

/** Groups rows of CANDIDATE_COLUMNS (raw arrays, ordered by promise id) into candidates. */
export function toRiskCandidates(rows: readonly CandidateRow[]): RiskCandidate[] {
  const out: RiskCandidate[] = [];
  let current: { c: RiskCandidate; legs: RiskLeg[] } | undefined;
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  const day = (v: unknown) => (v === null || v === undefined ? null : dayNumber(Number(v)));
  for (const r of rows) {
    const id = r[0] as string;
    if (current === undefined || current.c.id !== id) {
      const legs: RiskLeg[] = [];
      current = {
        legs,
        c: {
          id,
          status: r[1] as string,
          createdAtMs: Number(r[2]),
          riskStatus: (r[3] as string | null) ?? null,
          riskSinceMs: num(r[4]),
          riskJson: (r[5] as string | null) ?? null,
          countryCode: r[6] as string,
          postalCode: r[7] as string,
          province: r[8] as string,
          promisedEarliestDay: dayNumber(Number(r[9])),
          promisedLatestDay: dayNumber(Number(r[10])),
          legs,
        },
      };
      out.push(current.c);
    }
    current.legs.push({
      warehouseId: r[11] as string,
      serviceId: r[12] as string,
      shipDay: dayNumber(Number(r[13])),
      earliestDay: dayNumber(Number(r[14])),
      latestDay: dayNumber(Number(r[15])),
      state: (r[16] as string | null) ?? null,
      stateAtMs: Number(r[17] ?? 0),
      shippedDay: day(r[18]),
      deliveredDay: day(r[19]),
    });
  }
  return out;
}
