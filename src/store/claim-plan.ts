import type { Day } from "../engine/day.js";
import type { PromiseLeg } from "./promise-legs.js";
import type {
  CapacityDefault,
  CapacityOverride,
  ConfirmOutcome,
  ConfirmRequest,
  ConfirmSnapshot,
  LoadRecord,
  PickupLoadRecord,
  StockRecord,
  StoredPromise,
} from "./store.js";
import { REJECTED_CAPACITY, REJECTED_STOCK } from "./store.js";
import { comparePickupKey, compareStockKey, type PreparedClaims } from "./store-input.js";

/**
 * The claim arithmetic of a confirm group, the same for both engines.
 *
 * `ClaimState` is the group's snapshot in memory: each confirm's `decide` sees what the earlier
 * confirms of the group reserved, and `take` refuses the claims that do not fit. `planClaims`
 * adds the accepted claims up per row, so a driver applies one conditional write per row that
 * re-checks the room against what another process may have taken meanwhile:
 *
 * - stock:   `on_hand + allowance - reserved - safety_stock >= quantity`, then `reserved += quantity`
 * - load:    `limit < 0 or external + promised + count <= limit`, then `promised += count`
 * - pickup:  `limit < 0 or promised + count <= limit`, then `promised += count`
 *
 * A write whose condition fails means the room is gone: the driver reports the row's refusal
 * (REJECTED_STOCK / REJECTED_CAPACITY with `details` as below) and writes nothing of the group.
 */
export class ClaimState {
  readonly #stock = new Map<string, StockRecord>();
  /** Stock keys per SKU, in snapshot order. */
  readonly #stockOfSku = new Map<string, string[]>();
  readonly #capacity: readonly CapacityDefault[];
  readonly #overrides: readonly CapacityOverride[];
  readonly #loads = new Map<string, LoadRecord>();
  readonly #pickups = new Map<string, PickupLoadRecord>();
  /** The load and pickup rows the snapshot had. */
  readonly #knownLoads: ReadonlySet<string>;
  readonly #knownPickups: ReadonlySet<string>;

  constructor(snapshot: ConfirmSnapshot) {
    for (const r of snapshot.stock) {
      const key = stockKey(r.sku, r.warehouseId);
      this.#stock.set(key, r);
      const keys = this.#stockOfSku.get(r.sku);
      if (keys === undefined) this.#stockOfSku.set(r.sku, [key]);
      else keys.push(key);
    }
    this.#capacity = snapshot.capacity;
    this.#overrides = snapshot.overrides;
    for (const l of snapshot.loads) this.#loads.set(loadKey(l.warehouseId, l.day), l);
    for (const k of snapshot.pickups) {
      this.#pickups.set(pickupKey(k.serviceId, k.warehouseId, k.day), k);
    }
    this.#knownLoads = new Set(this.#loads.keys());
    this.#knownPickups = new Set(this.#pickups.keys());
  }

  /** Whether the snapshot had this load row (a driver creates the missing ones before writing). */
  hadLoad(warehouseId: string, day: number): boolean {
    return this.#knownLoads.has(loadKey(warehouseId, day));
  }

  hadPickup(serviceId: string, warehouseId: string, day: number): boolean {
    return this.#knownPickups.has(pickupKey(serviceId, warehouseId, day));
  }

  /** The part of the state one confirm's `decide` sees (its SKUs, their warehouses, its days). */
  viewFor(request: ConfirmRequest): ConfirmSnapshot {
    const stock: StockRecord[] = [];
    const whs = new Set<string>();
    for (const sku of new Set(request.skus)) {
      for (const key of this.#stockOfSku.get(sku) ?? []) {
        const r = this.#stock.get(key)!;
        stock.push(r);
        whs.add(r.warehouseId);
      }
    }
    for (const location of request.locations ?? []) whs.add(location);
    const inRange = (day: number) => day >= request.fromDay && day <= request.toDay;
    const loads: LoadRecord[] = [];
    for (const l of this.#loads.values()) {
      if (whs.has(l.warehouseId) && inRange(l.day)) loads.push(l);
    }
    const pickups: PickupLoadRecord[] = [];
    for (const k of this.#pickups.values()) {
      if (whs.has(k.warehouseId) && inRange(k.day)) pickups.push(k);
    }
    return {
      stock,
      capacity: this.#capacity.filter((c) => whs.has(c.warehouseId)),
      overrides: this.#overrides.filter((o) => whs.has(o.warehouseId) && inRange(o.day)),
      loads: loads.sort(compareLoadKey),
      pickups: pickups.sort(comparePickupKey),
    };
  }

  /** Takes the claims when they all fit; otherwise the refusal, and nothing is taken. */
  take(claims: PreparedClaims): ConfirmOutcome | undefined {
    const refusal = this.check(claims);
    if (refusal !== undefined) return refusal;
    this.#apply(claims);
    return undefined;
  }

  /** The refusal when the claims do not all fit; nothing is taken either way. */
  check(claims: PreparedClaims): ConfirmOutcome | undefined {
    for (const c of claims.stock) {
      const r = this.#stock.get(stockKey(c.sku, c.warehouseId));
      if (
        r === undefined ||
        r.onHand + c.inboundAllowance - r.reserved - r.safetyStock < c.quantity
      ) {
        return stockRefusal(c.sku, c.warehouseId);
      }
    }
    for (const c of claims.capacity) {
      const l = this.#loads.get(loadKey(c.warehouseId, c.day));
      if (c.limit >= 0 && (l?.external ?? 0) + (l?.promised ?? 0) + 1 > c.limit) {
        return loadRefusal(c.warehouseId, c.day);
      }
    }
    for (const c of claims.pickups) {
      const k = this.#pickups.get(pickupKey(c.serviceId, c.warehouseId, c.day));
      if (c.limit >= 0 && (k?.promised ?? 0) + 1 > c.limit) {
        return pickupRefusal(c.serviceId, c.warehouseId, c.day);
      }
    }
    return undefined;
  }

  #apply(claims: PreparedClaims): void {
    for (const c of claims.stock) {
      const key = stockKey(c.sku, c.warehouseId);
      const r = this.#stock.get(key)!;
      this.#stock.set(key, { ...r, reserved: r.reserved + c.quantity });
    }
    for (const c of claims.capacity) {
      const key = loadKey(c.warehouseId, c.day);
      const l = this.#loads.get(key);
      this.#loads.set(key, {
        warehouseId: c.warehouseId,
        day: c.day,
        external: l?.external ?? 0,
        promised: (l?.promised ?? 0) + 1,
        shipped: l?.shipped ?? 0,
        shippedOn: l?.shippedOn ?? 0,
        changeSeq: l?.changeSeq ?? 0,
      });
    }
    for (const c of claims.pickups) {
      const key = pickupKey(c.serviceId, c.warehouseId, c.day);
      const k = this.#pickups.get(key);
      this.#pickups.set(key, {
        serviceId: c.serviceId,
        warehouseId: c.warehouseId,
        day: c.day,
        promised: (k?.promised ?? 0) + 1,
        changeSeq: k?.changeSeq ?? 0,
      });
    }
  }
}

/** A confirm the group accepted: its promise as it will be stored, and its merged claims. */
export interface AcceptedClaims {
  readonly promise: StoredPromise;
  /** The promise's payload as stored (JSON text). */
  readonly payload: string;
  /** Its `promise_leg` rows (promiseLegs of the payload), written with it. */
  readonly legs: readonly PromiseLeg[];
  readonly claims: PreparedClaims;
}

/** One conditional write of a stock row. */
export interface StockWrite {
  readonly sku: string;
  readonly warehouseId: string;
  /** Units the group reserves on the row. */
  readonly quantity: number;
  /**
   * The row's confirms must each fit after the earlier ones of the group: on hand - reserved -
   * safety stock >= (units claimed up to and including it) - its allowance, for all of them; one
   * condition with `need` the largest right-hand side, written as `allowance = quantity - need`
   * (0 when no claim has an allowance).
   */
  readonly allowance: number;
}

/** One conditional write of a load row (orders of a warehouse's ship date). */
export interface LoadWrite {
  readonly warehouseId: string;
  readonly day: Day;
  readonly count: number;
  /** The smallest limit the group's confirms saw; -1 = no limit. */
  readonly limit: number;
  /** The snapshot had no row: create one of zeros first. */
  readonly missing: boolean;
}

/** One conditional write of a pickup load row. */
export interface PickupWrite {
  readonly serviceId: string;
  readonly warehouseId: string;
  readonly day: Day;
  readonly count: number;
  readonly limit: number;
  readonly missing: boolean;
}

/** What one group writes: rows in key order (a fixed lock order across writers), then inserts. */
export interface ClaimPlan {
  readonly stock: readonly StockWrite[];
  readonly loads: readonly LoadWrite[];
  readonly pickups: readonly PickupWrite[];
  /** Promises to insert, in arrival order; their reservations are `promise.stock` and so on. */
  readonly promises: readonly AcceptedClaims[];
}

export function planClaims(state: ClaimState, accepted: readonly AcceptedClaims[]): ClaimPlan {
  const stock = new Map<string, { sku: string; warehouseId: string; q: number; need: number }>();
  const loads = new Map<string, { warehouseId: string; day: Day; count: number; limit: number }>();
  const pickups = new Map<
    string,
    { serviceId: string; warehouseId: string; day: Day; count: number; limit: number }
  >();
  for (const a of accepted) {
    for (const c of a.claims.stock) {
      const key = stockKey(c.sku, c.warehouseId);
      const s = stock.get(key) ?? {
        sku: c.sku,
        warehouseId: c.warehouseId,
        q: 0,
        need: Number.NEGATIVE_INFINITY,
      };
      s.q += c.quantity;
      s.need = Math.max(s.need, s.q - c.inboundAllowance);
      stock.set(key, s);
    }
    for (const c of a.claims.capacity) {
      const key = loadKey(c.warehouseId, c.day);
      const l = loads.get(key) ?? { warehouseId: c.warehouseId, day: c.day, count: 0, limit: -1 };
      l.count += 1;
      l.limit = smallestLimit(l.limit, c.limit);
      loads.set(key, l);
    }
    for (const c of a.claims.pickups) {
      const key = pickupKey(c.serviceId, c.warehouseId, c.day);
      const k = pickups.get(key) ?? {
        serviceId: c.serviceId,
        warehouseId: c.warehouseId,
        day: c.day,
        count: 0,
        limit: -1,
      };
      k.count += 1;
      k.limit = smallestLimit(k.limit, c.limit);
      pickups.set(key, k);
    }
  }
  return {
    stock: [...stock.values()]
      .map((s) => ({
        sku: s.sku,
        warehouseId: s.warehouseId,
        quantity: s.q,
        allowance: s.q - s.need,
      }))
      .sort(compareStockKey),
    loads: [...loads.values()]
      .map((l) => ({ ...l, missing: !state.hadLoad(l.warehouseId, l.day) }))
      .sort(compareLoadKey),
    pickups: [...pickups.values()]
      .map((k) => ({ ...k, missing: !state.hadPickup(k.serviceId, k.warehouseId, k.day) }))
      .sort(comparePickupKey),
    promises: accepted,
  };
}

/** The refusal when a stock row has no room for a claim. */
export function stockRefusal(sku: string, warehouseId: string): ConfirmOutcome {
  return { kind: "rejected", reason: REJECTED_STOCK, details: { sku, warehouseId } };
}

/** The refusal when a warehouse's ship date is full. */
export function loadRefusal(warehouseId: string, day: number): ConfirmOutcome {
  return { kind: "rejected", reason: REJECTED_CAPACITY, details: { warehouseId, day } };
}

/** The refusal when a carrier pickup is full. */
export function pickupRefusal(serviceId: string, warehouseId: string, day: number): ConfirmOutcome {
  return { kind: "rejected", reason: REJECTED_CAPACITY, details: { serviceId, warehouseId, day } };
}

function smallestLimit(a: number, b: number): number {
  if (a < 0) return b;
  if (b < 0) return a;
  return Math.min(a, b);
}

function stockKey(sku: string, warehouseId: string): string {
  return `${sku}\u0000${warehouseId}`;
}

function loadKey(warehouseId: string, day: number): string {
  return `${warehouseId}\u0000${day}`;
}

function pickupKey(serviceId: string, warehouseId: string, day: number): string {
  return `${serviceId}\u0000${warehouseId}\u0000${day}`;
}

function compareLoadKey(
  a: { warehouseId: string; day: number },
  b: { warehouseId: string; day: number },
): number {
  if (a.warehouseId !== b.warehouseId) return a.warehouseId < b.warehouseId ? -1 : 1;
  return a.day - b.day;
}
