import { invalidArgument } from "../domain/domain-error.js";
import type {
  BookedLoad,
  CapacityClaim,
  CapacityUpdate,
  ConfirmRequest,
  PickupClaim,
  StockClaim,
  StockUpsert,
} from "./store.js";
import { encodeInbound } from "./store-rows.js";

/**
 * Checks and normalises what callers hand to the store, the same way for both engines. The edge
 * validates requests first; these checks keep bad data out of the tables whoever calls.
 */

const INT32_MAX = 2_147_483_647;

function isCount(n: unknown): n is number {
  return Number.isInteger(n) && (n as number) >= 0 && (n as number) <= INT32_MAX;
}

function isDay(n: unknown): n is number {
  return Number.isInteger(n) && Math.abs(n as number) <= 1_000_000;
}

function requireText(value: unknown, field: string): void {
  if (typeof value !== "string" || value.length === 0) {
    throw invalidArgument(field, "must be a non-empty string");
  }
}

/** A stock row ready to write: key, values, inbound as JSON. */
export interface PreparedStockRow {
  readonly sku: string;
  readonly warehouseId: string;
  readonly onHand: number;
  readonly safetyStock: number;
  readonly inbound: string;
  readonly version: number;
  /** Input rows this one stands for (itself and same-key rows of the same version). */
  readonly weight: number;
}

export interface PreparedStockBatch {
  /** One per key, the highest version, sorted by (sku, warehouse). */
  readonly rows: readonly PreparedStockRow[];
  /** Input rows superseded by a higher version of the same key in the same batch. */
  readonly staleInBatch: number;
}

export function prepareStockUpserts(input: readonly StockUpsert[]): PreparedStockBatch {
  const byKey = new Map<string, { row: PreparedStockRow; weight: number }>();
  let staleInBatch = 0;
  for (let i = 0; i < input.length; i++) {
    const r = input[i]!;
    const at = `rows[${i}]`;
    requireText(r.sku, `${at}.sku`);
    requireText(r.warehouseId, `${at}.warehouse_id`);
    if (!isCount(r.onHand)) throw invalidArgument(`${at}.on_hand`, "must be an integer >= 0");
    if (!isCount(r.safetyStock)) {
      throw invalidArgument(`${at}.safety_stock`, "must be an integer >= 0");
    }
    if (!Number.isSafeInteger(r.version) || r.version < 0) {
      throw invalidArgument(`${at}.version`, "must be an integer >= 0");
    }
    for (let j = 0; j < r.inbound.length; j++) {
      const lot = r.inbound[j]!;
      if (!isCount(lot.quantity)) {
        throw invalidArgument(`${at}.inbound[${j}].quantity`, "must be an integer >= 0");
      }
      if (!isDay(lot.etaDay)) throw invalidArgument(`${at}.inbound[${j}].eta`, "not a valid date");
    }
    const key = `${r.sku}\u0000${r.warehouseId}`;
    const seen = byKey.get(key);
    if (seen !== undefined && seen.row.version > r.version) {
      staleInBatch++;
      continue;
    }
    if (seen !== undefined && seen.row.version === r.version) {
      seen.weight++;
      continue;
    }
    if (seen !== undefined) staleInBatch += seen.weight;
    byKey.set(key, {
      row: {
        sku: r.sku,
        warehouseId: r.warehouseId,
        onHand: r.onHand,
        safetyStock: r.safetyStock,
        inbound: encodeInbound(r.inbound),
        version: r.version,
        weight: 1,
      },
      weight: 1,
    });
  }
  const rows = [...byKey.values()].map(({ row, weight }) =>
    weight === row.weight ? row : { ...row, weight },
  );
  rows.sort(compareStockKey);
  return { rows, staleInBatch };
}

export function compareStockKey(
  a: { sku: string; warehouseId: string },
  b: { sku: string; warehouseId: string },
): number {
  if (a.sku !== b.sku) return a.sku < b.sku ? -1 : 1;
  if (a.warehouseId !== b.warehouseId) return a.warehouseId < b.warehouseId ? -1 : 1;
  return 0;
}

export function checkCapacityUpdate(warehouseId: string, update: CapacityUpdate): void {
  requireText(warehouseId, "warehouse_id");
  if (update.daily !== undefined && update.daily !== null && !isCount(update.daily)) {
    throw invalidArgument("daily_capacity", "must be an integer >= 0");
  }
  const overrides = update.overrides ?? [];
  for (let i = 0; i < overrides.length; i++) {
    const o = overrides[i]!;
    if (!isDay(o.day)) throw invalidArgument(`overrides[${i}].date`, "not a valid date");
    if (o.value !== null && !isCount(o.value)) {
      throw invalidArgument(`overrides[${i}].value`, "must be an integer >= 0");
    }
  }
}

export function checkBookedLoad(warehouseId: string, loads: readonly BookedLoad[]): void {
  requireText(warehouseId, "warehouse_id");
  for (let i = 0; i < loads.length; i++) {
    const l = loads[i]!;
    if (!isDay(l.day)) throw invalidArgument(`loads[${i}].date`, "not a valid date");
    if (!isCount(l.orders)) throw invalidArgument(`loads[${i}].value`, "must be an integer >= 0");
  }
}

/** `recentBookings` of loadCapacity: 0 (none, the default) to 1,000. */
export function checkRecentBookings(n: number | undefined): number {
  if (n === undefined) return 0;
  if (!Number.isInteger(n) || n < 0 || n > 1_000) {
    throw invalidArgument("recent_bookings", "must be an integer from 0 to 1000");
  }
  return n;
}

export function checkConfirmRequest(request: ConfirmRequest): void {
  requireText(request.idempotencyKey, "idempotency_key");
  requireText(request.requestHash, "request_hash");
  if (!isDay(request.fromDay) || !isDay(request.toDay) || request.fromDay > request.toDay) {
    throw invalidArgument("days", "fromDay and toDay must be days with fromDay <= toDay");
  }
  for (let i = 0; i < request.skus.length; i++) requireText(request.skus[i], `lines[${i}].sku`);
  const locations = request.locations ?? [];
  for (let i = 0; i < locations.length; i++) requireText(locations[i], `locations[${i}]`);
}

/** A stock claim merged per key: `inboundAllowance` is always set (0 = only stock on hand). */
export interface PreparedStockClaim extends StockClaim {
  readonly inboundAllowance: number;
}

/** The claims of a decision, merged per key and sorted (a fixed lock order across writers). */
export interface PreparedClaims {
  readonly stock: readonly PreparedStockClaim[];
  readonly capacity: readonly CapacityClaim[];
  /** One per (service, warehouse, day), sorted by service, warehouse, day. */
  readonly pickups: readonly PickupClaim[];
}

/** Throws a plain Error (a bug in `decide`, not a request error) on malformed claims. */
export function prepareClaims(
  stock: readonly StockClaim[],
  capacity: readonly CapacityClaim[],
  pickups: readonly PickupClaim[] = [],
): PreparedClaims {
  const stockByKey = new Map<string, PreparedStockClaim>();
  for (const c of stock) {
    if (typeof c.sku !== "string" || typeof c.warehouseId !== "string") {
      throw new Error("decide returned a stock claim without sku or warehouse");
    }
    if (!Number.isInteger(c.quantity) || c.quantity <= 0) {
      throw new Error(`decide returned a stock claim with quantity ${c.quantity}`);
    }
    const allowance = c.inboundAllowance ?? 0;
    if (!isCount(allowance)) {
      throw new Error(`decide returned a stock claim with inbound allowance ${allowance}`);
    }
    const key = `${c.sku}\u0000${c.warehouseId}`;
    const seen = stockByKey.get(key);
    stockByKey.set(key, {
      sku: c.sku,
      warehouseId: c.warehouseId,
      quantity: (seen?.quantity ?? 0) + c.quantity,
      inboundAllowance: Math.max(seen?.inboundAllowance ?? 0, allowance),
    });
  }
  const capacityByKey = new Map<string, CapacityClaim>();
  for (const c of capacity) {
    if (typeof c.warehouseId !== "string" || !isDay(c.day)) {
      throw new Error("decide returned a capacity claim without warehouse or day");
    }
    if (!Number.isInteger(c.limit) || c.limit < -1) {
      throw new Error(`decide returned a capacity claim with limit ${c.limit}`);
    }
    const key = `${c.warehouseId}\u0000${c.day}`;
    if (!capacityByKey.has(key)) {
      capacityByKey.set(key, { warehouseId: c.warehouseId, day: c.day, limit: c.limit });
    }
  }
  const pickupsByKey = new Map<string, PickupClaim>();
  for (const c of pickups) {
    if (typeof c.serviceId !== "string" || typeof c.warehouseId !== "string" || !isDay(c.day)) {
      throw new Error("decide returned a pickup claim without service, warehouse or day");
    }
    if (!Number.isInteger(c.limit) || c.limit < -1) {
      throw new Error(`decide returned a pickup claim with limit ${c.limit}`);
    }
    const key = `${c.serviceId}\u0000${c.warehouseId}\u0000${c.day}`;
    if (!pickupsByKey.has(key)) {
      pickupsByKey.set(key, {
        serviceId: c.serviceId,
        warehouseId: c.warehouseId,
        day: c.day,
        limit: c.limit,
      });
    }
  }
  return {
    stock: [...stockByKey.values()].sort(compareStockKey),
    pickups: [...pickupsByKey.values()].sort(comparePickupKey),
    capacity: [...capacityByKey.values()].sort((a, b) =>
      a.warehouseId !== b.warehouseId ? (a.warehouseId < b.warehouseId ? -1 : 1) : a.day - b.day,
    ),
  };
}

export function comparePickupKey(
  a: { serviceId: string; warehouseId: string; day: number },
  b: { serviceId: string; warehouseId: string; day: number },
): number {
  if (a.serviceId !== b.serviceId) return a.serviceId < b.serviceId ? -1 : 1;
  if (a.warehouseId !== b.warehouseId) return a.warehouseId < b.warehouseId ? -1 : 1;
  return a.day - b.day;
}
