import type { Day } from "../engine/day.js";

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
 */
export interface PromiseEventStore {
  readonly engine: "sqlite" | "postgres";
  /** The newest event's sequence number (0 when none was ever written). */
  latestSeq(): Promise<number>;
  /** The oldest sequence still kept (retention), or 0 when the outbox is empty. */
  oldestSeq(): Promise<number>;
  /** A promise's stored risk (null: not assessed yet, or no such promise). */
  riskOf(promiseId: string): Promise<StoredRisk | null>;
  /** Events after `afterSeq`, in sequence order, at most `limit`. */
  readEvents(afterSeq: number, limit: number): Promise<PromiseEvent[]>;
  /**
   * Stores new risks in one transaction; a promise whose risk status changes gets its event in
   * that transaction (AT_RISK, BACK_ON_TRACK, KEPT, BROKEN). Returns the promises updated.
   */
  applyRisks(updates: readonly RiskUpdate[]): Promise<number>;
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
