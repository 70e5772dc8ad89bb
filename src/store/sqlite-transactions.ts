import type Database from "better-sqlite3";
import { shipUnits } from "../domain/ship-units.js";
import { type Day, utcDayOf } from "../engine/day.js";
import type { ClaimPlan } from "./claim-plan.js";
import { loadRefusal, pickupRefusal, stockRefusal } from "./claim-plan.js";
import {
  type AcceptedConfirm,
  decideConfirmGroup,
  type GroupReadRequest,
  type GroupSnapshot,
  groupReadRequest,
} from "./confirm-group.js";
import type { QueuedConfirm } from "./confirm-queue.js";
import { NO_PROMISED_DAY } from "./outcome-rollup-migration.js";
import {
  type PromiseFacts,
  planShipmentEvents,
  type StoredShipmentEvent,
  shipmentKey,
} from "./plan-shipment-events.js";
import type { PromiseLeg } from "./promise-legs.js";
import { shipmentOutcomeGroupsOf } from "./shipment-outcome-rollup.js";
import type { SqliteStatements } from "./sqlite-statements.js";
import type {
  BookedLoad,
  CapacityUpdate,
  ConfirmOutcome,
  ImportedDelivery,
  PromiseStatus,
  ShipmentEventInput,
  ShipmentEventKind,
  ShipmentTerms,
  StockRecord,
  StoredPromise,
} from "./store.js";
import { promiseStatusError, toStoreError } from "./store-error.js";
import type { PreparedStockRow } from "./store-input.js";
import {
  decodeInbound,
  encodeInbound,
  type PromiseRow,
  shipmentValues,
  toCapacityDefault,
  toCapacityOverride,
  toLoadRecord,
  toPickupLoadRecord,
  toStockRecord,
  toStoredPromise,
} from "./store-rows.js";

/** Thrown inside a transaction to roll it back and report a refusal. */
export class Rejection {
  constructor(readonly outcome: ConfirmOutcome) {}
}

/** The confirms of a group written under one change number. */
export interface WrittenConfirms {
  readonly accepted: readonly AcceptedConfirm[];
  readonly seq: number;
}

/**
 * The SQLite driver's transactions: each body reads and writes through the named statements
 * only. Wrapped by better-sqlite3's `db.transaction` (BEGIN IMMEDIATE when called through
 * `.immediate`; a savepoint when nested).
 */
export function sqliteTransactions(db: Database.Database, st: SqliteStatements) {
  // A savepoint when nested in `confirmGroup`.
  const writePlan = db.transaction((plan: WritablePlan) => writeClaimPlan(st, plan));
  return {
    writePlan,
    /** A group's snapshot in one read transaction (when the group is written elsewhere). */
    snapshot: db.transaction((read: GroupReadRequest) => groupSnapshot(st, read)),
    upsertStock: db.transaction((rows: readonly PreparedStockRow[]) => upsertStockRows(st, rows)),
    confirmGroup: db.transaction((group: readonly QueuedConfirm[]) =>
      confirmGroup(st, writePlan, group),
    ),
    cancel: db.transaction((id: string, atMs: number) => cancelPromise(st, id, atMs)),
    fulfil: db.transaction((id: string, atMs: number, shippedOn: (warehouseId: string) => Day) =>
      fulfilPromise(st, id, atMs, shippedOn),
    ),
    capacity: db.transaction((warehouseId: string, update: CapacityUpdate) =>
      setCapacity(st, warehouseId, update),
    ),
    shipmentEvents: db.transaction(
      (
        events: readonly ShipmentEventInput[],
        nowMs: number,
        terms: (payload: unknown) => readonly ShipmentTerms[],
      ) => recordShipmentEvents(st, events, nowMs, terms),
    ),
    importDeliveries: db.transaction((rows: readonly ImportedDelivery[]) =>
      importDeliveries(st, rows),
    ),
    bookedLoad: db.transaction((warehouseId: string, loads: readonly BookedLoad[]) =>
      setBookedLoad(st, warehouseId, loads),
    ),
  };
}

export type SqliteTransactions = ReturnType<typeof sqliteTransactions>;

function upsertStockRows(st: SqliteStatements, rows: readonly PreparedStockRow[]) {
  const seq = st.seqGet.get()! + 1;
  let applied = 0;
  let stale = 0;
  let changed = 0;
  for (const r of rows) {
    const n = st.stockUpsert.run(
      r.sku,
      r.warehouseId,
      r.onHand,
      r.safetyStock,
      r.inbound,
      r.version,
      seq,
    ).changes;
    if (n > 0) {
      changed++;
      applied += r.weight;
    } else if (st.stockVersion.get(r.sku, r.warehouseId)! > r.version) {
      stale += r.weight;
    } else {
      applied += r.weight; // same version: idempotent re-apply, nothing to write
    }
  }
  if (changed === 0) return { applied, stale, seq: undefined };
  st.seqSet.run(seq);
  return { applied, stale, seq };
}

// One group in one BEGIN IMMEDIATE transaction: no other writer can take room meanwhile,
// so the plan's conditional writes only fail on a bug; a write that fails (for example a
// promise id used twice) rolls back to the savepoint, and the group's confirms are run again
// one by one, each on a fresh snapshot in its own savepoint.
function confirmGroup(
  st: SqliteStatements,
  writePlan: (plan: WritablePlan) => number,
  group: readonly QueuedConfirm[],
) {
  const written: WrittenConfirms[] = [];
  const decided = decideConfirmGroup(group, groupSnapshot(st, groupReadRequest(group)));
  if (decided.accepted.length === 0) return written;
  try {
    written.push({ accepted: decided.accepted, seq: writePlan(decided.plan) });
    return written;
  } catch {
    // again one by one, below
  }
  for (const { item } of decided.accepted) {
    try {
      const alone = decideConfirmGroup([item], groupSnapshot(st, groupReadRequest([item])));
      if (alone.accepted.length === 0) continue; // settled
      written.push({ accepted: alone.accepted, seq: writePlan(alone.plan) });
    } catch (err) {
      if (err instanceof Rejection) item.resolve(err.outcome);
      else item.reject(toStoreError(err));
    }
  }
  return written;
}

/**
 * What writeClaimPlan needs of a ClaimPlan (what a worker thread receives: no callbacks).
 */
export interface WritablePlan {
  readonly stock: ClaimPlan["stock"];
  readonly loads: ClaimPlan["loads"];
  readonly pickups: ClaimPlan["pickups"];
  readonly promises: readonly {
    readonly promise: Pick<
      StoredPromise,
      "id" | "idempotencyKey" | "requestHash" | "createdAtMs" | "stock" | "capacity" | "pickups"
    >;
    readonly payload: string;
    readonly legs: readonly PromiseLeg[];
  }[];
}

/**
 * Writes a group's plan under the next change number (inside a transaction; a savepoint when
 * nested in `confirmGroup`); throws Rejection when a row no longer has room. A load or pickup row
 * the plan calls missing is created first; so is one it does not, when the plan was made on
 * pending claims (`ensureRows`: a group decided while another was written).
 */
export function writeClaimPlan(st: SqliteStatements, plan: WritablePlan, ensureRows = false) {
  const seq = st.seqGet.get()! + 1;
  for (const c of plan.stock) {
    const n = st.reserveStock.run(
      c.quantity,
      seq,
      c.sku,
      c.warehouseId,
      c.allowance,
      c.quantity,
    ).changes;
    if (n !== 1) throw new Rejection(stockRefusal(c.sku, c.warehouseId));
  }
  for (const c of plan.loads) {
    if (c.missing || ensureRows) st.ensureLoad.run(c.warehouseId, c.day, seq);
    const n = st.claimLoad.run(
      c.count,
      seq,
      c.warehouseId,
      c.day,
      c.limit,
      c.count,
      c.limit,
    ).changes;
    if (n !== 1) throw new Rejection(loadRefusal(c.warehouseId, c.day));
  }
  for (const c of plan.pickups) {
    if (c.missing || ensureRows) st.ensurePickup.run(c.serviceId, c.warehouseId, c.day, seq);
    const n = st.claimPickup.run(
      c.count,
      seq,
      c.serviceId,
      c.warehouseId,
      c.day,
      c.limit,
      c.count,
      c.limit,
    ).changes;
    if (n !== 1) throw new Rejection(pickupRefusal(c.serviceId, c.warehouseId, c.day));
  }
  st.seqSet.run(seq);
  for (const { promise: p, payload, legs } of plan.promises) {
    st.insertPromise.run(p.id, p.idempotencyKey, p.requestHash, payload, p.createdAtMs);
    for (const l of legs) {
      st.insertPromiseLeg.run(
        p.id,
        l.warehouseId,
        l.serviceId,
        l.shipDay,
        l.earliestDay,
        l.latestDay,
        l.countryCode,
        l.postalCode,
        l.province,
        l.promiseEarliestDay,
        l.promiseLatestDay,
      );
    }
    for (const r of p.stock) {
      st.insertStockReservation.run(p.id, r.sku, r.warehouseId, r.quantity);
    }
    for (const r of p.capacity) {
      st.insertCapacityReservation.run(p.id, r.warehouseId, r.day, p.createdAtMs);
    }
    for (const r of p.pickups) {
      st.insertPickupReservation.run(p.id, r.serviceId, r.warehouseId, r.day);
    }
  }
  return seq;
}

function cancelPromise(st: SqliteStatements, id: string, atMs: number) {
  const row = st.promiseById.get(id);
  if (row === undefined) return undefined;
  if (row.status === "fulfilled" || row.status === "delivered") {
    throw promiseStatusError("cancel");
  }
  if (row.status !== "confirmed") return { promise: readPromise(st, row), seq: undefined };
  const seq = st.seqGet.get()! + 1;
  st.markCancelled.run(atMs, id);
  st.releaseStock.run(seq, id);
  st.releaseLoad.run(seq, id);
  st.releasePickups.run(seq, id);
  st.seqSet.run(seq);
  return {
    promise: readPromise(st, { ...row, status: "cancelled", cancelled_at_ms: atMs }),
    seq,
  };
}

function fulfilPromise(
  st: SqliteStatements,
  id: string,
  atMs: number,
  shippedOn: (warehouseId: string) => Day,
) {
  const row = st.promiseById.get(id);
  if (row === undefined) return undefined;
  if (row.status === "cancelled") throw promiseStatusError("fulfil");
  if (row.status !== "confirmed") return { promise: readPromise(st, row), seq: undefined };
  const seq = st.seqGet.get()! + 1;
  shipPromise(st, id, atMs, seq, shippedOn);
  st.seqSet.run(seq);
  return {
    promise: readPromise(st, { ...row, status: "fulfilled", fulfilled_at_ms: atMs }),
    seq,
  };
}

function setCapacity(st: SqliteStatements, warehouseId: string, update: CapacityUpdate) {
  const overrides = update.overrides ?? [];
  if (update.daily === undefined && overrides.length === 0) return undefined;
  const seq = st.seqGet.get()! + 1;
  if (update.daily !== undefined) st.upsertDaily.run(warehouseId, update.daily, seq);
  for (const o of overrides) st.upsertOverride.run(warehouseId, o.day, o.value, seq);
  st.seqSet.run(seq);
  return seq;
}

function recordShipmentEvents(
  st: SqliteStatements,
  events: readonly ShipmentEventInput[],
  nowMs: number,
  terms: (payload: unknown) => readonly ShipmentTerms[],
) {
  // Three reads for the whole batch: the event ids stored already, the promises it names, and
  // their stored events.
  const eventIds: string[] = [];
  const promiseIds = new Set<string>();
  for (const e of events) {
    if (typeof e.eventId === "string") eventIds.push(e.eventId);
    if (typeof e.promiseId === "string") promiseIds.add(e.promiseId);
  }
  const storedEventIds = new Set<string>(st.knownEvents.all(JSON.stringify(eventIds)));
  const ids = JSON.stringify([...promiseIds]);
  const promises = new Map<string, PromiseFacts>();
  for (const r of st.promiseFactsOf.all(ids)) {
    promises.set(r[0] as string, {
      status: r[1] as PromiseStatus,
      createdAtMs: Number(r[2]),
      payload: JSON.parse(r[3] as string) as unknown,
    });
  }
  const storedEvents = new Map<string, StoredShipmentEvent[]>();
  for (const r of st.eventsOfPromises.all(ids)) {
    const key = shipmentKey(r[1] as string, r[2] as string);
    let list = storedEvents.get(key);
    if (list === undefined) {
      list = [];
      storedEvents.set(key, list);
    }
    list.push(storedShipmentEventOf(r));
  }
  const plan = planShipmentEvents(events, nowMs, { promises, storedEventIds, storedEvents }, terms);
  if (plan.applied === 0) return { plan, seq: undefined };
  const seq = st.seqGet.get()! + 1;
  // One prepared statement run per row: a json_each insert was slower here (each `value ->> i`
  // reads the row's JSON again).
  for (const e of plan.insertEvents) {
    st.insertEvent.run(
      e.eventId,
      e.promiseId,
      e.warehouseId,
      e.kind,
      e.occurredAtMs,
      e.day,
      e.serviceId,
      e.trackingNumber,
    );
  }
  // The shipments' groups in shipment_outcome move from their stored rows to the new ones (read
  // before the rows are written), in one statement for the batch.
  if (plan.shipments.length > 0) {
    const promises = new Set<string>();
    const split: [string, string][] = [];
    for (const r of plan.shipments) {
      promises.add(r.promiseId);
      if (r.promiseShipments !== 1) split.push([r.promiseId, r.warehouseId]);
    }
    const counted = st.countShipmentOutcomes.all({
      promises: JSON.stringify([...promises]),
      split: JSON.stringify(split),
      groups: JSON.stringify(shipmentOutcomeGroupsOf(plan.shipments)),
    });
    const emptied = counted.filter((g) => Number(g[10]) === 0).map((g) => g.slice(0, 10));
    if (emptied.length > 0) st.deleteEmptiedOutcomes.run(JSON.stringify(emptied));
  }
  for (const r of plan.shipments) st.upsertShipment.run(...shipmentValues(r));
  for (const f of plan.fulfil) {
    shipPromise(st, f.id, f.atMs, seq, (w) => f.shipDays.get(w) ?? utcDayOf(f.atMs));
  }
  for (const d of plan.deliver) st.markDelivered.run(d.atMs, d.id);
  for (const id of plan.undeliver) st.markUndelivered.run(id);
  st.seqSet.run(seq);
  return { plan, seq };
}

/** A stored event from a raw row of `eventsOfPromises`. */
function storedShipmentEventOf(r: readonly unknown[]): StoredShipmentEvent {
  return {
    eventId: r[0] as string,
    promiseId: r[1] as string,
    warehouseId: r[2] as string,
    kind: r[3] as ShipmentEventKind,
    occurredAtMs: Number(r[4]),
    day: r[5] as Day,
    serviceId: r[6] as string | null,
    trackingNumber: r[7] as string | null,
  };
}

/** The rows counted per group of identical outcomes, as imported_outcome keys them. */
function importedCounts(rows: readonly ImportedDelivery[]): unknown[][] {
  const groups = new Map<string, unknown[]>();
  for (const r of rows) {
    const latest = r.promisedLatestDay ?? NO_PROMISED_DAY;
    const key = `${r.shipDay}\u0000${r.warehouseId}\u0000${r.serviceId}\u0000${r.countryCode}\u0000${r.postalCode}\u0000${r.deliveredDay}\u0000${latest}`;
    const group = groups.get(key);
    if (group === undefined) {
      groups.set(key, [
        r.shipDay,
        r.warehouseId,
        r.serviceId,
        r.countryCode,
        r.postalCode,
        r.deliveredDay,
        latest,
        1,
      ]);
    } else (group[7] as number)++;
  }
  return [...groups.values()];
}

/** Stores the rows whose import key is new (see ImportKeys); answers how many. */
function importDeliveries(st: SqliteStatements, rows: readonly ImportedDelivery[]) {
  // One statement for the batch, its rows inserted in key order (SQLite sorts them): the unique
  // key index is then written page after page, not at random (1,000,000 rows in batches of
  // 100,000: 12 s of CPU instead of 19 s).
  const before = st.lastImportedId.get()!;
  const stored = st.insertImported.run(
    JSON.stringify(
      rows.map((r) => [
        r.warehouseId,
        r.serviceId,
        r.countryCode,
        r.postalCode,
        r.shipDay,
        r.deliveredDay,
        r.promisedLatestDay,
        r.importKey ?? null,
      ]),
    ),
  ).changes;
  // Accuracy's counts, of the rows stored now (not the duplicates skipped): counted here when
  // every row was stored (a first import), else by SQLite from the rows it stored (grouping
  // there sorts the batch's rows).
  if (stored === rows.length) st.addImportedCounts.run(JSON.stringify(importedCounts(rows)));
  else if (stored > 0) st.rollUpImported.run(before);
  return stored;
}

function setBookedLoad(st: SqliteStatements, warehouseId: string, loads: readonly BookedLoad[]) {
  if (loads.length === 0) return undefined;
  const seq = st.seqGet.get()! + 1;
  for (const l of loads) st.upsertExternal.run(warehouseId, l.day, l.orders, seq);
  st.seqSet.run(seq);
  return seq;
}

/**
 * FulfilPromise's work (shared with shipped events), inside a write transaction: only the one
 * that flips the status ships. The units leave the reservation and on hand alike (see
 * shipUnits); capacity and pickup reservations stay (the day's work was done). For the backlog
 * and the real throughput: `shipped` on each due day's load row, `shipped_on` on the row of
 * `shippedOn(warehouse)`, the warehouse-local day it shipped.
 */
function shipPromise(
  st: SqliteStatements,
  id: string,
  atMs: number,
  seq: number,
  shippedOn: (warehouseId: string) => Day,
): void {
  if (st.markFulfilled.run(atMs, id).changes !== 1) return;
  for (const r of st.shippedRows.all(id)) {
    const shipped = shipUnits({ onHand: r.on_hand, inbound: decodeInbound(r.inbound) }, r.quantity);
    st.shipStock.run(
      r.quantity,
      shipped.onHand,
      encodeInbound(shipped.inbound),
      seq,
      r.sku,
      r.warehouse_id,
    );
  }
  st.shipDue.run(seq, id);
  for (const r of st.capacityReservationsOf.all(id)) {
    st.shipOn.run(r.warehouse_id, shippedOn(r.warehouse_id), seq);
  }
}

/** The snapshot of a group (see GroupReadRequest), read inside its transaction. */
export function groupSnapshot(st: SqliteStatements, read: GroupReadRequest): GroupSnapshot {
  const existing: StoredPromise[] = [];
  for (const key of read.keys) {
    const row = st.promiseByKey.get(key);
    if (row !== undefined) existing.push(readPromise(st, row));
  }
  const stock: StockRecord[] = [];
  const warehouses = new Set<string>();
  for (const sku of read.skus) {
    for (const row of st.stockOfSku.all(sku)) {
      stock.push(toStockRecord(row));
      warehouses.add(row.warehouse_id);
    }
  }
  for (const location of read.locations) warehouses.add(location);
  const capacity = [];
  const overrides = [];
  const loads = [];
  const pickups = [];
  for (const wh of [...warehouses].sort()) {
    const c = st.capacityOf.get(wh);
    if (c !== undefined) capacity.push(toCapacityDefault(c));
    for (const o of st.overridesOf.all(wh, read.fromDay, read.toDay)) {
      overrides.push(toCapacityOverride(o));
    }
    for (const l of st.loadsOf.all(wh, read.fromDay, read.toDay)) {
      loads.push(toLoadRecord(l));
    }
    for (const p of st.pickupsOf.all(wh, read.fromDay, read.toDay)) {
      pickups.push(toPickupLoadRecord(p));
    }
  }
  return { existing, stock, capacity, overrides, loads, pickups };
}

/** A promise row with its reservations. */
export function readPromise(st: SqliteStatements, row: PromiseRow): StoredPromise {
  return toStoredPromise(
    row,
    st.stockReservationsOf.all(row.id),
    st.capacityReservationsOf.all(row.id),
    st.pickupReservationsOf.all(row.id),
  );
}
