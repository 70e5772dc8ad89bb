import type { CartLineQuery } from "./cart-quote.js";
import type {
  CompiledNetwork,
  CompiledOrigin,
  CompiledStore,
  CompiledTransfer,
  CompiledZone,
} from "./compiled-network.js";
import { addDays, type Day, NO_DAY } from "./day.js";
import { distanceKm, type GeoPoint } from "./geo-point.js";
import { localDayOf } from "./local-day.js";
import type { StoreIndex, WarehouseIndex } from "./network-index.js";
import type { Reason } from "./shipping-option.js";
import { backorderCoverage } from "./stock-coverage.js";
import type { CapacityReader, StockReader } from "./stock-reader.js";

/** The `serviceId` of a pick-up promise's stock movements (docs/omnichannel.md). */
export const PICKUP_SERVICE = "pickup";

/** How many stores Estimate offers when the request does not say. */
export const DEFAULT_MAX_PICKUP_STORES = 3;
/** The most stores a request may ask for. */
export const MAX_PICKUP_STORES_LIMIT = 20;
/** How far pick-up capacity may push the ready day before the store is left out. */
const MAX_CAPACITY_SKIPS = 60;
/** Same-day ready instants are rounded up to the quarter hour (see TimeWindows.ofPickups). */
export const QUARTER_HOUR_MS = 15 * 60_000;

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

/** Where the units of some lines come from: the store's own stock, or a transfer lane. */
export interface PickupSource {
  /** The stock location (a warehouse, or the store's own location) in net.warehouses. */
  readonly warehouseIndex: WarehouseIndex;
  readonly warehouseId: string;
  readonly transfer: boolean;
  /** Transfers: the warehouse-local day the transfer leaves (one order of its capacity). */
  readonly departDay: Day | undefined;
  /** Transfers: some line comes from the warehouse's inbound stock (a backorder). */
  readonly backorder: boolean;
  /**
   * Transfers a carrier collects: the service's origin at the warehouse (one carrier pickup on
   * `departDay`, reserved at confirmation when a peak limits pickups that day).
   */
  readonly origin: CompiledOrigin | undefined;
  readonly lines: readonly CartLineQuery[];
}

export interface PickupOption {
  readonly storeId: string;
  readonly storeName: string;
  readonly storeIndex: StoreIndex;
  /** The store's location index in net.warehouses (its stock and pick-up capacity). */
  readonly locationIndex: WarehouseIndex;
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
 * - A line comes from the store's own stock when it has the quantity available now (a store
 *   without a stock row for it has none), else by the transfer lane that gets it there first,
 *   planned like a shipment from that warehouse (see planTransfer): its stock available now or
 *   its inbound stock (INBOUND_STOCK, released after receiving), its lane cut-off (today if the
 *   order beats the warehouse-local cut-off on a working day, else the next working day) and one
 *   order of its daily capacity (a full day moves the transfer on: CAPACITY_FULL with the
 *   warehouse's name); it arrives transit_days calendar days later. Stores with a line neither
 *   way are skipped.
 * - Ready: with everything in the store, today when the store is open and the order beats its
 *   last order instant (the order instant, or opening, plus preparation, rounded up to the quarter
 *   hour); else opening plus preparation of the first open day where preparation fits, on or after
 *   each transfer's arrival. A day whose pick-up capacity is used up moves it to the next
 *   (CAPACITY_FULL).
 * - order_by is the latest order instant still ready on the ready date: the store's last order
 *   instant that day, or a transfer's cut-off on its departure day (or the instant the
 *   warehouse's day is expected to fill) if earlier. pick_up_until is closing time of the
 *   `hold_days`-th open day after the ready day.
 * - Reasons use the shipping codes: AFTER_CUTOFF (the store's or the lane's), WAREHOUSE_HOLIDAY
 *   and WAREHOUSE_CLOSED (store or warehouse days), CAPACITY_FULL, plus STORE_TRANSFER.
 */
export function pickupOptions(
  net: CompiledNetwork,
  stock: StockReader,
  capacity: CapacityReader,
  query: PickupQuery,
): PickupOption[] {
  const options: PickupOption[] = [];
  if (query.maxStores <= 0 || net.stores.length === 0) return options;
  if (query.point === undefined && query.storeId === undefined) {
    // The common case: the zone's stores, found at compile time, in file order.
    for (const store of net.storesByZone[query.zone.index] ?? []) {
      const option = planPickup(net, stock, capacity, store, query, undefined);
      if (option === undefined) continue;
      options.push(option);
      if (options.length >= query.maxStores) break;
    }
    return options;
  }
  for (const { store, distance } of candidateStores(net, query)) {
    const option = planPickup(net, stock, capacity, store, query, distance);
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

/** The named store, or the zone's stores and the radius stores covering the point, nearest first. */
function candidateStores(net: CompiledNetwork, query: PickupQuery): Candidate[] {
  const { point, zone } = query;
  const at = (store: CompiledStore) => (point === undefined ? undefined : distanceKm(point, store));
  if (query.storeId !== undefined) {
    const store = net.storeById.get(query.storeId);
    return store === undefined ? [] : [{ store, distance: at(store) }];
  }
  const found: Candidate[] = [];
  const byZone = net.storesByZone[zone.index] ?? [];
  for (const store of byZone) found.push({ store, distance: at(store) });
  if (point !== undefined) {
    for (const store of net.radiusStores) {
      if (store.servesZone[zone.index] === 1) continue;
      const distance = distanceKm(point, store);
      if (distance <= store.radiusKm!) found.push({ store, distance });
    }
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
    if (d < 0) return NO_DAY;
    if (!Number.isNaN(loc.cutoffMs[d - firstDay]!)) return d;
    d++;
  }
  return NO_DAY;
}

interface TransferPlan {
  readonly lane: CompiledTransfer;
  /** The warehouse-local day the transfer leaves (a working day with capacity left). */
  readonly depart: Day;
  /** The day it is released to ship (equal to depart without a carrier service). */
  readonly release: Day;
  readonly readyFrom: Day;
  /** The warehouse's local date of the order. */
  readonly today: Day;
  /** The order missed today's lane cut-off on a working day. */
  readonly afterCutoff: boolean;
  /** When the units come from inbound stock: the day the covering lot arrives. */
  readonly coverDay: Day | undefined;
  /** Days skipped because the warehouse's capacity was used up. */
  readonly fullDays: readonly Day[];
}

/**
 * How `line` gets to the store by `lane`, like a shipment from that warehouse: it leaves today
 * when the order beats the lane's cut-off on a working day, else on the next working day; not
 * before the warehouse can release it (stock available now, else inbound stock: the release date
 * of backorderCoverage); and on a day the warehouse has capacity left (one order of it, as a
 * shipment takes). It arrives `transitDays` calendar days later and is ready the first open day
 * on or after that where preparation fits.
 */
function planTransfer(
  net: CompiledNetwork,
  stock: StockReader,
  capacity: CapacityReader,
  store: CompiledStore,
  lane: CompiledTransfer,
  line: CartLineQuery,
  atMs: number,
): TransferPlan | undefined {
  const { firstDay, length } = net.horizon;
  const w = lane.warehouse;
  const today = localDayOf(w, net.horizon, atMs);
  if (today < 0) return undefined;
  const i = today - firstDay;
  const afterCutoff = w.working[i] === 1 && !(atMs < lane.cutoffMs[i]!);
  let depart = w.working[i] === 1 && !afterCutoff ? today : (w.nextWorking[i + 1] ?? NO_DAY);
  if (depart < 0) return undefined;
  let coverDay: Day | undefined;
  if (stock.available(line.skuIndex, w.index) < line.quantity) {
    const cover = backorderCoverage(net, stock, w, line.skuIndex, line.quantity, today);
    if (cover === undefined) return undefined;
    coverDay = cover.coverDay;
    if (cover.minRelease > depart) depart = cover.minRelease;
  }
  const fullDays: Day[] = [];
  const origin = lane.origin;
  let release = depart;
  if (origin === undefined) {
    // The warehouse's own van: any working day with capacity left.
    while (capacity.remaining(w.index, depart) < 1) {
      if (fullDays.length >= MAX_CAPACITY_SKIPS) return undefined;
      fullDays.push(depart);
      depart = depart + 1 - firstDay < length ? w.nextWorking[depart + 1 - firstDay]! : NO_DAY;
      if (depart < 0) return undefined;
    }
    release = depart;
  } else {
    // A carrier collects it: the origin's ship date of that release day (handling, pickup
    // days), skipping ship dates whose warehouse capacity or carrier pickups are used up, exactly
    // as planShipment does.
    depart = origin.shipOf[release - firstDay]!;
    for (;;) {
      if (depart < 0 || fullDays.length > MAX_CAPACITY_SKIPS) return undefined;
      if (
        capacity.remaining(w.index, depart) >= 1 &&
        capacity.remainingPickups(origin.index, depart) >= 1
      ) {
        break;
      }
      fullDays.push(depart);
      const last = origin.lastReleaseFor[depart - firstDay]!;
      release = last - firstDay + 1 < length ? w.nextWorking[last - firstDay + 1]! : NO_DAY;
      if (release < 0) return undefined;
      depart = origin.shipOf[release - firstDay]!;
    }
  }
  const arrive = addDays(depart, lane.transitDays);
  if (arrive - firstDay >= length) return undefined;
  const readyFrom = nextReadyDay(net, store, arrive);
  if (readyFrom < 0) return undefined;
  return { lane, depart, release, readyFrom, today, afterCutoff, coverDay, fullDays };
}

/** The lines that travel together: one lane, one departure day. */
interface TransferGroup {
  readonly plan: TransferPlan;
  readonly lines: CartLineQuery[];
  /** Some line comes from inbound stock (claimed with the warehouse's inbound allowance). */
  backorder: boolean;
}

/**
 * The pick-up option at one store for the lines ordered at `query.atMs` (undefined: the store
 * cannot have every line ready). pickupOptions calls it per candidate store; the risk monitor
 * re-plans a confirmed pick-up with it (replanPickup).
 */
export function planPickup(
  net: CompiledNetwork,
  stock: StockReader,
  capacity: CapacityReader,
  store: CompiledStore,
  query: Pick<PickupQuery, "lines" | "atMs">,
  distance: number | undefined,
): PickupOption | undefined {
  const { atMs } = query;
  const first = net.horizon.firstDay;
  const loc = store.location;
  const today = localDayOf(loc, net.horizon, atMs);
  if (today < 0) return undefined;

  const own: CartLineQuery[] = [];
  const groups: TransferGroup[] = [];
  for (const line of query.lines) {
    if (stock.available(line.skuIndex, loc.index) >= line.quantity) {
      own.push(line);
      continue;
    }
    let best: TransferPlan | undefined;
    for (const lane of store.transfers) {
      const plan = planTransfer(net, stock, capacity, store, lane, line, atMs);
      if (plan !== undefined && (best === undefined || plan.readyFrom < best.readyFrom)) {
        best = plan;
      }
    }
    if (best === undefined) return undefined;
    const plan = best;
    let group = groups.find((g) => g.plan.lane === plan.lane && g.plan.depart === plan.depart);
    if (group === undefined) {
      group = { plan, lines: [], backorder: false };
      groups.push(group);
    }
    group.lines.push(line);
    if (plan.coverDay !== undefined) group.backorder = true;
  }

  const reasons: Reason[] = [];
  const i0 = today - first;
  const sameDay = loc.working[i0] === 1 && atMs < loc.cutoffMs[i0]!;
  let ready: Day = sameDay ? today : nextReadyDay(net, store, addDays(today, 1));
  if (ready < 0) return undefined;
  if (!sameDay && loc.working[i0] === 1 && own.length > 0)
    reasons.push({ code: "AFTER_CUTOFF", day: today });
  let orderByMs = Number.POSITIVE_INFINITY;
  for (const { plan } of groups) {
    const w = plan.lane.warehouse;
    if (plan.afterCutoff) reasons.push({ code: "AFTER_CUTOFF", day: plan.today, detail: w.name });
    if (plan.coverDay !== undefined) {
      reasons.push({ code: "INBOUND_STOCK", day: plan.coverDay, detail: w.name });
    }
    const origin = plan.lane.origin;
    const full = new Set(plan.fullDays);
    for (let day = plan.today; day < plan.depart; day++) {
      const i = day - first;
      if (w.working[i] !== 1) {
        const note = w.notes.get(day);
        if (note !== undefined) reasons.push({ code: note.code, day, detail: note.name });
      } else if (
        origin !== undefined &&
        day >= plan.release &&
        origin.service.pickupDay[i] !== 1 &&
        !full.has(day)
      ) {
        // A working day the transfer's carrier does not collect.
        const carrier = origin.service.carrier;
        const note = carrier.dayOff[i] === 1 ? carrier.notes.get(day) : undefined;
        if (note !== undefined) reasons.push({ code: "CARRIER_CLOSED", day, detail: note.name });
        else reasons.push({ code: "NO_PICKUP_DAY", day, detail: carrier.name });
      }
    }
    for (const day of plan.fullDays) reasons.push({ code: "CAPACITY_FULL", day, detail: w.name });
    reasons.push({ code: "STORE_TRANSFER", day: plan.depart, detail: w.name });
    // The lane's cut-off on the last release day that still leaves on the departure day.
    const lastRelease =
      origin === undefined ? plan.depart : origin.lastReleaseFor[plan.depart - first]!;
    orderByMs = Math.min(orderByMs, plan.lane.cutoffMs[lastRelease - first]!);
    const fullAt = capacity.expectedFullAtMs(w.index, plan.depart);
    if (fullAt !== undefined && fullAt > atMs && fullAt < orderByMs) orderByMs = fullAt;
    if (plan.readyFrom > ready) ready = plan.readyFrom;
  }

  for (let skips = 0; capacity.remaining(loc.index, ready) < 1; skips++) {
    if (skips >= MAX_CAPACITY_SKIPS) return undefined;
    reasons.push({ code: "CAPACITY_FULL", day: ready });
    ready = nextReadyDay(net, store, addDays(ready, 1));
    if (ready < 0) return undefined;
  }
  for (let day = today; day < ready; day++) {
    const note = loc.working[day - first] === 1 ? undefined : loc.notes.get(day);
    if (note !== undefined) reasons.push({ code: note.code, day, detail: note.name });
  }

  const r = ready - first;
  const openMs = store.openMs[r]!;
  const readyAtMs =
    ready === today
      ? Math.min(
          Math.ceil((Math.max(atMs, openMs) + store.prepMs) / QUARTER_HOUR_MS) * QUARTER_HOUR_MS,
          store.closeMs[r]!,
        )
      : openMs + store.prepMs;
  orderByMs = Math.min(orderByMs, loc.cutoffMs[r]!);
  const fullAt = capacity.expectedFullAtMs(loc.index, ready);
  if (fullAt !== undefined && fullAt > atMs && fullAt < orderByMs) orderByMs = fullAt;

  let held = ready;
  for (let k = 0; k < store.holdDays; k++) {
    const next = loc.nextWorking[held - first + 1] ?? NO_DAY;
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
      backorder: false,
      origin: undefined,
      lines: own,
    });
  }
  for (const { plan, lines, backorder } of groups) {
    sources.push({
      warehouseIndex: plan.lane.warehouse.index,
      warehouseId: plan.lane.warehouse.id,
      transfer: true,
      departDay: plan.depart,
      backorder,
      origin: plan.lane.origin,
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
    transfer: groups.length > 0,
    sources,
    reasons,
  };
}
