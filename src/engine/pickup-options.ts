import type {
  CompiledNetwork,
  CompiledStore,
  CompiledTransfer,
  CompiledWarehouse,
  CompiledZone,
} from "./compiled-network.js";
import type { Day } from "./day.js";
import { distanceKm, type GeoPoint } from "./geo-point.js";
import { localDayOf } from "./local-day.js";
import type { CartLineQuery } from "./quote-cart.js";
import type { Reason } from "./shipping-option.js";
import type { CapacityReader, StockReader } from "./stock-reader.js";

/** How many stores Estimate offers when the request does not say. */
export const DEFAULT_MAX_PICKUP_STORES = 3;
/** The most stores a request may ask for. */
export const MAX_PICKUP_STORES_LIMIT = 20;
/** How far pick-up capacity may push the ready day before the store is left out. */
const MAX_CAPACITY_SKIPS = 60;
const QUARTER_HOUR_MS = 15 * 60_000;

export interface PickupQuery {
  readonly lines: readonly CartLineQuery[];
  /** The destination's zone (from resolveDestination): stores serving it are candidates. */
  readonly zone: CompiledZone;
  /** The shopper's coordinates: stores are then ranked by distance, and radii count. */
  readonly point?: GeoPoint | undefined;
  /** The order instant, UTC ms (checked with checkOrderInstant). */
  readonly atMs: number;
  /** Options for at most this many stores (0: none). */
  readonly maxStores: number;
  /** Only this store, whether it serves the destination or not (a confirmation names it). */
  readonly storeId?: string | undefined;
}

/**
 * Filled in by pickupOptions: the same answer holds for every order instant from the query's up
 * to (not including) `untilMs`, everything else equal (the lines' stock, the capacity view, the
 * network). Each comparison of the order instant with an instant of the network (a local midnight,
 * a last order time, a transfer cut-off, opening, a quarter hour of the ready time, a day's
 * expected-full instant) lowers it to where that comparison would change.
 */
export interface PickupValidity {
  untilMs: number;
}

/** Lowers `v.untilMs` to `ms` when that is earlier. */
function holdsUntil(v: PickupValidity, ms: number): void {
  if (ms < v.untilMs) v.untilMs = ms;
}

/** The order instant's local day at `w` (-1: outside the horizon), noting its next midnight. */
function dayAt(net: CompiledNetwork, w: CompiledWarehouse, atMs: number, v: PickupValidity): Day {
  const day = localDayOf(w, net.horizon, atMs);
  // Outside the horizon: valid for this instant only.
  holdsUntil(v, day < 0 ? atMs + 1 : w.midnightMs[day - net.horizon.firstDay + 1]!);
  return day;
}

/** Where the units of some lines come from: the store's own stock, or a transfer lane. */
export interface PickupSource {
  /** The stock location (a warehouse, or the store's own location) in net.warehouses. */
  readonly warehouseIndex: number;
  readonly warehouseId: string;
  readonly transfer: boolean;
  /** Transfers: the warehouse-local day the transfer leaves. */
  readonly departDay: Day | undefined;
  readonly lines: readonly CartLineQuery[];
}

export interface PickupOption {
  readonly storeId: string;
  readonly storeName: string;
  readonly storeIndex: number;
  /** The store's location index in net.warehouses (its stock and pick-up capacity). */
  readonly locationIndex: number;
  /** The store-local date the order is ready, and the instant. */
  readonly readyDay: Day;
  readonly readyAtMs: number;
  /** The latest order instant that is still ready on the same (store-local) date. */
  readonly orderByMs: number;
  /** Closing time of the last day the order is held. */
  readonly pickUpUntilMs: number;
  /** From the request's coordinates; undefined without them. */
  readonly distanceKm: number | undefined;
  readonly priceCents: number;
  readonly currency: string;
  /** True when a line comes by transfer from a warehouse. */
  readonly transfer: boolean;
  readonly sources: readonly PickupSource[];
  readonly reasons: readonly Reason[];
}

/**
 * Pick-up options at the nearest stores serving the destination, up to `query.maxStores` stores
 * that can have the lines ready:
 *
 * - Candidates are the stores serving the destination's zone, and, when the request carries
 *   coordinates, the stores whose radius covers them. With coordinates they are taken nearest
 *   first; without, in the order of the network file.
 * - A line comes from the store's own stock when it has the quantity available now, else by the
 *   transfer lane that gets it there first (a warehouse with the quantity available; it leaves
 *   on the lane's cut-off day, today if the order beats the warehouse-local cut-off on a working
 *   day, else the next working day; it arrives transit_days calendar days later). Stores with a
 *   line neither way are skipped (no backorders to stores).
 * - Ready: with everything in the store, today when the store is open and the order beats its
 *   last order instant (the order instant, or opening, plus preparation, rounded up to the quarter
 *   hour); else opening plus preparation of the first open day where preparation fits, on or after
 *   each transfer's arrival. A day whose pick-up capacity is used up moves it to the next
 *   (CAPACITY_FULL).
 * - order_by is the latest order instant still ready on the ready date: the store's last order
 *   instant that day, or a transfer's cut-off if earlier. pick_up_until is closing time of the
 *   `hold_days`-th open day after the ready day.
 * - Reasons use the shipping codes: AFTER_CUTOFF (the store's or the lane's), WAREHOUSE_HOLIDAY
 *   and WAREHOUSE_CLOSED (store or warehouse days), CAPACITY_FULL, plus STORE_TRANSFER.
 */
export function pickupOptions(
  net: CompiledNetwork,
  stock: StockReader,
  capacity: CapacityReader,
  query: PickupQuery,
  validity: PickupValidity = { untilMs: Number.POSITIVE_INFINITY },
): PickupOption[] {
  const options: PickupOption[] = [];
  if (query.maxStores <= 0 || net.stores.length === 0) return options;
  for (const { store, distance } of candidateStores(net, query)) {
    const option = planPickup(net, stock, capacity, store, query, distance, validity);
    if (option === undefined) continue;
    options.push(option);
    if (options.length >= query.maxStores) break;
  }
  return options;
}

interface Candidate {
  readonly store: CompiledStore;
  readonly distance: number | undefined;
}

function candidateStores(net: CompiledNetwork, query: PickupQuery): Candidate[] {
  const { point, zone } = query;
  const found: Candidate[] = [];
  for (const store of net.stores) {
    const distance = point === undefined ? undefined : distanceKm(point, store);
    if (query.storeId !== undefined) {
      if (store.id === query.storeId) found.push({ store, distance });
      continue;
    }
    const byZone = store.servesZone[zone.index] === 1;
    const byRadius =
      distance !== undefined && store.radiusKm !== undefined && distance <= store.radiusKm;
    if (byZone || byRadius) found.push({ store, distance });
  }
  if (point !== undefined) {
    found.sort((a, b) => a.distance! - b.distance! || a.store.index - b.store.index);
  }
  return found;
}

/** The first day on or after `day` the store is open and preparation fits (-1: none). */
function nextReadyDay(net: CompiledNetwork, store: CompiledStore, day: Day): Day {
  const { firstDay, length } = net.horizon;
  const loc = store.location;
  let d = day;
  while (d - firstDay < length) {
    d = loc.nextWorking[d - firstDay]!;
    if (d < 0) return -1;
    if (!Number.isNaN(loc.cutoffMs[d - firstDay]!)) return d;
    d++;
  }
  return -1;
}

interface TransferPlan {
  readonly lane: CompiledTransfer;
  readonly depart: Day;
  readonly readyFrom: Day;
}

function planTransfer(
  net: CompiledNetwork,
  store: CompiledStore,
  lane: CompiledTransfer,
  atMs: number,
  v: PickupValidity,
): TransferPlan | undefined {
  const { firstDay, length } = net.horizon;
  const w = lane.warehouse;
  const today = dayAt(net, w, atMs, v);
  if (today < 0) return undefined;
  const i = today - firstDay;
  const beforeCutoff = w.working[i] === 1 && atMs < lane.cutoffMs[i]!;
  if (beforeCutoff) holdsUntil(v, lane.cutoffMs[i]!);
  const depart = beforeCutoff ? today : (w.nextWorking[i + 1] ?? -1);
  if (depart < 0) return undefined;
  const arrive = depart + lane.transitDays;
  if (arrive - firstDay >= length) return undefined;
  const readyFrom = nextReadyDay(net, store, arrive);
  return readyFrom < 0 ? undefined : { lane, depart, readyFrom };
}

function planPickup(
  net: CompiledNetwork,
  stock: StockReader,
  capacity: CapacityReader,
  store: CompiledStore,
  query: PickupQuery,
  distance: number | undefined,
  v: PickupValidity,
): PickupOption | undefined {
  const { atMs } = query;
  const first = net.horizon.firstDay;
  const loc = store.location;
  const today = dayAt(net, loc, atMs, v);
  if (today < 0) return undefined;

  const own: CartLineQuery[] = [];
  const byLane = new Map<CompiledTransfer, { plan: TransferPlan; lines: CartLineQuery[] }>();
  for (const line of query.lines) {
    if (stock.available(line.skuIndex, loc.index) >= line.quantity) {
      own.push(line);
      continue;
    }
    let best: TransferPlan | undefined;
    for (const lane of store.transfers) {
      if (stock.available(line.skuIndex, lane.warehouse.index) < line.quantity) continue;
      const plan = planTransfer(net, store, lane, atMs, v);
      if (plan !== undefined && (best === undefined || plan.readyFrom < best.readyFrom)) {
        best = plan;
      }
    }
    if (best === undefined) return undefined;
    const group = byLane.get(best.lane) ?? { plan: best, lines: [] };
    group.lines.push(line);
    byLane.set(best.lane, group);
  }

  const reasons: Reason[] = [];
  const i0 = today - first;
  const sameDay = loc.working[i0] === 1 && atMs < loc.cutoffMs[i0]!;
  if (sameDay) holdsUntil(v, loc.cutoffMs[i0]!);
  let ready: Day = sameDay ? today : nextReadyDay(net, store, today + 1);
  if (ready < 0) return undefined;
  if (!sameDay && loc.working[i0] === 1 && own.length > 0)
    reasons.push({ code: "AFTER_CUTOFF", day: today });
  let orderByMs = Number.POSITIVE_INFINITY;
  for (const { plan } of byLane.values()) {
    const w = plan.lane.warehouse;
    const wToday = localDayOf(w, net.horizon, atMs);
    if (plan.depart > wToday && w.working[wToday - first] === 1) {
      reasons.push({ code: "AFTER_CUTOFF", day: wToday, detail: w.name });
    }
    for (let day = wToday; day < plan.depart; day++) {
      const note = w.working[day - first] === 1 ? undefined : w.notes.get(day);
      if (note !== undefined) reasons.push({ code: note.code, day, detail: note.name });
    }
    reasons.push({ code: "STORE_TRANSFER", day: plan.depart, detail: w.name });
    orderByMs = Math.min(orderByMs, plan.lane.cutoffMs[plan.depart - first]!);
    if (plan.readyFrom > ready) ready = plan.readyFrom;
  }

  for (let skips = 0; capacity.remaining(loc.index, ready) < 1; skips++) {
    if (skips >= MAX_CAPACITY_SKIPS) return undefined;
    reasons.push({ code: "CAPACITY_FULL", day: ready });
    ready = nextReadyDay(net, store, ready + 1);
    if (ready < 0) return undefined;
  }
  for (let day = today; day < ready; day++) {
    const note = loc.working[day - first] === 1 ? undefined : loc.notes.get(day);
    if (note !== undefined) reasons.push({ code: note.code, day, detail: note.name });
  }

  const r = ready - first;
  const openMs = store.openMs[r]!;
  let readyAtMs = openMs + store.prepMs;
  if (ready === today) {
    const quarter = Math.ceil((Math.max(atMs, openMs) + store.prepMs) / QUARTER_HOUR_MS);
    readyAtMs = Math.min(quarter * QUARTER_HOUR_MS, store.closeMs[r]!);
    // Before opening the ready time is opening's; after, it moves on with each quarter hour.
    holdsUntil(v, atMs < openMs ? openMs : quarter * QUARTER_HOUR_MS - store.prepMs + 1);
  }
  orderByMs = Math.min(orderByMs, loc.cutoffMs[r]!);
  const fullAt = capacity.expectedFullAtMs(loc.index, ready);
  if (fullAt !== undefined && fullAt > atMs) {
    holdsUntil(v, fullAt);
    if (fullAt < orderByMs) orderByMs = fullAt;
  }

  let held = ready;
  for (let k = 0; k < store.holdDays; k++) {
    const next = loc.nextWorking[held - first + 1] ?? -1;
    if (next < 0) break;
    held = next;
  }

  const sources: PickupSource[] = [];
  if (own.length > 0) {
    sources.push({
      warehouseIndex: loc.index,
      warehouseId: store.id,
      transfer: false,
      departDay: undefined,
      lines: own,
    });
  }
  for (const { plan, lines } of byLane.values()) {
    sources.push({
      warehouseIndex: plan.lane.warehouse.index,
      warehouseId: plan.lane.warehouse.id,
      transfer: true,
      departDay: plan.depart,
      lines,
    });
  }
  return {
    storeId: store.id,
    storeName: store.name,
    storeIndex: store.index,
    locationIndex: loc.index,
    readyDay: ready,
    readyAtMs,
    orderByMs,
    pickUpUntilMs: store.closeMs[held - first]!,
    distanceKm: distance,
    priceCents: store.priceCents,
    currency: store.currency,
    transfer: byLane.size > 0,
    sources,
    reasons,
  };
}
