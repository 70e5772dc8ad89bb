import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DomainError } from "../../src/domain/domain-error.js";
import { hashRequest } from "../../src/domain/request-hash.js";
import { addDays, type Day, isoDay } from "../../src/engine/day.js";
import { shipmentTerms } from "../../src/outcomes/shipment-terms.js";
import type {
  CapacityClaim,
  ConfirmDecision,
  ConfirmOutcome,
  ConfirmRequest,
  ConfirmSnapshot,
  PickupClaim,
  ShipmentEventInput,
  ShipmentOutcomeGroup,
  StockClaim,
  StockRecord,
  StockUpsert,
  Store,
  StoredPromise,
  StoreEngine,
} from "../../src/store/store.js";

/** A database the contract runs on; every `open` is a separate Store instance (own connections). */
export interface StoreTestDatabase {
  open(options?: { pollIntervalMs?: number }): Promise<Store>;
  drop(): Promise<void>;
}

export interface StoreContractHarness {
  readonly engine: StoreEngine;
  /** A new, empty database (a temp file, a fresh schema). */
  createDatabase(): Promise<StoreTestDatabase>;
}

const MON = isoDay("2025-11-24");
const TUE = isoDay("2025-11-25");
const WED = isoDay("2025-11-26");
const T0 = Date.UTC(2025, 10, 24, 3, 0, 0);

function stock(
  sku: string,
  warehouseId: string,
  onHand: number,
  version: number,
  more: Partial<StockUpsert> = {},
): StockUpsert {
  return { sku, warehouseId, onHand, safetyStock: 0, inbound: [], version, ...more };
}

function request(key: string, skus: string[], what: unknown = skus): ConfirmRequest {
  return {
    idempotencyKey: key,
    requestHash: hashRequest({ skus, what }),
    skus,
    fromDay: MON,
    toDay: WED,
  };
}

/** The day's capacity as the snapshot says: override, else default, else none (-1). */
function limitOf(snapshot: ConfirmSnapshot, warehouseId: string, day: number): number {
  const override = snapshot.overrides.find((o) => o.warehouseId === warehouseId && o.day === day);
  if (override !== undefined && override.value !== null) return override.value;
  return snapshot.capacity.find((c) => c.warehouseId === warehouseId)?.daily ?? -1;
}

let ids = 0;
/** A decide that claims the given lines without looking at stock levels (the store must guard). */
function claim(
  lines: StockClaim[],
  shipDays: { warehouseId: string; day: Day }[] = [],
  payload: unknown = { lines },
): (snapshot: ConfirmSnapshot) => ConfirmDecision {
  return (snapshot) => {
    const capacity: CapacityClaim[] = shipDays.map((d) => ({
      ...d,
      limit: limitOf(snapshot, d.warehouseId, d.day),
    }));
    ids++;
    return {
      ok: true,
      promise: {
        id: `p-${process.pid}-${ids}-${Math.random().toString(36).slice(2)}`,
        payload,
        createdAtMs: T0,
      },
      stock: lines,
      capacity,
    };
  };
}

/** `claim`, for a promise confirmed at `atMs`. */
function claimAt(
  atMs: number,
  lines: StockClaim[],
  shipDays: { warehouseId: string; day: Day }[],
): (snapshot: ConfirmSnapshot) => ConfirmDecision {
  return (snapshot) => {
    const decision = claim(lines, shipDays)(snapshot);
    return decision.ok
      ? { ...decision, promise: { ...decision.promise, createdAtMs: atMs } }
      : decision;
  };
}

/** A decide that claims the lines and the given pickups (service, warehouse, day, limit). */
function claimPickups(
  lines: StockClaim[],
  pickups: PickupClaim[],
): (snapshot: ConfirmSnapshot) => ConfirmDecision {
  return (snapshot) => {
    const decision = claim(lines)(snapshot);
    return decision.ok ? { ...decision, pickups } : decision;
  };
}

async function allStock(store: Store, afterSeq?: number): Promise<StockRecord[]> {
  const { batches } = await store.loadStock(afterSeq);
  const rows: StockRecord[] = [];
  for await (const batch of batches) rows.push(...batch);
  return rows;
}

async function stockOf(store: Store, sku: string, warehouseId: string): Promise<StockRecord> {
  const row = (await allStock(store)).find((r) => r.sku === sku && r.warehouseId === warehouseId);
  if (row === undefined) throw new Error(`no stock row ${sku}@${warehouseId}`);
  return row;
}

function confirmed(outcome: ConfirmOutcome): StoredPromise {
  if (outcome.kind !== "confirmed")
    throw new Error(`expected confirmed, got ${JSON.stringify(outcome)}`);
  return outcome.promise;
}

async function expectDomainError(promise: Promise<unknown>, kind: string, field?: string) {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DomainError);
  expect((err as DomainError).kind).toBe(kind);
  if (field !== undefined) expect((err as DomainError).field).toBe(field);
}

/** Resolves with the first reported seq >= `atLeast` (10 s bound so a broken feed fails, not hangs). */
function nextChange(
  store: Store,
  atLeast: () => number,
): { seen: Promise<number>; stop: () => void } {
  let stop = () => {};
  const seen = new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error("no change reported within 10 s"));
    }, 10_000);
    const remove = store.onChange((seq) => {
      if (seq >= atLeast()) {
        stop();
        resolve(seq);
      }
    });
    stop = () => {
      clearTimeout(timer);
      remove();
    };
  });
  return { seen, stop };
}

export function describeStoreContract(harness: StoreContractHarness): void {
  describe(`the ${harness.engine} store`, () => {
    let database: StoreTestDatabase;
    let opened: Store[] = [];
    let store: Store;

    async function open(options?: { pollIntervalMs?: number }): Promise<Store> {
      const s = await database.open(options);
      opened.push(s);
      return s;
    }

    beforeEach(async () => {
      database = await harness.createDatabase();
      store = await open();
    });

    afterEach(async () => {
      for (const s of opened) await s.close();
      opened = [];
      await database.drop();
    });

    describe("stock feed", () => {
      it("inserts new rows and reports them applied", async () => {
        const result = await store.upsertStock([
          stock("SKU-1", "WH-BKK", 10, 1, {
            safetyStock: 2,
            inbound: [
              { quantity: 5, etaDay: WED },
              { quantity: 3, etaDay: TUE },
            ],
          }),
          stock("SKU-1", "WH-CNX", 4, 1),
        ]);
        expect(result).toEqual({ applied: 2, stale: 0 });
        const row = await stockOf(store, "SKU-1", "WH-BKK");
        expect(row).toMatchObject({
          onHand: 10,
          safetyStock: 2,
          reserved: 0,
          version: 1,
          inbound: [
            { quantity: 3, etaDay: TUE },
            { quantity: 5, etaDay: WED },
          ],
        });
      });

      it("never lets a stale update overwrite a newer one", async () => {
        await store.upsertStock([stock("SKU-1", "WH-BKK", 10, 200)]);
        const result = await store.upsertStock([stock("SKU-1", "WH-BKK", 99, 100)]);
        expect(result).toEqual({ applied: 0, stale: 1 });
        expect((await stockOf(store, "SKU-1", "WH-BKK")).onHand).toBe(10);
        expect((await stockOf(store, "SKU-1", "WH-BKK")).version).toBe(200);
      });

      it("applies a newer version over an older one", async () => {
        await store.upsertStock([stock("SKU-1", "WH-BKK", 10, 100)]);
        expect(await store.upsertStock([stock("SKU-1", "WH-BKK", 7, 101)])).toEqual({
          applied: 1,
          stale: 0,
        });
        expect((await stockOf(store, "SKU-1", "WH-BKK")).onHand).toBe(7);
      });

      it("counts an equal version as applied and changes nothing", async () => {
        await store.upsertStock([stock("SKU-1", "WH-BKK", 10, 5)]);
        const before = await stockOf(store, "SKU-1", "WH-BKK");
        const seqBefore = await store.currentSeq();
        expect(await store.upsertStock([stock("SKU-1", "WH-BKK", 10, 5)])).toEqual({
          applied: 1,
          stale: 0,
        });
        expect(await stockOf(store, "SKU-1", "WH-BKK")).toEqual(before);
        expect(await store.currentSeq()).toBe(seqBefore);
      });

      it("keeps the highest version of a key given twice in one batch", async () => {
        const result = await store.upsertStock([
          stock("SKU-1", "WH-BKK", 3, 2),
          stock("SKU-1", "WH-BKK", 9, 7),
          stock("SKU-1", "WH-BKK", 5, 4),
        ]);
        expect(result).toEqual({ applied: 1, stale: 2 });
        expect((await stockOf(store, "SKU-1", "WH-BKK")).onHand).toBe(9);
      });

      it("keeps reserved across a feed update", async () => {
        await store.upsertStock([stock("SKU-1", "WH-BKK", 10, 1)]);
        confirmed(
          await store.confirm(
            request("k1", ["SKU-1"]),
            claim([{ sku: "SKU-1", warehouseId: "WH-BKK", quantity: 3 }]),
          ),
        );
        await store.upsertStock([stock("SKU-1", "WH-BKK", 8, 2)]);
        const row = await stockOf(store, "SKU-1", "WH-BKK");
        expect(row.onHand).toBe(8);
        expect(row.reserved).toBe(3);
      });

      it("rejects a negative on-hand quantity with the field at fault", async () => {
        await expectDomainError(
          store.upsertStock([stock("SKU-1", "WH-BKK", 1, 1), stock("SKU-2", "WH-BKK", -1, 1)]),
          "INVALID_ARGUMENT",
          "rows[1].on_hand",
        );
        expect(await allStock(store)).toEqual([]);
      });

      it("hands back all rows in key order, in batches of the size asked", async () => {
        const rows: StockUpsert[] = [];
        for (let i = 24; i >= 0; i--)
          rows.push(stock(`SKU-${String(i).padStart(2, "0")}`, "WH-BKK", i, 1));
        await store.upsertStock(rows);
        const { batches } = await store.loadStock(0, { batchSize: 10 });
        const sizes: number[] = [];
        const skus: string[] = [];
        for await (const batch of batches) {
          sizes.push(batch.length);
          skus.push(...batch.map((r) => r.sku));
        }
        expect(sizes).toEqual([10, 10, 5]);
        expect(skus).toEqual([...skus].sort());
        expect(new Set(skus).size).toBe(25);
      });

      it("hands back only the rows changed after a sequence number", async () => {
        await store.upsertStock([stock("SKU-1", "WH-BKK", 1, 1), stock("SKU-2", "WH-BKK", 2, 1)]);
        const first = await store.loadStock();
        for await (const _ of first.batches) {
          // drain
        }
        await store.upsertStock([stock("SKU-2", "WH-BKK", 20, 2), stock("SKU-3", "WH-BKK", 3, 1)]);
        const changed = await allStock(store, first.seq);
        expect(changed.map((r) => [r.sku, r.onHand])).toEqual([
          ["SKU-2", 20],
          ["SKU-3", 3],
        ]);
        const again = await store.loadStock(first.seq, { batchSize: 1 });
        const sizes: number[] = [];
        for await (const batch of again.batches) sizes.push(batch.length);
        expect(sizes).toEqual([1, 1]);
        expect(await allStock(store, again.seq)).toEqual([]);
      });

      /** Reads a load page by page; after the first page, SKU-2 changes again (to `onHand`). */
      const loadChangingSku2 = async (afterSeq: number, onHand: number, version: number) => {
        const load = await store.loadStock(afterSeq, { batchSize: 1 });
        const seen: Array<[string, number]> = [];
        for await (const batch of load.batches) {
          seen.push(...batch.map((r): [string, number] => [r.sku, r.onHand]));
          if (seen.length === 1) {
            await store.upsertStock([stock("SKU-2", "WH-BKK", onHand, version)]);
          }
        }
        return { seq: load.seq, seen };
      };

      it("leaves a row changed while a full load's pages are read to the next load", async () => {
        await store.upsertStock([stock("SKU-1", "WH-BKK", 1, 1), stock("SKU-2", "WH-BKK", 2, 1)]);
        const full = await loadChangingSku2(0, 200, 2);
        expect(full.seen).toEqual([["SKU-1", 1]]);
        const next = await allStock(store, full.seq);
        expect(next.map((r) => [r.sku, r.onHand])).toEqual([["SKU-2", 200]]);
      });

      it("leaves a row changed while the changed rows' pages are read to the next load", async () => {
        await store.upsertStock([stock("SKU-1", "WH-BKK", 1, 1), stock("SKU-2", "WH-BKK", 2, 1)]);
        const after = await store.currentSeq();
        await store.upsertStock([stock("SKU-1", "WH-BKK", 10, 2), stock("SKU-2", "WH-BKK", 20, 2)]);
        const changed = await loadChangingSku2(after, 200, 3);
        expect(changed.seen).toEqual([["SKU-1", 10]]);
        const next = await allStock(store, changed.seq);
        expect(next.map((r) => [r.sku, r.onHand])).toEqual([["SKU-2", 200]]);
      });
    });

    describe("capacity", () => {
      it("hands back defaults, overrides and load, and only what changed later", async () => {
        await store.setCapacity("WH-BKK", { daily: 100, overrides: [{ day: TUE, value: 40 }] });
        await store.setCapacity("WH-CNX", { daily: null });
        await store.setBookedLoad("WH-BKK", [
          { day: MON, orders: 12 },
          { day: TUE, orders: 3 },
        ]);
        const all = await store.loadCapacity();
        expect(all.defaults.map((d) => [d.warehouseId, d.daily])).toEqual([
          ["WH-BKK", 100],
          ["WH-CNX", null],
        ]);
        expect(all.overrides.map((o) => [o.warehouseId, o.day, o.value])).toEqual([
          ["WH-BKK", TUE, 40],
        ]);
        expect(all.loads.map((l) => [l.warehouseId, l.day, l.external, l.promised])).toEqual([
          ["WH-BKK", MON, 12, 0],
          ["WH-BKK", TUE, 3, 0],
        ]);

        await store.setCapacity("WH-BKK", { overrides: [{ day: TUE, value: null }] });
        await store.setBookedLoad("WH-BKK", [{ day: MON, orders: 15 }]);
        const later = await store.loadCapacity(all.seq);
        expect(later.defaults).toEqual([]);
        expect(later.overrides.map((o) => [o.warehouseId, o.day, o.value])).toEqual([
          ["WH-BKK", TUE, null],
        ]);
        expect(later.loads.map((l) => [l.day, l.external])).toEqual([[MON, 15]]);
        expect(later.seq).toBeGreaterThan(all.seq);
      });

      it("hands back the confirm instants of the latest promises per changed ship date, oldest first, without cancelled ones", async () => {
        await store.upsertStock([stock("SKU-1", "WH-BKK", 10, 1)]);
        await store.setCapacity("WH-BKK", { daily: 100 });
        await store.setBookedLoad("WH-BKK", [{ day: WED, orders: 7 }]);
        const one = [{ sku: "SKU-1", warehouseId: "WH-BKK", quantity: 1 }];
        const ids: string[] = [];
        // Confirmed out of time order: the instants come back sorted.
        for (const [key, at, day] of [
          ["b1", T0 + 1_000, MON],
          ["b3", T0 + 3_000, MON],
          ["b2", T0 + 2_000, MON],
          ["b5", T0 + 5_000, TUE],
        ] as const) {
          const outcome = await store.confirm(
            request(key, ["SKU-1"]),
            claimAt(at, one, [{ warehouseId: "WH-BKK", day }]),
          );
          ids.push(confirmed(outcome).id);
        }
        const all = await store.loadCapacity(0, { recentBookings: 2 });
        expect(all.loads.map((l) => [l.day, l.external, l.promised])).toEqual([
          [MON, 0, 3],
          [TUE, 0, 1],
          [WED, 7, 0],
        ]);
        expect(all.bookings).toEqual([
          { warehouseId: "WH-BKK", day: MON, bookedAtMs: [T0 + 2_000, T0 + 3_000] },
          { warehouseId: "WH-BKK", day: TUE, bookedAtMs: [T0 + 5_000] },
          { warehouseId: "WH-BKK", day: WED, bookedAtMs: [] },
        ]);
        expect((await store.loadCapacity(0)).bookings).toEqual([]);

        // Cancelling the latest of Monday: Monday changed, and its booking no longer counts.
        await store.cancelPromise(ids[1]!, T0 + 6_000);
        const later = await store.loadCapacity(all.seq, { recentBookings: 2 });
        expect(later.bookings).toEqual([
          { warehouseId: "WH-BKK", day: MON, bookedAtMs: [T0 + 1_000, T0 + 2_000] },
        ]);
        await expectDomainError(
          store.loadCapacity(0, { recentBookings: -1 }),
          "INVALID_ARGUMENT",
          "recent_bookings",
        );
      });

      it("keeps the default when only overrides are set", async () => {
        await store.setCapacity("WH-BKK", { daily: 80 });
        await store.setCapacity("WH-BKK", { overrides: [{ day: MON, value: 10 }] });
        const all = await store.loadCapacity();
        expect(all.defaults.map((d) => d.daily)).toEqual([80]);
      });

      it("keeps promised load when external load is replaced", async () => {
        await store.upsertStock([stock("SKU-1", "WH-BKK", 10, 1)]);
        await store.setCapacity("WH-BKK", { daily: 10 });
        confirmed(
          await store.confirm(
            request("k1", ["SKU-1"]),
            claim(
              [{ sku: "SKU-1", warehouseId: "WH-BKK", quantity: 1 }],
              [{ warehouseId: "WH-BKK", day: MON }],
            ),
          ),
        );
        await store.setBookedLoad("WH-BKK", [{ day: MON, orders: 4 }]);
        const { loads } = await store.loadCapacity();
        expect(loads.map((l) => [l.day, l.external, l.promised])).toEqual([[MON, 4, 1]]);
      });
    });

    describe("promises", () => {
      beforeEach(async () => {
        await store.upsertStock([
          stock("SKU-1", "WH-BKK", 10, 1, { safetyStock: 1 }),
          stock("SKU-1", "WH-CNX", 5, 1),
          stock("SKU-2", "WH-BKK", 3, 1),
          stock("SKU-9", "WH-HAN", 7, 1),
        ]);
      });

      it("gives decide the SKUs' stock everywhere and the load of those warehouses on the days asked", async () => {
        await store.setCapacity("WH-BKK", { daily: 50, overrides: [{ day: TUE, value: 20 }] });
        await store.setCapacity("WH-HAN", { daily: 9 });
        await store.setBookedLoad("WH-BKK", [
          { day: MON, orders: 1 },
          { day: isoDay("2025-12-01"), orders: 2 },
        ]);
        await store.setBookedLoad("WH-HAN", [{ day: MON, orders: 3 }]);
        let seen: ConfirmSnapshot | undefined;
        const outcome = await store.confirm(request("k1", ["SKU-1"]), (snapshot) => {
          seen = snapshot;
          return { ok: false, reason: "LOOKED" };
        });
        expect(outcome).toEqual({ kind: "rejected", reason: "LOOKED" });
        expect(seen!.stock.map((r) => [r.sku, r.warehouseId, r.onHand, r.safetyStock])).toEqual([
          ["SKU-1", "WH-BKK", 10, 1],
          ["SKU-1", "WH-CNX", 5, 0],
        ]);
        expect(seen!.capacity.map((c) => [c.warehouseId, c.daily])).toEqual([["WH-BKK", 50]]);
        expect(seen!.overrides.map((o) => [o.warehouseId, o.day, o.value])).toEqual([
          ["WH-BKK", TUE, 20],
        ]);
        expect(seen!.loads.map((l) => [l.warehouseId, l.day, l.external])).toEqual([
          ["WH-BKK", MON, 1],
        ]);
      });

      it("lists the promises created in a time range page by page, without cancelled ones", async () => {
        const lines = [{ sku: "SKU-1", warehouseId: "WH-BKK", quantity: 1 }];
        const made: StoredPromise[] = [];
        for (const [k, at] of [T0 - 1, T0, T0 + 1_000, T0 + 2_000, T0 + 3_000].entries()) {
          made.push(
            confirmed(await store.confirm(request(`lp${k}`, ["SKU-1"]), claimAt(at, lines, []))),
          );
        }
        await store.cancelPromise(made[2]!.id, T0 + 5_000);
        const pages: string[][] = [];
        const seen: [number, unknown][] = [];
        for await (const page of store.loadPromises(T0, T0 + 3_000, { batchSize: 1 })) {
          pages.push(page.map((p) => p.status));
          for (const p of page) seen.push([p.createdAtMs, p.payload]);
        }
        // T0 - 1 is before the range, T0 + 3,000 is its open end, T0 + 1,000 was cancelled.
        expect(pages).toEqual([["confirmed"], ["confirmed"]]);
        expect(seen.map((s) => s[0]).sort()).toEqual([T0, T0 + 2_000]);
        expect(seen[0]![1]).toEqual({ lines });
      });

      it("reserves stock and capacity and records the promise", async () => {
        await store.setCapacity("WH-BKK", { daily: 10 });
        const outcome = await store.confirm(
          request("k1", ["SKU-1", "SKU-2"]),
          claim(
            [
              { sku: "SKU-1", warehouseId: "WH-BKK", quantity: 2 },
              { sku: "SKU-2", warehouseId: "WH-BKK", quantity: 1 },
              { sku: "SKU-1", warehouseId: "WH-BKK", quantity: 1 },
            ],
            [{ warehouseId: "WH-BKK", day: TUE }],
            { shipments: [{ warehouse: "WH-BKK", shipDate: "2025-11-25" }] },
          ),
        );
        const promise = confirmed(outcome);
        expect(promise).toMatchObject({
          idempotencyKey: "k1",
          status: "confirmed",
          createdAtMs: T0,
          cancelledAtMs: null,
          payload: { shipments: [{ warehouse: "WH-BKK", shipDate: "2025-11-25" }] },
          stock: [
            { sku: "SKU-1", warehouseId: "WH-BKK", quantity: 3 },
            { sku: "SKU-2", warehouseId: "WH-BKK", quantity: 1 },
          ],
          capacity: [{ warehouseId: "WH-BKK", day: TUE }],
        });
        expect(await store.getPromise(promise.id)).toEqual(promise);
        expect((await stockOf(store, "SKU-1", "WH-BKK")).reserved).toBe(3);
        expect((await stockOf(store, "SKU-2", "WH-BKK")).reserved).toBe(1);
        const { loads } = await store.loadCapacity();
        expect(loads.map((l) => [l.warehouseId, l.day, l.external, l.promised])).toEqual([
          ["WH-BKK", TUE, 0, 1],
        ]);
        const report = await store.checkReservations();
        expect(report).toEqual({
          confirmed: 1,
          cancelled: 0,
          fulfilled: 0,
          stockMismatches: [],
          loadMismatches: [],
          pickupMismatches: [],
          shippedMismatches: [],
          overReserved: 0,
          orphanReservations: 0,
        });
      });

      it("does not reserve into the safety stock", async () => {
        // SKU-1 at WH-BKK: 10 on hand, safety stock 1 -> 9 can be promised.
        const outcome = await store.confirm(
          request("k1", ["SKU-1"]),
          claim([{ sku: "SKU-1", warehouseId: "WH-BKK", quantity: 10 }]),
        );
        expect(outcome).toEqual({
          kind: "rejected",
          reason: "OUT_OF_STOCK",
          details: { sku: "SKU-1", warehouseId: "WH-BKK" },
        });
        confirmed(
          await store.confirm(
            request("k2", ["SKU-1"]),
            claim([{ sku: "SKU-1", warehouseId: "WH-BKK", quantity: 9 }]),
          ),
        );
      });

      it("rolls back every line when one does not fit", async () => {
        await store.setCapacity("WH-BKK", { daily: 0 });
        const outcome = await store.confirm(
          request("k1", ["SKU-1"]),
          claim(
            [{ sku: "SKU-1", warehouseId: "WH-BKK", quantity: 1 }],
            [{ warehouseId: "WH-BKK", day: MON }],
          ),
        );
        expect(outcome).toEqual({
          kind: "rejected",
          reason: "CAPACITY_FULL",
          details: { warehouseId: "WH-BKK", day: MON },
        });
        expect((await stockOf(store, "SKU-1", "WH-BKK")).reserved).toBe(0);
        expect((await store.checkReservations()).confirmed).toBe(0);
        // The key was not used: it can confirm later.
        await store.setCapacity("WH-BKK", { daily: 1 });
        confirmed(
          await store.confirm(
            request("k1", ["SKU-1"]),
            claim(
              [{ sku: "SKU-1", warehouseId: "WH-BKK", quantity: 1 }],
              [{ warehouseId: "WH-BKK", day: MON }],
            ),
          ),
        );
      });

      it("passes a refusal of decide through and writes nothing", async () => {
        const seq = await store.currentSeq();
        const outcome = await store.confirm(request("k1", ["SKU-1"]), () => ({
          ok: false,
          reason: "LATER_THAN_SHOWN",
          details: { deliveryLatest: "2025-11-28" },
        }));
        expect(outcome).toEqual({
          kind: "rejected",
          reason: "LATER_THAN_SHOWN",
          details: { deliveryLatest: "2025-11-28" },
        });
        expect(await store.currentSeq()).toBe(seq);
      });

      it("rolls back when decide throws", async () => {
        await expectDomainError(
          store.confirm(request("k1", ["SKU-1"]), () => {
            throw new DomainError("FAILED_PRECONDITION", "no option");
          }),
          "FAILED_PRECONDITION",
        );
        expect((await store.checkReservations()).confirmed).toBe(0);
      });

      it("returns the same promise for the same key and request, reserving once", async () => {
        const lines = [{ sku: "SKU-1", warehouseId: "WH-BKK", quantity: 2 }];
        const first = confirmed(await store.confirm(request("k1", ["SKU-1"]), claim(lines)));
        let decided = false;
        const again = await store.confirm(request("k1", ["SKU-1"]), (s) => {
          decided = true;
          return claim(lines)(s);
        });
        expect(again).toEqual({ kind: "existing", promise: first });
        expect(decided).toBe(false);
        expect((await stockOf(store, "SKU-1", "WH-BKK")).reserved).toBe(2);
      });

      it("refuses the same key with a different request", async () => {
        confirmed(
          await store.confirm(
            request("k1", ["SKU-1"], "one"),
            claim([{ sku: "SKU-1", warehouseId: "WH-BKK", quantity: 1 }]),
          ),
        );
        await expectDomainError(
          store.confirm(
            request("k1", ["SKU-1"], "two"),
            claim([{ sku: "SKU-1", warehouseId: "WH-BKK", quantity: 1 }]),
          ),
          "ALREADY_EXISTS",
          "idempotency_key",
        );
        expect((await stockOf(store, "SKU-1", "WH-BKK")).reserved).toBe(1);
      });

      it("confirms a key once when its retries race from several instances", async () => {
        const stores = [store, await open(), await open()];
        const lines = [{ sku: "SKU-1", warehouseId: "WH-BKK", quantity: 1 }];
        const outcomes = await Promise.all(
          Array.from({ length: 12 }, (_, i) =>
            stores[i % stores.length]!.confirm(request("twin", ["SKU-1"]), claim(lines)),
          ),
        );
        const kinds = outcomes.map((o) => o.kind).sort();
        expect(kinds.filter((k) => k === "confirmed")).toHaveLength(1);
        expect(kinds.filter((k) => k === "existing")).toHaveLength(11);
        const ids = new Set(outcomes.map((o) => (o.kind === "rejected" ? "" : o.promise.id)));
        expect(ids.size).toBe(1);
        expect((await stockOf(store, "SKU-1", "WH-BKK")).reserved).toBe(1);
        expect((await store.checkReservations()).stockMismatches).toEqual([]);
      });

      it("cancels once: releases what was reserved, and a second cancel changes nothing", async () => {
        await store.setCapacity("WH-BKK", { daily: 5 });
        const promise = confirmed(
          await store.confirm(
            request("k1", ["SKU-1"]),
            claim(
              [{ sku: "SKU-1", warehouseId: "WH-BKK", quantity: 4 }],
              [{ warehouseId: "WH-BKK", day: MON }],
            ),
          ),
        );
        const cancelled = await store.cancelPromise(promise.id, T0 + 60_000);
        expect(cancelled).toEqual({ ...promise, status: "cancelled", cancelledAtMs: T0 + 60_000 });
        expect((await stockOf(store, "SKU-1", "WH-BKK")).reserved).toBe(0);
        const seq = await store.currentSeq();
        expect(await store.cancelPromise(promise.id, T0 + 120_000)).toEqual(cancelled);
        expect(await store.currentSeq()).toBe(seq);
        expect((await stockOf(store, "SKU-1", "WH-BKK")).reserved).toBe(0);
        const { loads } = await store.loadCapacity();
        expect(loads.map((l) => l.promised)).toEqual([0]);
        expect(await store.getPromise(promise.id)).toEqual(cancelled);
        const report = await store.checkReservations();
        expect(report).toMatchObject({
          confirmed: 0,
          cancelled: 1,
          stockMismatches: [],
          loadMismatches: [],
          pickupMismatches: [],
          shippedMismatches: [],
        });
      });

      it("releases once when cancels race from several instances", async () => {
        const promise = confirmed(
          await store.confirm(
            request("k1", ["SKU-1"]),
            claim([{ sku: "SKU-1", warehouseId: "WH-BKK", quantity: 4 }]),
          ),
        );
        confirmed(
          await store.confirm(
            request("k2", ["SKU-1"]),
            claim([{ sku: "SKU-1", warehouseId: "WH-BKK", quantity: 2 }]),
          ),
        );
        const stores = [store, await open(), await open()];
        const results = await Promise.all(
          Array.from({ length: 9 }, (_, i) => stores[i % 3]!.cancelPromise(promise.id, T0 + i)),
        );
        expect(results.every((r) => r?.status === "cancelled")).toBe(true);
        expect((await stockOf(store, "SKU-1", "WH-BKK")).reserved).toBe(2);
        expect((await store.checkReservations()).stockMismatches).toEqual([]);
      });

      it("knows no promise by an unknown id", async () => {
        expect(await store.getPromise("nope")).toBeUndefined();
        expect(await store.cancelPromise("nope", T0)).toBeUndefined();
        expect(await store.fulfilPromise("nope", T0)).toBeUndefined();
      });

      it("keeps confirmed promises when reopened", async () => {
        const promise = confirmed(
          await store.confirm(
            request("k1", ["SKU-1"]),
            claim([{ sku: "SKU-1", warehouseId: "WH-BKK", quantity: 1 }]),
          ),
        );
        const other = await open();
        expect(await other.getPromise(promise.id)).toEqual(promise);
      });
    });

    describe("fulfilment", () => {
      const clean = {
        stockMismatches: [],
        loadMismatches: [],
        pickupMismatches: [],
        shippedMismatches: [],
        overReserved: 0,
        orphanReservations: 0,
      };
      const available = (r: StockRecord) => Math.max(0, r.onHand - r.reserved - r.safetyStock);

      beforeEach(async () => {
        // 10 on hand, no safety stock: available = on hand - reserved.
        await store.upsertStock([stock("SHIP", "WH-BKK", 10, 1), stock("OTHER", "WH-BKK", 4, 1)]);
        await store.setCapacity("WH-BKK", { daily: 5 });
      });

      async function promiseOf(key: string, quantity: number, day = MON): Promise<StoredPromise> {
        return confirmed(
          await store.confirm(
            request(key, ["SHIP"], [key, quantity, day]),
            claim(
              [{ sku: "SHIP", warehouseId: "WH-BKK", quantity }],
              [{ warehouseId: "WH-BKK", day }],
            ),
          ),
        );
      }

      it("takes the 3 units of a promise off on hand and off reserved: 10 on hand becomes 7, available stays 7", async () => {
        const promise = await promiseOf("f1", 3);
        const before = await stockOf(store, "SHIP", "WH-BKK");
        expect([before.onHand, before.reserved, available(before)]).toEqual([10, 3, 7]);
        const other = await stockOf(store, "OTHER", "WH-BKK");

        const fulfilled = await store.fulfilPromise(promise.id, T0 + 60_000);
        expect(fulfilled).toEqual({ ...promise, status: "fulfilled", fulfilledAtMs: T0 + 60_000 });
        expect(await store.getPromise(promise.id)).toEqual(fulfilled);

        const after = await stockOf(store, "SHIP", "WH-BKK");
        expect([after.onHand, after.reserved, available(after)]).toEqual([7, 0, 7]);
        // The feed's version is kept; the change sequence moves so views re-read the row.
        expect(after.version).toBe(1);
        expect(after.changeSeq).toBeGreaterThan(before.changeSeq);
        expect((await allStock(store, before.changeSeq)).map((r) => r.sku)).toEqual(["SHIP"]);
        expect(await stockOf(store, "OTHER", "WH-BKK")).toEqual(other);
      });

      it("counts a shipment once on its due day and once on the day it shipped, and a cancelled promise on neither", async () => {
        const late = await promiseOf("s1", 1, MON);
        const cancelled = await promiseOf("s2", 1, MON);
        const early = await promiseOf("s3", 1, TUE);
        await store.cancelPromise(cancelled.id, T0);
        // Due Monday, shipped Tuesday (warehouse-local day given by the caller).
        const stores = [store, await open(), await open()];
        await Promise.all(
          Array.from({ length: 6 }, (_, i) =>
            stores[i % 3]!.fulfilPromise(late.id, T0 + 86_400_000, () => TUE),
          ),
        );
        // Due Tuesday, shipped Monday: without a day given, the UTC date of the instant.
        await store.fulfilPromise(early.id, T0 + 60_000);
        const seen: ConfirmSnapshot[] = [];
        await store.confirm(request("s4", ["SHIP"]), (snapshot) => {
          seen.push(snapshot);
          return { ok: false, reason: "LOOK_ONLY" };
        });
        const counts = (
          loads: readonly { day: number; promised: number; shipped: number; shippedOn: number }[],
        ) => loads.map((l) => [l.day, l.promised, l.shipped, l.shippedOn]);
        const { loads } = await store.loadCapacity();
        // [day, promised, shipped (due that day), shipped on that day]
        expect(counts(loads)).toEqual([
          [MON, 1, 1, 1],
          [TUE, 1, 1, 1],
        ]);
        expect(counts(seen[0]!.loads)).toEqual(counts(loads));
        const report = await store.checkReservations();
        expect([report.loadMismatches, report.shippedMismatches]).toEqual([[], []]);
      });

      it("writes a day's shipped count on a day with no load row yet", async () => {
        const promise = await promiseOf("s1", 1, MON);
        const seq = await store.currentSeq();
        await store.fulfilPromise(promise.id, T0, () => WED);
        const { loads } = await store.loadCapacity(seq);
        expect(loads.map((l) => [l.day, l.external, l.promised, l.shipped, l.shippedOn])).toEqual([
          [MON, 0, 1, 1, 0],
          [WED, 0, 0, 0, 1],
        ]);
      });

      it("keeps the capacity reservation of a fulfilled promise", async () => {
        const promise = await promiseOf("f1", 3);
        await store.fulfilPromise(promise.id, T0 + 60_000);
        const { loads } = await store.loadCapacity();
        expect(loads.map((l) => [l.warehouseId, l.day, l.promised])).toEqual([["WH-BKK", MON, 1]]);
        expect(await store.checkReservations()).toEqual({
          confirmed: 0,
          cancelled: 0,
          fulfilled: 1,
          ...clean,
        });
      });

      it("reports a fulfilment to change listeners", async () => {
        const promise = await promiseOf("f1", 3);
        const seq = await store.currentSeq();
        const { seen, stop } = nextChange(store, () => seq + 1);
        try {
          await store.fulfilPromise(promise.id, T0 + 60_000);
          expect(await seen).toBe(seq + 1);
        } finally {
          stop();
        }
      });

      it("fulfils once: a second fulfil returns the promise unchanged and changes nothing", async () => {
        const promise = await promiseOf("f1", 3);
        const first = await store.fulfilPromise(promise.id, T0 + 60_000);
        const seq = await store.currentSeq();
        expect(await store.fulfilPromise(promise.id, T0 + 120_000)).toEqual(first);
        expect(await store.currentSeq()).toBe(seq);
        const row = await stockOf(store, "SHIP", "WH-BKK");
        expect([row.onHand, row.reserved]).toEqual([7, 0]);
        expect((await store.loadCapacity()).loads.map((l) => l.promised)).toEqual([1]);
      });

      it("fulfils once when fulfils race from several instances", async () => {
        const promise = await promiseOf("f1", 4);
        await promiseOf("f2", 2);
        const stores = [store, await open(), await open()];
        const results = await Promise.all(
          Array.from({ length: 9 }, (_, i) => stores[i % 3]!.fulfilPromise(promise.id, T0 + i)),
        );
        expect(results.every((r) => r?.status === "fulfilled")).toBe(true);
        const row = await stockOf(store, "SHIP", "WH-BKK");
        // 10 - 4 shipped = 6 on hand; the other promise still holds 2.
        expect([row.onHand, row.reserved]).toEqual([6, 2]);
        expect(await store.checkReservations()).toMatchObject({ fulfilled: 1, ...clean });
      });

      it("refuses to fulfil a cancelled promise, and changes nothing", async () => {
        const promise = await promiseOf("f1", 3);
        await store.cancelPromise(promise.id, T0 + 60_000);
        const seq = await store.currentSeq();
        await expectDomainError(
          store.fulfilPromise(promise.id, T0 + 120_000),
          "FAILED_PRECONDITION",
          "id",
        );
        expect(await store.currentSeq()).toBe(seq);
        expect((await store.getPromise(promise.id))?.status).toBe("cancelled");
        const row = await stockOf(store, "SHIP", "WH-BKK");
        expect([row.onHand, row.reserved]).toEqual([10, 0]);
      });

      it("refuses to cancel a fulfilled promise, and changes nothing", async () => {
        const promise = await promiseOf("f1", 3);
        const fulfilled = await store.fulfilPromise(promise.id, T0 + 60_000);
        const seq = await store.currentSeq();
        await expectDomainError(
          store.cancelPromise(promise.id, T0 + 120_000),
          "FAILED_PRECONDITION",
          "id",
        );
        expect(await store.currentSeq()).toBe(seq);
        expect(await store.getPromise(promise.id)).toEqual(fulfilled);
        const row = await stockOf(store, "SHIP", "WH-BKK");
        expect([row.onHand, row.reserved]).toEqual([7, 0]);
        expect((await store.loadCapacity()).loads.map((l) => l.promised)).toEqual([1]);
      });

      it("lets exactly one of a racing cancel and fulfil win", async () => {
        const promise = await promiseOf("f1", 3);
        const other = await open();
        const results = await Promise.allSettled([
          store.cancelPromise(promise.id, T0 + 1),
          other.fulfilPromise(promise.id, T0 + 2),
        ]);
        const won = results.filter((r) => r.status === "fulfilled");
        const lost = results.filter((r) => r.status === "rejected");
        expect([won.length, lost.length]).toEqual([1, 1]);
        expect((lost[0]!.reason as DomainError).kind).toBe("FAILED_PRECONDITION");
        const row = await stockOf(store, "SHIP", "WH-BKK");
        const status = (await store.getPromise(promise.id))?.status;
        // Cancelled: 10 on hand, nothing reserved. Fulfilled: 7 on hand, nothing reserved.
        expect([row.onHand, row.reserved]).toEqual(status === "cancelled" ? [10, 0] : [7, 0]);
        expect(await store.checkReservations()).toMatchObject(clean);
      });

      it("lets the feed's next, newer count overwrite on hand after a fulfilment", async () => {
        const promise = await promiseOf("f1", 3);
        await store.fulfilPromise(promise.id, T0 + 60_000);
        // The same version again is an idempotent re-apply: the shipment is not undone.
        expect(await store.upsertStock([stock("SHIP", "WH-BKK", 10, 1)])).toEqual({
          applied: 1,
          stale: 0,
        });
        expect((await stockOf(store, "SHIP", "WH-BKK")).onHand).toBe(7);
        // The warehouse counted 6 after the shipment (one more went missing): that is on hand.
        await store.upsertStock([stock("SHIP", "WH-BKK", 6, 2)]);
        const row = await stockOf(store, "SHIP", "WH-BKK");
        expect([row.onHand, row.reserved, row.version]).toEqual([6, 0, 2]);
      });

      it("keeps reserved and promised consistent after a mix of confirms, cancels and fulfils", async () => {
        const a = await promiseOf("a", 2, MON);
        const b = await promiseOf("b", 3, MON);
        await promiseOf("c", 1, TUE);
        const d = await promiseOf("d", 4, TUE);
        await store.cancelPromise(b.id, T0 + 1);
        await store.fulfilPromise(a.id, T0 + 2);
        await store.fulfilPromise(d.id, T0 + 3);
        // Shipped a (2) and d (4): 10 - 6 = 4 on hand; c still holds 1; b released its 3.
        const row = await stockOf(store, "SHIP", "WH-BKK");
        expect([row.onHand, row.reserved, available(row)]).toEqual([4, 1, 3]);
        // Monday: a (fulfilled) keeps its order, b's was released. Tuesday: c and d.
        const { loads } = await store.loadCapacity();
        expect(loads.map((l) => [l.day, l.promised])).toEqual([
          [MON, 1],
          [TUE, 2],
        ]);
        expect(await store.checkReservations()).toEqual({
          confirmed: 1,
          cancelled: 1,
          fulfilled: 2,
          ...clean,
        });
      });
    });

    describe("shipment events", () => {
      const clean = {
        stockMismatches: [],
        loadMismatches: [],
        pickupMismatches: [],
        shippedMismatches: [],
        overReserved: 0,
        orphanReservations: 0,
      };
      const HOUR = 3_600_000;
      // Confirmed at T0 (Monday 10:00 in Bangkok); "now" for the calls is two days later.
      const NOW = T0 + 48 * HOUR;

      beforeEach(async () => {
        await store.upsertStock([stock("SHIP", "WH-BKK", 10, 1), stock("SHIP", "WH-CNX", 5, 1)]);
      });

      function payloadOf(warehouses: string[], onTimeProbability?: number) {
        return {
          destination: { countryCode: "TH", postalCode: "10110", province: "" },
          shipments: warehouses.map((w) => ({
            warehouseId: w,
            serviceId: "kerry-express",
            shipDate: "2025-11-24",
            deliveryEarliest: "2025-11-25",
            deliveryLatest: "2025-11-26",
            lines: [],
            priceCents: 0,
            backorder: false,
            ...(onTimeProbability === undefined ? {} : { onTimeProbability }),
          })),
        };
      }

      async function promiseFrom(
        key: string,
        warehouses: string[],
        onTimeProbability?: number,
      ): Promise<StoredPromise> {
        return confirmed(
          await store.confirm(
            request(key, ["SHIP"], [key, warehouses]),
            claim(
              warehouses.map((w) => ({ sku: "SHIP", warehouseId: w, quantity: 2 })),
              warehouses.map((w) => ({ warehouseId: w, day: MON })),
              payloadOf(warehouses, onTimeProbability),
            ),
          ),
        );
      }

      let eventIds = 0;
      function event(
        promiseId: string,
        kind: string,
        occurredAtMs: number,
        more: Partial<ShipmentEventInput> = {},
      ): ShipmentEventInput {
        return {
          eventId: `ev-${++eventIds}`,
          promiseId,
          warehouseId: "WH-BKK",
          kind,
          occurredAtMs,
          day: addDays(MON, Math.floor((occurredAtMs - T0) / (24 * HOUR))),
          ...more,
        };
      }

      const record = (events: ShipmentEventInput[], s: Store = store) =>
        s.recordShipmentEvents(events, NOW, shipmentTerms);

      it("ships through the fulfil path and delivers: 10 on hand becomes 8, the promise ends DELIVERED", async () => {
        const promise = await promiseFrom("e1", ["WH-BKK"]);
        const shipped = await record([event(promise.id, "SHIPPED", T0 + 5 * HOUR)]);
        expect(shipped).toMatchObject({ applied: 1, duplicates: 0, errors: [] });
        expect(shipped.fulfilled).toEqual([promise.id]);
        const after = await store.getPromise(promise.id);
        expect([after?.status, after?.fulfilledAtMs]).toEqual(["fulfilled", T0 + 5 * HOUR]);
        const row = await stockOf(store, "SHIP", "WH-BKK");
        expect([row.onHand, row.reserved]).toEqual([8, 0]);

        const delivered = await record([
          event(promise.id, "OUT_FOR_DELIVERY", T0 + 24 * HOUR),
          event(promise.id, "DELIVERED", T0 + 30 * HOUR, { trackingNumber: "KEX123" }),
        ]);
        expect(delivered).toMatchObject({ applied: 2, fulfilled: [], delivered: [promise.id] });
        expect(delivered.newlyDelivered.map((s) => [s.promiseId, s.deliveredDay])).toEqual([
          [promise.id, TUE],
        ]);
        expect((await store.getPromise(promise.id))?.status).toBe("delivered");
        expect(await store.getShipments(promise.id)).toEqual([
          {
            promiseId: promise.id,
            warehouseId: "WH-BKK",
            state: "DELIVERED",
            stateAtMs: T0 + 30 * HOUR,
            serviceId: "kerry-express",
            trackingNumber: "KEX123",
            countryCode: "TH",
            postalCode: "10110",
            promisedShipDay: MON,
            promisedEarliestDay: TUE,
            promisedLatestDay: WED,
            onTimeProbability: null,
            shippedAtMs: T0 + 5 * HOUR,
            shipDay: MON,
            deliveredAtMs: T0 + 30 * HOUR,
            deliveredDay: TUE,
            promiseShipments: 1,
          },
        ]);
        // Stock left once; capacity stays booked; a delivered promise counts as fulfilled.
        expect((await stockOf(store, "SHIP", "WH-BKK")).onHand).toBe(8);
        expect(await store.checkReservations()).toEqual({
          confirmed: 0,
          cancelled: 0,
          fulfilled: 1,
          ...clean,
        });
        await expectDomainError(store.cancelPromise(promise.id, NOW), "FAILED_PRECONDITION", "id");
        expect((await store.fulfilPromise(promise.id, NOW))?.status).toBe("delivered");
      });

      it("ships three promises of one stock row in one batch: 10 on hand becomes 4, Monday counts 3 due and 3 shipped", async () => {
        const promises = [
          await promiseFrom("b1", ["WH-BKK"]),
          await promiseFrom("b2", ["WH-BKK"]),
          await promiseFrom("b3", ["WH-BKK"]),
        ];
        const result = await record(promises.map((p) => event(p.id, "SHIPPED", T0 + 5 * HOUR)));
        expect(result).toMatchObject({ applied: 3, duplicates: 0, errors: [] });
        expect(result.fulfilled).toEqual(promises.map((p) => p.id));
        const row = await stockOf(store, "SHIP", "WH-BKK");
        expect([row.onHand, row.reserved]).toEqual([4, 0]);
        const { loads } = await store.loadCapacity();
        // [warehouse, day, promised, shipped (due that day), shipped on that day]
        expect(
          loads.map((l) => [l.warehouseId, l.day, l.promised, l.shipped, l.shippedOn]),
        ).toEqual([["WH-BKK", MON, 3, 3, 3]]);
        const report = await store.checkReservations();
        expect([report.stockMismatches, report.loadMismatches, report.shippedMismatches]).toEqual([
          [],
          [],
          [],
        ]);
      });

      it("applies an event exactly once: the same batch sent again is all duplicates and changes nothing", async () => {
        const promise = await promiseFrom("e1", ["WH-BKK"]);
        const batch = [
          event(promise.id, "SHIPPED", T0 + 5 * HOUR),
          event(promise.id, "DELIVERED", T0 + 30 * HOUR),
        ];
        expect(await record(batch)).toMatchObject({ applied: 2, duplicates: 0 });
        const seq = await store.currentSeq();
        const shipments = await store.getShipments(promise.id);
        // Resent by another instance, and once more with the ids repeated inside the batch.
        expect(await record(batch, await open())).toMatchObject({
          applied: 0,
          duplicates: 2,
          errors: [],
          fulfilled: [],
          delivered: [],
        });
        expect(await record([...batch, ...batch])).toMatchObject({ applied: 0, duplicates: 4 });
        expect(await store.currentSeq()).toBe(seq);
        expect(await store.getShipments(promise.id)).toEqual(shipments);
        expect((await stockOf(store, "SHIP", "WH-BKK")).onHand).toBe(8);
      });

      it("applies a batch sent by two instances at once exactly once", async () => {
        const promise = await promiseFrom("e1", ["WH-BKK"]);
        const batch = [
          event(promise.id, "SHIPPED", T0 + 5 * HOUR),
          event(promise.id, "OUT_FOR_DELIVERY", T0 + 20 * HOUR),
          event(promise.id, "DELIVERED", T0 + 30 * HOUR),
        ];
        const results = await Promise.all([record(batch), record(batch, await open())]);
        expect(results.map((r) => r.applied + r.duplicates)).toEqual([3, 3]);
        expect(results.reduce((n, r) => n + r.applied, 0)).toBe(3);
        expect(results.flatMap((r) => r.fulfilled)).toEqual([promise.id]);
        expect((await stockOf(store, "SHIP", "WH-BKK")).onHand).toBe(8);
        expect((await store.getPromise(promise.id))?.status).toBe("delivered");
        expect(await store.checkReservations()).toMatchObject({ fulfilled: 1, ...clean });
      });

      it("lets the latest event by occurred_at decide, whatever order the events arrive in", async () => {
        const promise = await promiseFrom("e1", ["WH-BKK"]);
        // DELIVERED arrives first, then a late OUT_FOR_DELIVERY, then the SHIPPED scan.
        await record([event(promise.id, "DELIVERED", T0 + 30 * HOUR)]);
        expect((await store.getPromise(promise.id))?.status).toBe("delivered");
        await record([event(promise.id, "OUT_FOR_DELIVERY", T0 + 26 * HOUR)]);
        await record([event(promise.id, "SHIPPED", T0 + 6 * HOUR)]);
        const [s] = await store.getShipments(promise.id);
        expect([s?.state, s?.shipDay, s?.deliveredDay, s?.shippedAtMs]).toEqual([
          "DELIVERED",
          MON,
          TUE,
          T0 + 6 * HOUR,
        ]);
        // A failed attempt after the delivery scan takes the delivery back; a later one restores it.
        await record([event(promise.id, "DELIVERY_FAILED", T0 + 31 * HOUR)]);
        expect((await store.getShipments(promise.id))[0]?.state).toBe("DELIVERY_FAILED");
        expect((await store.getPromise(promise.id))?.status).toBe("fulfilled");
        await record([event(promise.id, "DELIVERED", T0 + 40 * HOUR)]);
        expect((await store.getShipments(promise.id))[0]?.deliveredAtMs).toBe(T0 + 40 * HOUR);
        expect((await store.getPromise(promise.id))?.status).toBe("delivered");
        // The stock left exactly once, with the first event that showed the parcel had left.
        expect((await stockOf(store, "SHIP", "WH-BKK")).onHand).toBe(8);
        expect((await store.getPromise(promise.id))?.fulfilledAtMs).toBe(T0 + 30 * HOUR);
      });

      it("fulfils a split cart when its last shipment ships, and delivers it when its last shipment is delivered", async () => {
        const promise = await promiseFrom("split", ["WH-BKK", "WH-CNX"]);
        const cnx = { warehouseId: "WH-CNX" };
        expect(await record([event(promise.id, "SHIPPED", T0 + HOUR)])).toMatchObject({
          fulfilled: [],
        });
        expect((await store.getPromise(promise.id))?.status).toBe("confirmed");
        expect(await record([event(promise.id, "SHIPPED", T0 + 2 * HOUR, cnx)])).toMatchObject({
          fulfilled: [promise.id],
        });
        const bkk = await stockOf(store, "SHIP", "WH-BKK");
        const chiangMai = await stockOf(store, "SHIP", "WH-CNX");
        expect([bkk.onHand, bkk.reserved, chiangMai.onHand, chiangMai.reserved]).toEqual([
          8, 0, 3, 0,
        ]);
        await record([event(promise.id, "DELIVERED", T0 + 20 * HOUR)]);
        expect((await store.getPromise(promise.id))?.status).toBe("fulfilled");
        await record([event(promise.id, "DELIVERED", T0 + 44 * HOUR, cnx)]);
        expect((await store.getPromise(promise.id))?.status).toBe("delivered");
        expect(await store.checkReservations()).toMatchObject({ fulfilled: 1, ...clean });
      });

      it("ships a promise FulfilPromise already shipped without taking its stock twice", async () => {
        const promise = await promiseFrom("e1", ["WH-BKK"]);
        await store.fulfilPromise(promise.id, T0 + HOUR);
        expect(await record([event(promise.id, "SHIPPED", T0 + 2 * HOUR)])).toMatchObject({
          applied: 1,
          fulfilled: [],
        });
        expect((await stockOf(store, "SHIP", "WH-BKK")).onHand).toBe(8);
        expect((await store.getPromise(promise.id))?.fulfilledAtMs).toBe(T0 + HOUR);
      });

      it("reports each bad row with its index, field and reason, and applies only the good ones", async () => {
        const promise = await promiseFrom("e1", ["WH-BKK"]);
        const cancelled = await promiseFrom("e2", ["WH-BKK"]);
        await store.cancelPromise(cancelled.id, T0 + HOUR);
        await record([event(promise.id, "SHIPPED", T0 + 5 * HOUR)]);
        const seq = await store.currentSeq();
        const before = await allStock(store);
        const result = await record([
          event("prm_nope", "SHIPPED", T0 + HOUR),
          event(promise.id, "DELIVERED", T0 + 4 * HOUR),
          event(promise.id, "OUT_FOR_DELIVERY", T0 - HOUR),
          event(promise.id, "OUT_FOR_DELIVERY", NOW + 25 * HOUR),
          event(promise.id, "LOST_IN_SPACE", T0 + 6 * HOUR),
          event(promise.id, "OUT_FOR_DELIVERY", T0 + 6 * HOUR, { warehouseId: "WH-XXX" }),
          event(cancelled.id, "SHIPPED", T0 + 6 * HOUR),
          event(promise.id, "OUT_FOR_DELIVERY", T0 + 20 * HOUR),
          event(promise.id, "OUT_FOR_DELIVERY", Number.NaN),
        ]);
        expect(result.errors).toEqual([
          { index: 0, field: "events[0].promise_id", reason: "unknown promise" },
          {
            index: 1,
            field: "events[1].occurred_at",
            reason: "delivered before the shipment shipped",
          },
          { index: 2, field: "events[2].occurred_at", reason: "before the promise was confirmed" },
          { index: 3, field: "events[3].occurred_at", reason: "more than a day in the future" },
          {
            index: 4,
            field: "events[4].kind",
            reason:
              'unknown kind "LOST_IN_SPACE"; expected one of SHIPPED, OUT_FOR_DELIVERY, DELIVERED, DELIVERY_FAILED, RETURNED',
          },
          {
            index: 5,
            field: "events[5].warehouse_id",
            reason: "the promise has no shipment from this warehouse",
          },
          { index: 6, field: "events[6].promise_id", reason: "the promise was cancelled" },
          { index: 8, field: "events[8].occurred_at", reason: "required" },
        ]);
        expect([result.applied, result.duplicates]).toEqual([1, 0]);
        expect(await store.currentSeq()).toBe(seq + 1);
        expect((await store.getShipments(promise.id))[0]?.state).toBe("OUT_FOR_DELIVERY");
        expect(await store.getShipments(cancelled.id)).toEqual([]);
        expect(await allStock(store)).toEqual(before);
        // A batch of only bad rows writes nothing at all.
        const none = await record([event("prm_nope", "SHIPPED", T0 + HOUR)]);
        expect([none.applied, none.errors.length]).toEqual([0, 1]);
        expect(await store.currentSeq()).toBe(seq + 1);
      });

      it("pages delivered shipments and imported history by delivered day", async () => {
        const a = await promiseFrom("a", ["WH-BKK"]);
        const b = await promiseFrom("b", ["WH-BKK"]);
        await record([
          event(a.id, "SHIPPED", T0 + HOUR),
          event(a.id, "DELIVERED", T0 + 30 * HOUR),
          event(b.id, "SHIPPED", T0 + HOUR),
        ]);
        expect(
          await store.importDeliveries([
            {
              warehouseId: "WH-BKK",
              serviceId: "kerry-express",
              countryCode: "TH",
              postalCode: "50000",
              shipDay: addDays(MON, -7),
              deliveredDay: addDays(MON, -5),
              promisedLatestDay: addDays(MON, -6),
            },
            {
              warehouseId: "WH-CNX",
              serviceId: "thp-ems",
              countryCode: "TH",
              postalCode: "10110",
              shipDay: MON,
              deliveredDay: WED,
              promisedLatestDay: null,
            },
          ]),
        ).toBe(2);
        const read = async (from: Day, to: Day) => {
          const all = [];
          for await (const page of store.loadDeliveries(from, to, { batchSize: 1 })) {
            all.push(...page);
          }
          return all;
        };
        expect(await read(MON, WED)).toEqual([
          {
            source: "promise",
            warehouseId: "WH-BKK",
            serviceId: "kerry-express",
            countryCode: "TH",
            postalCode: "10110",
            shipDay: MON,
            deliveredDay: TUE,
            promisedEarliestDay: TUE,
            promisedLatestDay: WED,
            onTimeProbability: null,
          },
          {
            source: "import",
            warehouseId: "WH-CNX",
            serviceId: "thp-ems",
            countryCode: "TH",
            postalCode: "10110",
            shipDay: MON,
            deliveredDay: WED,
            promisedEarliestDay: null,
            promisedLatestDay: null,
            onTimeProbability: null,
          },
        ]);
        expect(
          (await read(addDays(MON, -10), addDays(MON, -1))).map((d) => [d.source, d.deliveredDay]),
        ).toEqual([["import", MON - 5]]);
        // By ship day, delivered or not: both promises (b not delivered yet), the Monday import.
        const shipped = [];
        for await (const page of store.loadShipped(MON, MON, { batchSize: 1 }))
          shipped.push(...page);
        expect(
          shipped.map((s) => [s.source, s.promiseId, s.shipDay, s.deliveredDay]).sort(),
        ).toEqual(
          [
            ["promise", a.id, MON, TUE],
            ["promise", b.id, MON, null],
            ["import", null, MON, WED],
          ].sort(),
        );
      });
    });

    describe("accuracy's counts of promises' shipments (migration 0015)", () => {
      const HOUR = 3_600_000;
      const NOW = T0 + 48 * HOUR;
      const THU = addDays(MON, 3);

      beforeEach(async () => {
        await store.upsertStock([stock("SHIP", "WH-BKK", 20, 1), stock("SHIP", "WH-CNX", 20, 1)]);
      });

      async function promiseFrom(
        key: string,
        warehouses: string[],
        onTimeProbability?: number,
      ): Promise<StoredPromise> {
        return confirmed(
          await store.confirm(
            request(key, ["SHIP"], [key, warehouses]),
            claim(
              warehouses.map((w) => ({ sku: "SHIP", warehouseId: w, quantity: 1 })),
              warehouses.map((w) => ({ warehouseId: w, day: MON })),
              {
                destination: { countryCode: "TH", postalCode: "10110", province: "" },
                shipments: warehouses.map((w) => ({
                  warehouseId: w,
                  serviceId: "kerry-express",
                  shipDate: "2025-11-24",
                  deliveryEarliest: "2025-11-25",
                  deliveryLatest: "2025-11-26",
                  lines: [],
                  priceCents: 0,
                  backorder: false,
                  ...(onTimeProbability === undefined ? {} : { onTimeProbability }),
                })),
              },
            ),
          ),
        );
      }

      let eventIds = 0;
      function event(
        promiseId: string,
        kind: string,
        occurredAtMs: number,
        more: Partial<ShipmentEventInput> = {},
      ): ShipmentEventInput {
        return {
          eventId: `acc-${++eventIds}`,
          promiseId,
          warehouseId: "WH-BKK",
          kind,
          occurredAtMs,
          day: addDays(MON, Math.floor((occurredAtMs - T0) / (24 * HOUR))),
          ...more,
        };
      }
      const record = (events: ShipmentEventInput[]) =>
        store.recordShipmentEvents(events, NOW, shipmentTerms);

      /** Sorts groups by the counts' key (the engines' text orders may differ). */
      function byKey(groups: ShipmentOutcomeGroup[]): ShipmentOutcomeGroup[] {
        const key = (g: ShipmentOutcomeGroup) =>
          [
            g.shipDay,
            g.warehouseId,
            g.serviceId,
            g.countryCode,
            g.postalCode,
            g.deliveredDay ?? -1e9,
            g.promisedEarliestDay,
            g.promisedLatestDay,
            g.onTimeProbability ?? -1,
            g.promiseId ?? "",
          ] as const;
        return [...groups].sort((a, b) => {
          const x = key(a);
          const y = key(b);
          for (let i = 0; i < x.length; i++) {
            if (x[i] !== y[i]) return x[i]! < y[i]! ? -1 : 1;
          }
          return 0;
        });
      }

      /** What accuracy reads: the store's counts over Monday to Thursday. */
      async function counted(): Promise<ShipmentOutcomeGroup[]> {
        const groups: ShipmentOutcomeGroup[] = [];
        for await (const page of store.loadShipmentOutcomes(MON, THU)) groups.push(...page);
        return byKey(groups);
      }

      /** The same counted row by row from the promises' stored shipment rows. */
      async function rowByRow(promiseIds: string[]): Promise<ShipmentOutcomeGroup[]> {
        const groups = new Map<string, ShipmentOutcomeGroup>();
        for (const id of promiseIds) {
          for (const s of await store.getShipments(id)) {
            const g: ShipmentOutcomeGroup = {
              warehouseId: s.warehouseId,
              serviceId: s.serviceId,
              countryCode: s.countryCode,
              postalCode: s.postalCode,
              shipDay: s.shipDay ?? s.promisedShipDay,
              deliveredDay: s.deliveredDay,
              promisedEarliestDay: s.promisedEarliestDay,
              promisedLatestDay: s.promisedLatestDay,
              onTimeProbability: s.onTimeProbability,
              promiseId: s.promiseShipments === 1 ? null : s.promiseId,
              count: 1,
            };
            const k = JSON.stringify({ ...g, count: 0 });
            const seen = groups.get(k);
            groups.set(k, seen === undefined ? g : { ...seen, count: seen.count + 1 });
          }
        }
        return byKey([...groups.values()]);
      }

      it("equals the shipment rows counted one by one after replays, out-of-order events, failed deliveries, returns and a cancel", async () => {
        const a = await promiseFrom("a", ["WH-BKK"]);
        const b = await promiseFrom("b", ["WH-BKK"]);
        const c = await promiseFrom("c", ["WH-BKK"]);
        const d = await promiseFrom("d", ["WH-BKK", "WH-CNX"]);
        const e = await promiseFrom("e", ["WH-BKK", "WH-CNX"]);
        const f = await promiseFrom("f", ["WH-BKK"], 0.85);
        const all = [a.id, b.id, c.id, d.id, e.id, f.id];
        const cnx = { warehouseId: "WH-CNX" };

        // a and f ship Monday and arrive Tuesday (two events of one shipment in one batch); b's
        // delivery scan comes before its SHIPPED scan; c ships Tuesday by another service; d and
        // e are split carts, e shipped from one warehouse only.
        const first = [
          event(a.id, "SHIPPED", T0 + HOUR),
          event(a.id, "DELIVERED", T0 + 30 * HOUR),
          event(b.id, "DELIVERED", T0 + 30 * HOUR),
          event(c.id, "SHIPPED", T0 + 25 * HOUR, { serviceId: "thp-ems" }),
          event(d.id, "SHIPPED", T0 + HOUR),
          event(d.id, "SHIPPED", T0 + 2 * HOUR, cnx),
          event(e.id, "SHIPPED", T0 + HOUR),
          event(f.id, "SHIPPED", T0 + HOUR),
          event(f.id, "DELIVERED", T0 + 30 * HOUR),
        ];
        expect((await record(first)).applied).toBe(9);
        const afterFirst = await counted();
        expect(afterFirst).toEqual(await rowByRow(all));
        // The same batch again: all duplicates, nothing moves.
        expect((await record(first)).duplicates).toBe(9);
        expect(await counted()).toEqual(afterFirst);

        // b's SHIPPED scan arrives late; a failed attempt after a's delivery scan takes it back;
        // d's Bangkok parcel arrives; f is returned by the shopper (the delivery stands).
        await record([
          event(b.id, "SHIPPED", T0 + 6 * HOUR),
          event(a.id, "DELIVERY_FAILED", T0 + 31 * HOUR),
          event(d.id, "DELIVERED", T0 + 30 * HOUR),
          event(f.id, "RETURNED", T0 + 47 * HOUR),
        ]);
        expect(await counted()).toEqual(await rowByRow(all));

        // e is cancelled with one parcel on its way (its row stays, and is counted like every
        // row); e's next scan is refused; a is delivered on Wednesday.
        await store.cancelPromise(e.id, T0 + 3 * HOUR);
        const last = await record([
          event(e.id, "SHIPPED", T0 + 4 * HOUR, cnx),
          event(a.id, "DELIVERED", T0 + 50 * HOUR),
        ]);
        expect([last.applied, last.errors.length]).toEqual([1, 1]);
        const groups = await counted();
        expect(groups).toEqual(await rowByRow(all));

        // By hand: Monday from Bangkok by Kerry, promised Tue..Wed: e's parcel (not delivered,
        // counted by promise as e has two shipments); b on Tuesday; d's Bangkok parcel on
        // Tuesday (by promise); f on Tuesday (promised with 0.85); a on Wednesday. d's Chiang Mai
        // parcel on its way; c shipped Tuesday by Thailand Post. a's emptied group (Monday, not
        // delivered) is gone.
        const lane = {
          countryCode: "TH",
          postalCode: "10110",
          promisedEarliestDay: TUE,
          promisedLatestDay: WED,
          onTimeProbability: null,
          count: 1,
        };
        const bkk = { ...lane, warehouseId: "WH-BKK", serviceId: "kerry-express", shipDay: MON };
        expect(groups).toEqual([
          { ...bkk, deliveredDay: null, promiseId: e.id },
          { ...bkk, deliveredDay: TUE, promiseId: null },
          { ...bkk, deliveredDay: TUE, promiseId: d.id },
          { ...bkk, deliveredDay: TUE, onTimeProbability: 0.85, promiseId: null },
          { ...bkk, deliveredDay: WED, promiseId: null },
          {
            ...lane,
            warehouseId: "WH-CNX",
            serviceId: "kerry-express",
            shipDay: MON,
            deliveredDay: null,
            promiseId: d.id,
          },
          {
            ...lane,
            warehouseId: "WH-BKK",
            serviceId: "thp-ems",
            shipDay: TUE,
            deliveredDay: null,
            promiseId: null,
          },
        ]);
      });

      it("stays equal to the rows when instances send overlapping batches at once", async () => {
        const other = await open();
        const promises: StoredPromise[] = [];
        for (const key of ["r1", "r2", "r3", "r4"]) {
          promises.push(await promiseFrom(key, ["WH-BKK", "WH-CNX"]));
        }
        const all = promises.map((p) => p.id);
        // Each instance ships and delivers every parcel, with its own events at other instants
        // (so both apply) and half of the other's events again (duplicates).
        const feed = (offset: number) =>
          promises.flatMap((p) =>
            ["WH-BKK", "WH-CNX"].flatMap((warehouseId) => [
              event(p.id, "SHIPPED", T0 + (1 + offset) * HOUR, { warehouseId }),
              event(p.id, "DELIVERED", T0 + (26 + offset * 24) * HOUR, { warehouseId }),
            ]),
          );
        const a = feed(0);
        const b = feed(1);
        await Promise.all([
          store.recordShipmentEvents([...a, ...b.slice(0, 8)], NOW, shipmentTerms),
          other.recordShipmentEvents([...b, ...a.slice(8)], NOW, shipmentTerms),
        ]);
        const groups = await counted();
        expect(groups).toEqual(await rowByRow(all));
        // Every parcel shipped Monday (the earlier scan) and was delivered Wednesday (the later).
        expect(groups.map((g) => [g.shipDay, g.deliveredDay, g.count])).toEqual(
          all.flatMap(() => [
            [MON, WED, 1],
            [MON, WED, 1],
          ]),
        );
      });

      it("counts one-shipment promises' parcels of one outcome together", async () => {
        const promises = [];
        for (const key of ["x", "y", "z"]) promises.push(await promiseFrom(key, ["WH-BKK"]));
        await record(
          promises.flatMap((p) => [
            event(p.id, "SHIPPED", T0 + HOUR),
            event(p.id, "DELIVERED", T0 + 30 * HOUR),
          ]),
        );
        // z's delivery moves to Wednesday in a later batch: 2 stay on Tuesday.
        await record([event(promises[2]!.id, "DELIVERED", T0 + 50 * HOUR)]);
        expect((await counted()).map((g) => [g.deliveredDay, g.promiseId, g.count])).toEqual([
          [TUE, null, 2],
          [WED, null, 1],
        ]);
      });
    });

    describe("under concurrency", () => {
      it("confirms exactly 100 of 400 concurrent single-unit promises on 100 units", async () => {
        await store.upsertStock([stock("HOT", "WH-BKK", 100, 1)]);
        const stores = [store, await open(), await open(), await open()];
        const lines = [{ sku: "HOT", warehouseId: "WH-BKK", quantity: 1 }];
        const outcomes = await Promise.all(
          Array.from({ length: 400 }, (_, i) =>
            stores[i % stores.length]!.confirm(request(`hot-${i}`, ["HOT"]), claim(lines)),
          ),
        );
        const count = (kind: string) => outcomes.filter((o) => o.kind === kind).length;
        expect(count("confirmed")).toBe(100);
        expect(count("rejected")).toBe(300);
        const row = await stockOf(store, "HOT", "WH-BKK");
        expect(row.reserved).toBe(100);
        expect(row.onHand - row.reserved).toBe(0);
        const report = await store.checkReservations();
        expect(report).toMatchObject({
          confirmed: 100,
          stockMismatches: [],
          overReserved: 0,
          orphanReservations: 0,
        });
      });

      it("lands exactly 50 of 400 concurrent promises on a day with capacity 50", async () => {
        await store.upsertStock([stock("PLENTY", "WH-BKK", 10_000, 1)]);
        await store.setCapacity("WH-BKK", { daily: 50 });
        const stores = [store, await open(), await open(), await open()];
        const lines = [{ sku: "PLENTY", warehouseId: "WH-BKK", quantity: 1 }];
        const days = [{ warehouseId: "WH-BKK", day: TUE }];
        const outcomes = await Promise.all(
          Array.from({ length: 400 }, (_, i) =>
            stores[i % stores.length]!.confirm(request(`cap-${i}`, ["PLENTY"]), claim(lines, days)),
          ),
        );
        expect(outcomes.filter((o) => o.kind === "confirmed")).toHaveLength(50);
        const rejected = outcomes.filter((o) => o.kind === "rejected");
        expect(rejected).toHaveLength(350);
        expect(new Set(rejected.map((o) => (o.kind === "rejected" ? o.reason : "")))).toEqual(
          new Set(["CAPACITY_FULL"]),
        );
        const { loads } = await store.loadCapacity();
        expect(loads.map((l) => [l.day, l.promised])).toEqual([[TUE, 50]]);
        expect((await stockOf(store, "PLENTY", "WH-BKK")).reserved).toBe(50);
        const report = await store.checkReservations();
        expect(report.loadMismatches).toEqual([]);
        expect(report.stockMismatches).toEqual([]);
      });

      it("lets a confirm see what the confirms just before it reserved", async () => {
        await store.upsertStock([stock("PAIR", "WH-BKK", 2, 1)]);
        const careful = (snapshot: ConfirmSnapshot): ConfirmDecision => {
          const row = snapshot.stock.find((r) => r.sku === "PAIR")!;
          if (row.onHand - row.reserved - row.safetyStock < 1) {
            return { ok: false, reason: "NONE_LEFT", details: { reserved: row.reserved } };
          }
          return claim([{ sku: "PAIR", warehouseId: "WH-BKK", quantity: 1 }])(snapshot);
        };
        const outcomes = await Promise.all(
          ["a", "b", "c"].map((k) => store.confirm(request(k, ["PAIR"]), careful)),
        );
        expect(outcomes.map((o) => o.kind)).toEqual(["confirmed", "confirmed", "rejected"]);
        expect(outcomes[2]).toEqual({
          kind: "rejected",
          reason: "NONE_LEFT",
          details: { reserved: 2 },
        });
      });

      it("fails only the confirm whose decide throws", async () => {
        await store.upsertStock([stock("SKU-T", "WH-BKK", 10, 1)]);
        const lines = [{ sku: "SKU-T", warehouseId: "WH-BKK", quantity: 1 }];
        const results = await Promise.allSettled([
          store.confirm(request("t1", ["SKU-T"]), claim(lines)),
          store.confirm(request("t2", ["SKU-T"]), () => {
            throw new DomainError("FAILED_PRECONDITION", "no option");
          }),
          store.confirm(request("t3", ["SKU-T"]), claim(lines)),
        ]);
        expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
        expect((await stockOf(store, "SKU-T", "WH-BKK")).reserved).toBe(2);
        expect((await store.checkReservations()).stockMismatches).toEqual([]);
      });

      it("fails only the confirm that reuses a promise id", async () => {
        await store.upsertStock([stock("SKU-D", "WH-BKK", 10, 1)]);
        const same = (snapshot: ConfirmSnapshot): ConfirmDecision => ({
          ok: true,
          promise: { id: `dup-${snapshot.stock.length}`, payload: null, createdAtMs: T0 },
          stock: [{ sku: "SKU-D", warehouseId: "WH-BKK", quantity: 1 }],
          capacity: [],
        });
        const results = await Promise.allSettled([
          store.confirm(request("d1", ["SKU-D"]), same),
          store.confirm(request("d2", ["SKU-D"]), same),
          store.confirm(
            request("d3", ["SKU-D"]),
            claim([{ sku: "SKU-D", warehouseId: "WH-BKK", quantity: 1 }]),
          ),
        ]);
        expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
        expect((await stockOf(store, "SKU-D", "WH-BKK")).reserved).toBe(2);
        const report = await store.checkReservations();
        expect(report).toMatchObject({ confirmed: 2, stockMismatches: [], orphanReservations: 0 });
      });

      it("answers twins of one key asked together on one instance with one promise, reserving once", async () => {
        await store.upsertStock([stock("SKU-W", "WH-BKK", 10, 1)]);
        const lines = [{ sku: "SKU-W", warehouseId: "WH-BKK", quantity: 1 }];
        const outcomes = await Promise.all(
          [1, 2, 3].map(() => store.confirm(request("twin-1", ["SKU-W"]), claim(lines))),
        );
        expect(outcomes.map((o) => o.kind)).toEqual(["confirmed", "existing", "existing"]);
        const id = confirmed(outcomes[0]!).id;
        expect(outcomes.map((o) => (o.kind === "rejected" ? "" : o.promise.id))).toEqual([
          id,
          id,
          id,
        ]);
        expect((await stockOf(store, "SKU-W", "WH-BKK")).reserved).toBe(1);
      });

      it("confirms the others of a group around a refused one: 2 and 1 of 3 units taken, the 2 asked in between refused", async () => {
        await store.upsertStock([stock("SKU-G", "WH-BKK", 3, 1)]);
        const take = (quantity: number) =>
          claim([{ sku: "SKU-G", warehouseId: "WH-BKK", quantity }]);
        const outcomes = await Promise.all([
          store.confirm(request("g1", ["SKU-G"]), take(2)),
          store.confirm(request("g2", ["SKU-G"]), take(2)),
          store.confirm(request("g3", ["SKU-G"]), take(1)),
        ]);
        expect(outcomes.map((o) => o.kind)).toEqual(["confirmed", "rejected", "confirmed"]);
        expect(outcomes[1]).toEqual({
          kind: "rejected",
          reason: "OUT_OF_STOCK",
          details: { sku: "SKU-G", warehouseId: "WH-BKK" },
        });
        expect((await stockOf(store, "SKU-G", "WH-BKK")).reserved).toBe(3);
        expect((await store.checkReservations()).stockMismatches).toEqual([]);
      });

      it("holds each confirm of a group to the day limit it saw: limits 3, 1 and 3 on one ship date give 2 orders", async () => {
        await store.upsertStock([stock("PLENTY", "WH-BKK", 100, 1)]);
        const onTuesday =
          (limit: number) =>
          (snapshot: ConfirmSnapshot): ConfirmDecision => {
            const decision = claim([{ sku: "PLENTY", warehouseId: "WH-BKK", quantity: 1 }])(
              snapshot,
            );
            return decision.ok
              ? { ...decision, capacity: [{ warehouseId: "WH-BKK", day: TUE, limit }] }
              : decision;
          };
        const outcomes = await Promise.all([
          store.confirm(request("l1", ["PLENTY"]), onTuesday(3)),
          store.confirm(request("l2", ["PLENTY"]), onTuesday(1)),
          store.confirm(request("l3", ["PLENTY"]), onTuesday(3)),
        ]);
        expect(outcomes.map((o) => o.kind)).toEqual(["confirmed", "rejected", "confirmed"]);
        expect(outcomes[1]).toEqual({
          kind: "rejected",
          reason: "CAPACITY_FULL",
          details: { warehouseId: "WH-BKK", day: TUE },
        });
        const { loads } = await store.loadCapacity();
        expect(loads.map((l) => [l.warehouseId, l.day, l.promised])).toEqual([["WH-BKK", TUE, 2]]);
        expect((await store.checkReservations()).loadMismatches).toEqual([]);
      });

      it("counts external load and per-date overrides against the day's capacity", async () => {
        await store.upsertStock([stock("PLENTY", "WH-BKK", 10_000, 1)]);
        await store.setCapacity("WH-BKK", { daily: 50, overrides: [{ day: WED, value: 8 }] });
        await store.setBookedLoad("WH-BKK", [{ day: WED, orders: 5 }]);
        const lines = [{ sku: "PLENTY", warehouseId: "WH-BKK", quantity: 1 }];
        const outcomes = await Promise.all(
          Array.from({ length: 10 }, (_, i) =>
            store.confirm(
              request(`wed-${i}`, ["PLENTY"]),
              claim(lines, [{ warehouseId: "WH-BKK", day: WED }]),
            ),
          ),
        );
        expect(outcomes.filter((o) => o.kind === "confirmed")).toHaveLength(3);
      });
    });

    describe("carrier pickups", () => {
      const EMS = "thpost-ems";
      const lines = [{ sku: "PARCEL", warehouseId: "WH-BKK", quantity: 1 }];
      const emsOn = (day: Day, limit: number): PickupClaim[] => [
        { serviceId: EMS, warehouseId: "WH-BKK", day, limit },
      ];
      const pickupRows = async (s: Store, afterSeq?: number) =>
        (await s.loadCapacity(afterSeq)).pickups.map((p) => [
          p.serviceId,
          p.warehouseId,
          p.day,
          p.promised,
        ]);
      const confirmWith = (key: string, pickups: PickupClaim[], s: Store = store) =>
        s.confirm(request(key, ["PARCEL"]), claimPickups(lines, pickups));

      beforeEach(async () => {
        await store.upsertStock([stock("PARCEL", "WH-BKK", 100, 1)]);
      });

      it("lets exactly 2 of 5 concurrent confirms take a pickup limit of 2 for one service, warehouse and day", async () => {
        const stores = [store, await open(), await open()];
        const outcomes = await Promise.all(
          Array.from({ length: 5 }, (_, i) =>
            confirmWith(`pick-${i}`, emsOn(TUE, 2), stores[i % stores.length]),
          ),
        );
        const won = outcomes.filter((o) => o.kind === "confirmed");
        expect(won).toHaveLength(2);
        const lost = outcomes.filter((o) => o.kind === "rejected");
        expect(lost).toHaveLength(3);
        expect(new Set(lost.map((o) => (o.kind === "rejected" ? o.reason : "")))).toEqual(
          new Set(["CAPACITY_FULL"]),
        );
        for (const o of won) {
          expect(confirmed(o).pickups).toEqual([
            { serviceId: EMS, warehouseId: "WH-BKK", day: TUE },
          ]);
        }
        expect(await pickupRows(store)).toEqual([[EMS, "WH-BKK", TUE, 2]]);
        // The 3 refused confirms reserved nothing: 2 of the 100 units are held.
        expect((await stockOf(store, "PARCEL", "WH-BKK")).reserved).toBe(2);
        expect(await store.checkReservations()).toMatchObject({
          confirmed: 2,
          stockMismatches: [],
          pickupMismatches: [],
          shippedMismatches: [],
          orphanReservations: 0,
        });
      });

      it("counts pickups per service and day: a full Tuesday for one service leaves another service and Wednesday free", async () => {
        confirmed(await confirmWith("a", emsOn(TUE, 1)));
        expect(await confirmWith("b", emsOn(TUE, 1))).toMatchObject({
          kind: "rejected",
          reason: "CAPACITY_FULL",
          details: { serviceId: EMS, warehouseId: "WH-BKK", day: TUE },
        });
        confirmed(
          await confirmWith("c", [
            { serviceId: "kerry", warehouseId: "WH-BKK", day: TUE, limit: 1 },
          ]),
        );
        confirmed(await confirmWith("d", emsOn(WED, 1)));
        expect(await pickupRows(store)).toEqual([
          ["kerry", "WH-BKK", TUE, 1],
          [EMS, "WH-BKK", TUE, 1],
          [EMS, "WH-BKK", WED, 1],
        ]);
      });

      it("records a pickup claim without a limit (-1) and never refuses it: 2 claims give 2 pickups", async () => {
        confirmed(await confirmWith("a", emsOn(TUE, -1)));
        confirmed(await confirmWith("b", emsOn(TUE, -1)));
        expect(await pickupRows(store)).toEqual([[EMS, "WH-BKK", TUE, 2]]);
      });

      it("gives decide the 2 pickups taken on Tuesday in its snapshot", async () => {
        confirmed(await confirmWith("a", emsOn(TUE, 5)));
        confirmed(await confirmWith("b", emsOn(TUE, 5)));
        let seen: ConfirmSnapshot | undefined;
        await store.confirm(request("look", ["PARCEL"]), (snapshot) => {
          seen = snapshot;
          return { ok: false, reason: "LOOKED" };
        });
        expect(seen!.pickups.map((p) => [p.serviceId, p.warehouseId, p.day, p.promised])).toEqual([
          [EMS, "WH-BKK", TUE, 2],
        ]);
      });

      it("releases the pickup when cancelled: the 1 pickup of a limit of 1 is free again", async () => {
        const first = confirmed(await confirmWith("a", emsOn(TUE, 1)));
        const cancelled = await store.cancelPromise(first.id, T0 + 1);
        expect(cancelled?.pickups).toEqual([{ serviceId: EMS, warehouseId: "WH-BKK", day: TUE }]);
        expect(await pickupRows(store)).toEqual([[EMS, "WH-BKK", TUE, 0]]);
        confirmed(await confirmWith("b", emsOn(TUE, 1)));
        expect(await pickupRows(store)).toEqual([[EMS, "WH-BKK", TUE, 1]]);
        expect(await store.checkReservations()).toMatchObject({
          confirmed: 1,
          cancelled: 1,
          pickupMismatches: [],
          shippedMismatches: [],
          orphanReservations: 0,
        });
      });

      it("keeps the pickup of a fulfilled promise: a limit of 1 stays used up", async () => {
        const first = confirmed(await confirmWith("a", emsOn(TUE, 1)));
        await store.fulfilPromise(first.id, T0 + 1);
        expect(await pickupRows(store)).toEqual([[EMS, "WH-BKK", TUE, 1]]);
        expect(await confirmWith("b", emsOn(TUE, 1))).toMatchObject({
          kind: "rejected",
          reason: "CAPACITY_FULL",
        });
        expect(await store.checkReservations()).toMatchObject({
          confirmed: 0,
          fulfilled: 1,
          pickupMismatches: [],
          shippedMismatches: [],
        });
      });

      it("finds the 2 pickups of 1 confirmed and 1 fulfilled promise consistent after 1 of 3 was cancelled", async () => {
        const a = confirmed(await confirmWith("a", emsOn(TUE, 3)));
        const b = confirmed(await confirmWith("b", emsOn(TUE, 3)));
        confirmed(await confirmWith("c", emsOn(TUE, 3)));
        await store.cancelPromise(a.id, T0 + 1);
        await store.fulfilPromise(b.id, T0 + 2);
        expect(await pickupRows(store)).toEqual([[EMS, "WH-BKK", TUE, 2]]);
        expect(await store.checkReservations()).toMatchObject({
          confirmed: 1,
          cancelled: 1,
          fulfilled: 1,
          loadMismatches: [],
          pickupMismatches: [],
          shippedMismatches: [],
          orphanReservations: 0,
        });
      });

      it("hands back changed pickup loads in the change feed, and only those changed later", async () => {
        const a = confirmed(await confirmWith("a", emsOn(TUE, 5)));
        confirmed(await confirmWith("b", emsOn(WED, 5)));
        const all = await store.loadCapacity();
        expect(all.pickups.map((p) => [p.day, p.promised])).toEqual([
          [TUE, 1],
          [WED, 1],
        ]);
        await store.cancelPromise(a.id, T0 + 1);
        const later = await store.loadCapacity(all.seq);
        expect(later.pickups.map((p) => [p.day, p.promised])).toEqual([[TUE, 0]]);
        expect(later.pickups[0]!.changeSeq).toBeGreaterThan(all.seq);
      });
    });

    describe("backorders", () => {
      /** A stock line that may count on `allowance` units of inbound lots. */
      const line = (sku: string, quantity: number, allowance?: number): StockClaim =>
        allowance === undefined
          ? { sku, warehouseId: "WH-BKK", quantity }
          : { sku, warehouseId: "WH-BKK", quantity, inboundAllowance: allowance };
      const clean = {
        stockMismatches: [],
        loadMismatches: [],
        pickupMismatches: [],
        shippedMismatches: [],
        overReserved: 0,
        orphanReservations: 0,
      };

      beforeEach(async () => {
        // 2 on hand, a lot of 10 arriving on Wednesday.
        await store.upsertStock([
          stock("BACK", "WH-BKK", 2, 1, { inbound: [{ quantity: 10, etaDay: WED }] }),
        ]);
      });

      it("reserves 5 of 2 on hand and 10 inbound for a claim that may count on the lot", async () => {
        const promise = confirmed(
          await store.confirm(request("b1", ["BACK"]), claim([line("BACK", 5, 10)])),
        );
        expect(promise.stock).toEqual([{ sku: "BACK", warehouseId: "WH-BKK", quantity: 5 }]);
        const row = await stockOf(store, "BACK", "WH-BKK");
        expect([row.onHand, row.reserved]).toEqual([2, 5]);
        expect(await store.checkReservations()).toEqual({
          confirmed: 1,
          cancelled: 0,
          fulfilled: 0,
          ...clean,
        });
      });

      it("refuses the claim that goes beyond on hand plus its allowance", async () => {
        confirmed(await store.confirm(request("b1", ["BACK"]), claim([line("BACK", 5, 10)])));
        // 2 + 10 - 5 = 7 left to count on.
        expect(await store.confirm(request("b2", ["BACK"]), claim([line("BACK", 8, 10)]))).toEqual({
          kind: "rejected",
          reason: "OUT_OF_STOCK",
          details: { sku: "BACK", warehouseId: "WH-BKK" },
        });
        confirmed(await store.confirm(request("b3", ["BACK"]), claim([line("BACK", 7, 10)])));
        expect(
          (await store.confirm(request("b4", ["BACK"]), claim([line("BACK", 1, 10)]))).kind,
        ).toBe("rejected");
        expect((await stockOf(store, "BACK", "WH-BKK")).reserved).toBe(12);
        expect(await store.checkReservations()).toMatchObject({ confirmed: 2, ...clean });
      });

      it("counts only the allowance the claim brings, not every inbound lot", async () => {
        // 2 on hand + allowance 3 = 5, although 10 are inbound.
        expect(
          (await store.confirm(request("b1", ["BACK"]), claim([line("BACK", 6, 3)]))).kind,
        ).toBe("rejected");
        confirmed(await store.confirm(request("b2", ["BACK"]), claim([line("BACK", 5, 3)])));
      });

      it("keeps the safety stock out of a backorder too", async () => {
        await store.upsertStock([
          stock("BACK", "WH-BKK", 2, 2, {
            safetyStock: 1,
            inbound: [{ quantity: 10, etaDay: WED }],
          }),
        ]);
        // 2 on hand + 10 allowed - 1 safety stock = 11.
        expect(
          (await store.confirm(request("b1", ["BACK"]), claim([line("BACK", 12, 10)]))).kind,
        ).toBe("rejected");
        confirmed(await store.confirm(request("b2", ["BACK"]), claim([line("BACK", 11, 10)])));
      });

      it("still refuses a claim without allowance beyond what is on hand", async () => {
        expect(await store.confirm(request("b1", ["BACK"]), claim([line("BACK", 3)]))).toEqual({
          kind: "rejected",
          reason: "OUT_OF_STOCK",
          details: { sku: "BACK", warehouseId: "WH-BKK" },
        });
        expect(
          (await store.confirm(request("b2", ["BACK"]), claim([line("BACK", 3, 0)]))).kind,
        ).toBe("rejected");
        confirmed(await store.confirm(request("b3", ["BACK"]), claim([line("BACK", 2)])));
        expect((await stockOf(store, "BACK", "WH-BKK")).reserved).toBe(2);
      });

      it("refuses a claim without allowance once a backorder holds more than is on hand", async () => {
        confirmed(await store.confirm(request("b1", ["BACK"]), claim([line("BACK", 5, 10)])));
        expect((await store.confirm(request("b2", ["BACK"]), claim([line("BACK", 1)]))).kind).toBe(
          "rejected",
        );
        expect((await stockOf(store, "BACK", "WH-BKK")).reserved).toBe(5);
      });

      it("takes the largest allowance of the lines it merges for one stock row", async () => {
        // 3 + 3 = 6 units with allowance max(4, 0) = 4: 2 + 4 >= 6.
        const promise = confirmed(
          await store.confirm(
            request("b1", ["BACK"]),
            claim([line("BACK", 3, 4), line("BACK", 3)]),
          ),
        );
        expect(promise.stock).toEqual([{ sku: "BACK", warehouseId: "WH-BKK", quantity: 6 }]);
        expect((await stockOf(store, "BACK", "WH-BKK")).reserved).toBe(6);
      });

      it("applies each confirm's own allowance within a group", async () => {
        // Asked together: the backorder first, then two claims on hand only, then a backorder.
        const outcomes = await Promise.all([
          store.confirm(request("g1", ["BACK"]), claim([line("BACK", 1, 10)])),
          store.confirm(request("g2", ["BACK"]), claim([line("BACK", 1)])),
          store.confirm(request("g3", ["BACK"]), claim([line("BACK", 1)])),
          store.confirm(request("g4", ["BACK"]), claim([line("BACK", 9, 10)])),
        ]);
        expect(outcomes.map((o) => o.kind)).toEqual([
          "confirmed",
          "confirmed",
          "rejected",
          "confirmed",
        ]);
        expect((await stockOf(store, "BACK", "WH-BKK")).reserved).toBe(11);
        expect(await store.checkReservations()).toMatchObject({ confirmed: 3, ...clean });
      });

      it("releases a backorder when cancelled", async () => {
        const promise = confirmed(
          await store.confirm(request("b1", ["BACK"]), claim([line("BACK", 5, 10)])),
        );
        const cancelled = await store.cancelPromise(promise.id, T0 + 60_000);
        expect(cancelled?.status).toBe("cancelled");
        expect((await stockOf(store, "BACK", "WH-BKK")).reserved).toBe(0);
        expect(await store.checkReservations()).toEqual({
          confirmed: 0,
          cancelled: 1,
          fulfilled: 0,
          ...clean,
        });
        // What was held is free again, on hand too.
        confirmed(await store.confirm(request("b2", ["BACK"]), claim([line("BACK", 2)])));
      });

      it("ships a backorder of 5 from 2 on hand and 3 of the lot when the feed has not counted the lot yet", async () => {
        const promise = confirmed(
          await store.confirm(request("b1", ["BACK"]), claim([line("BACK", 5, 10)])),
        );
        // Before: 2 on hand + 10 inbound - 5 reserved = 7 still promisable.
        const fulfilled = await store.fulfilPromise(promise.id, T0 + 60_000);
        expect(fulfilled?.status).toBe("fulfilled");
        // 2 leave on hand, the other 3 came from the lot: 0 + 7 - 0 = 7, as before.
        const row = await stockOf(store, "BACK", "WH-BKK");
        expect([row.onHand, row.reserved, row.version]).toEqual([0, 0, 1]);
        expect(row.inbound).toEqual([{ quantity: 7, etaDay: WED }]);
        expect(await store.checkReservations()).toEqual({
          confirmed: 0,
          cancelled: 0,
          fulfilled: 1,
          ...clean,
        });
        // The feed's count after the lot arrived and 5 shipped: 2 + 10 - 5 = 7, no lot left.
        await store.upsertStock([stock("BACK", "WH-BKK", 7, 2)]);
        expect((await stockOf(store, "BACK", "WH-BKK")).onHand).toBe(7);
      });

      it("reports a row promised beyond on hand and inbound once the lot is gone", async () => {
        confirmed(await store.confirm(request("b1", ["BACK"]), claim([line("BACK", 5, 10)])));
        expect((await store.checkReservations()).overReserved).toBe(0);
        await store.upsertStock([stock("BACK", "WH-BKK", 2, 2)]); // the lot was cancelled
        expect(await store.checkReservations()).toMatchObject({
          overReserved: 1,
          stockMismatches: [],
        });
      });

      it("treats a malformed allowance as a bug in decide and reserves nothing", async () => {
        const outcome = store.confirm(request("b1", ["BACK"]), claim([line("BACK", 1, -1)]));
        await expect(outcome).rejects.toThrow(/inbound allowance -1/);
        expect((await stockOf(store, "BACK", "WH-BKK")).reserved).toBe(0);
      });

      it("confirms exactly 25 of 40 concurrent single-unit backorders on 0 on hand and 25 inbound", async () => {
        await store.upsertStock([
          stock("SOON", "WH-BKK", 0, 1, { inbound: [{ quantity: 25, etaDay: TUE }] }),
        ]);
        const stores = [store, await open(), await open(), await open()];
        const outcomes = await Promise.all(
          Array.from({ length: 40 }, (_, i) =>
            stores[i % stores.length]!.confirm(
              request(`soon-${i}`, ["SOON"]),
              claim([line("SOON", 1, 25)]),
            ),
          ),
        );
        const count = (kind: string) => outcomes.filter((o) => o.kind === kind).length;
        expect(count("confirmed")).toBe(25);
        expect(count("rejected")).toBe(15);
        expect((await stockOf(store, "SOON", "WH-BKK")).reserved).toBe(25);
        expect(await store.checkReservations()).toMatchObject({ confirmed: 25, ...clean });
      });

      it("never lets claims without allowance take more than is on hand among concurrent backorders", async () => {
        // 10 on hand, 10 inbound; 20 claims may count on the lot, 20 may not, all racing.
        await store.upsertStock([
          stock("MIX", "WH-BKK", 10, 1, { inbound: [{ quantity: 10, etaDay: TUE }] }),
        ]);
        const stores = [store, await open(), await open(), await open()];
        const outcomes = await Promise.all(
          Array.from({ length: 40 }, (_, i) =>
            stores[i % stores.length]!.confirm(
              request(`mix-${i}`, ["MIX"]),
              claim([line("MIX", 1, i % 2 === 0 ? 10 : undefined)]),
            ),
          ),
        );
        const confirmedAt = outcomes.flatMap((o, i) => (o.kind === "confirmed" ? [i] : []));
        // Each claim on hand only fitted while fewer than 10 were reserved; the claims that may
        // count on the lot fill the rest up to 20 whatever the order.
        expect(confirmedAt.filter((i) => i % 2 === 1).length).toBeLessThanOrEqual(10);
        expect(confirmedAt).toHaveLength(20);
        expect((await stockOf(store, "MIX", "WH-BKK")).reserved).toBe(20);
        expect(await store.checkReservations()).toMatchObject({ confirmed: 20, ...clean });
      });
    });

    describe("change feed", () => {
      it("starts at 0 and grows with every write", async () => {
        const s0 = await store.currentSeq();
        expect(s0).toBe(0);
        await store.upsertStock([stock("SKU-1", "WH-BKK", 1, 1)]);
        const s1 = await store.currentSeq();
        await store.setCapacity("WH-BKK", { daily: 3 });
        const s2 = await store.currentSeq();
        await store.setBookedLoad("WH-BKK", [{ day: MON, orders: 1 }]);
        const s3 = await store.currentSeq();
        expect(s1).toBeGreaterThan(s0);
        expect(s2).toBeGreaterThan(s1);
        expect(s3).toBeGreaterThan(s2);
        expect((await stockOf(store, "SKU-1", "WH-BKK")).changeSeq).toBe(s1);
      });

      it("reports this instance's writes", async () => {
        const change = nextChange(store, () => 1);
        await store.upsertStock([stock("SKU-1", "WH-BKK", 1, 1)]);
        const seq = await store.currentSeq();
        expect(await change.seen).toBe(seq);
      });

      it("reports writes made through another instance on the same database", async () => {
        const writer = await open();
        const watcher = await open({ pollIntervalMs: 20 });
        await writer.upsertStock([stock("SKU-1", "WH-BKK", 1, 1)]);
        let target = Number.POSITIVE_INFINITY;
        const change = nextChange(watcher, () => target);
        const outcome = await writer.confirm(
          request("k1", ["SKU-1"]),
          claim([{ sku: "SKU-1", warehouseId: "WH-BKK", quantity: 1 }]),
        );
        target = outcome.kind === "confirmed" ? outcome.seq : Number.NaN;
        // A write after the confirm makes sure a report with seq >= target arrives even if the
        // confirm's own report came before `target` was known.
        await writer.setBookedLoad("WH-BKK", [{ day: MON, orders: 1 }]);
        const seen = await change.seen;
        expect(seen).toBeGreaterThanOrEqual(target);
        const changed = await allStock(watcher, target - 1);
        expect(changed.map((r) => [r.sku, r.reserved])).toEqual([["SKU-1", 1]]);
      });

      it("stops reporting to a removed listener", async () => {
        const seen: number[] = [];
        const remove = store.onChange((seq) => seen.push(seq));
        await store.upsertStock([stock("SKU-1", "WH-BKK", 1, 1)]);
        const afterFirst = await store.currentSeq();
        remove();
        await store.upsertStock([stock("SKU-1", "WH-BKK", 2, 2)]);
        expect(seen.every((s) => s <= afterFirst)).toBe(true);
      });
    });

    describe("lifecycle", () => {
      it("opens several instances at once on a new database", async () => {
        const fresh = await harness.createDatabase();
        try {
          const stores = await Promise.all([fresh.open(), fresh.open(), fresh.open()]);
          try {
            await stores[0]!.upsertStock([stock("SKU-1", "WH-BKK", 1, 1)]);
            expect(await stores[2]!.currentSeq()).toBe(await stores[0]!.currentSeq());
          } finally {
            for (const s of stores) await s.close();
          }
        } finally {
          await fresh.drop();
        }
      });

      it("answers the confirms already asked when closed", async () => {
        await store.upsertStock([stock("SKU-1", "WH-BKK", 10, 1)]);
        const s = await open();
        const lines = [{ sku: "SKU-1", warehouseId: "WH-BKK", quantity: 1 }];
        const pending = ["a", "b", "c"].map((k) => s.confirm(request(k, ["SKU-1"]), claim(lines)));
        await s.close();
        const outcomes = await Promise.all(pending);
        expect(outcomes.map((o) => o.kind)).toEqual(["confirmed", "confirmed", "confirmed"]);
        expect((await stockOf(store, "SKU-1", "WH-BKK")).reserved).toBe(3);
      });

      it("refuses calls after close with UNAVAILABLE", async () => {
        const s = await open();
        await s.close();
        await expectDomainError(s.currentSeq(), "UNAVAILABLE");
        await s.close();
      });
    });
  });
}
