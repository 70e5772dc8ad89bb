import type { CompiledNetwork } from "../engine/compiled-network.js";
import type { Day } from "../engine/day.js";
import type { CapacityReader } from "../engine/stock-reader.js";
import {
  type BacklogInputs,
  type BacklogProjection,
  type BacklogSettings,
  DEFAULT_BACKLOG_SETTINGS,
  projectBacklog,
} from "./warehouse-backlog.js";

/**
 * How many recent bookings per warehouse and ship date the booking-rate estimator keeps, the
 * fewest it needs before it says anything, and how old (relative to the newest booking) a booking
 * may be and still count.
 */
export const BOOKING_WINDOW = 16;
export const MIN_BOOKINGS_FOR_RATE = 4;
export const BOOKING_MAX_AGE_MS = 2 * 60 * 60 * 1000;

/** A small ring of the most recent booking instants for one warehouse and ship date. */
class BookingWindow {
  private readonly at = new Float64Array(BOOKING_WINDOW);
  private count = 0;
  private head = 0;
  /** The rate, worked out when a booking arrives (not per estimate); NaN: too few bookings. */
  private msPerBooking = Number.NaN;

  /** The booking instants, oldest first (pushed in that order, so `newest` is the last one). */
  static of(instants: readonly number[]): BookingWindow {
    const window = new BookingWindow();
    for (let i = Math.max(0, instants.length - BOOKING_WINDOW); i < instants.length; i++) {
      window.append(instants[i]!);
    }
    window.updateRate();
    return window;
  }

  /** Whether it holds exactly these instants, oldest first (the last BOOKING_WINDOW of them). */
  holds(instants: readonly number[]): boolean {
    const n = Math.min(instants.length, BOOKING_WINDOW);
    if (n !== this.count) return false;
    for (let k = 0; k < n; k++) {
      const stored = this.at[(this.head - n + k + BOOKING_WINDOW) % BOOKING_WINDOW];
      if (stored !== instants[instants.length - n + k]) return false;
    }
    return true;
  }

  push(atMs: number): void {
    this.append(atMs);
    this.updateRate();
  }

  private append(atMs: number): void {
    this.at[this.head] = atMs;
    this.head = (this.head + 1) % BOOKING_WINDOW;
    if (this.count < BOOKING_WINDOW) this.count++;
  }

  newest(): number | undefined {
    if (this.count === 0) return undefined;
    return this.at[(this.head - 1 + BOOKING_WINDOW) % BOOKING_WINDOW];
  }

  /**
   * The instant the remaining orders are expected to be booked, extrapolating the recent rate:
   * with the n most recent bookings t1 <= ... <= tn that lie within BOOKING_MAX_AGE_MS of tn,
   * rate = (n - 1) / (tn - t1) and the answer is tn + remaining / rate. Undefined when n is below
   * MIN_BOOKINGS_FOR_RATE or all of them share one instant.
   */
  expectedFullAt(remaining: number): number | undefined {
    if (Number.isNaN(this.msPerBooking)) return undefined;
    return this.newest()! + remaining * this.msPerBooking;
  }

  private updateRate(): void {
    this.msPerBooking = Number.NaN;
    const newest = this.newest();
    if (newest === undefined) return;
    let n = 1;
    let oldest = newest;
    for (let k = 2; k <= this.count; k++) {
      const t = this.at[(this.head - k + 2 * BOOKING_WINDOW) % BOOKING_WINDOW]!;
      if (newest - t > BOOKING_MAX_AGE_MS) break;
      n++;
      if (t < oldest) oldest = t;
    }
    if (n < MIN_BOOKINGS_FOR_RATE || newest <= oldest) return;
    this.msPerBooking = (newest - oldest) / (n - 1);
  }
}

/** Admin-set capacity and load for one warehouse, kept by id so it survives network reloads. */
interface WarehouseLoad {
  /** undefined: the network's capacity; null: no limit; a number: orders per day. */
  defaultCapacity: number | null | undefined;
  /** Per-date capacity set by the admin; wins over everything else. */
  readonly overrides: Map<Day, number>;
  /** Orders booked through other channels (replaced per date). */
  readonly external: Map<Day, number>;
  /** Orders promised by this service. */
  readonly promised: Map<Day, number>;
  readonly bookings: Map<Day, BookingWindow>;
  /** Promises due that day that shipped (on any day). */
  readonly shipped: Map<Day, number>;
  /** Promises that shipped on that warehouse-local day. */
  readonly shippedOn: Map<Day, number>;
}

function emptyLoad(): WarehouseLoad {
  return {
    defaultCapacity: undefined,
    overrides: new Map(),
    external: new Map(),
    promised: new Map(),
    bookings: new Map(),
    shipped: new Map(),
    shippedOn: new Map(),
  };
}

/**
 * Warehouse capacity and pickup limits in memory.
 *
 * - capacity(w, day): the admin's per-date override, else the admin's default (or "no limit"),
 *   else the compiled network's `warehouse.capacity[day]` (-1: no limit);
 * - load = orders booked through other channels + orders promised here, per (warehouse, day);
 * - remaining = max(0, capacity - load), Infinity when there is no limit;
 * - pickups: a service's `pickupLimit[day]` at a warehouse minus the pickups booked there;
 * - expectedFullAtMs: see BookingWindow.expectedFullAt. It depends only on recorded bookings (no
 *   clock), so it can lie in the past of an order instant; it is undefined for unlimited days.
 *   The bookings are the store's (setBookings, every process's confirms), and this process's own
 *   confirms at once (recordBooking) until the store's list replaces them.
 *
 * Backlog (see projectBacklog): once `setNow` has given it the time, promises past their due
 * day's cut-off plus grace that have not shipped take the next days' throughput first, and the
 * learned throughput factor scales unplanned capacity; `remaining` and `expectedFullAtMs` are net
 * of both. The projection is kept per warehouse, recomputed once after a change (a booking, a
 * release, a shipment, a load or capacity update, or `setNow` passing a warehouse's cut-off plus
 * grace), so a read only looks it up.
 *
 * `version` changes whenever an answer of the reader may have changed; a booking on a day with no
 * limit changes no answer and leaves it alone (so estimate caches survive checkout traffic to
 * unlimited warehouses).
 */
export class CapacityView implements CapacityReader {
  private net: CompiledNetwork;
  private readonly loadById = new Map<string, WarehouseLoad>();
  private byIndex: WarehouseLoad[] = [];
  private readonly pickupsByKey = new Map<string, Map<Day, number>>();
  private pickupsByOrigin: Array<Map<Day, number> | undefined> = [];
  private versionValue = 0;
  private syncedSeqValue = 0;
  private backlogSettings: BacklogSettings = DEFAULT_BACKLOG_SETTINGS;
  private nowMs: number | undefined;
  /** Per warehouse index: the backlog projection, undefined until (re)computed. */
  private projections: Array<BacklogProjection | undefined> = [];
  /** The earliest instant at which some warehouse's projection must be recomputed. */
  private projectionsValidFromMs = Number.POSITIVE_INFINITY;
  private projectionsValidUntilMs = Number.NEGATIVE_INFINITY;

  constructor(net: CompiledNetwork, settings?: Partial<BacklogSettings>) {
    this.net = net;
    if (settings !== undefined) this.backlogSettings = { ...DEFAULT_BACKLOG_SETTINGS, ...settings };
    this.attach(net);
  }

  get version(): number {
    return this.versionValue;
  }

  /** The compiled network the view answers for. */
  get network(): CompiledNetwork {
    return this.net;
  }

  /** Switches to a recompiled or reloaded network, keeping admin settings and load by id. */
  setNetwork(net: CompiledNetwork): void {
    this.net = net;
    this.attach(net);
    this.invalidateAll();
  }

  remaining(warehouseIndex: number, day: Day): number {
    const cap = this.capacity(warehouseIndex, day);
    if (cap < 0) return Number.POSITIVE_INFINITY;
    const p = this.projection(warehouseIndex);
    if (p === undefined || !p.tracked || day < p.firstOpenDay) {
      return Math.max(cap - this.load(warehouseIndex, day), 0);
    }
    const eff = this.scaled(warehouseIndex, day, cap, p);
    const ahead = aheadOn(p, day);
    return Math.max(eff - ahead - this.load(warehouseIndex, day), 0);
  }

  /**
   * Orders of older work (backlog, first in first out) the warehouse still has to ship on `day`
   * before new promises; 0 when none or before the time is known.
   */
  backlog(warehouseIndex: number, day: Day): number {
    const p = this.projection(warehouseIndex);
    if (p === undefined || !p.tracked || day < p.firstOpenDay) return 0;
    return p.carryIn[day - p.firstOpenDay] ?? 0;
  }

  /**
   * The capacity limit a confirm claims against for (warehouse, day), such that the store's
   * conditional update `external + promised + 1 <= limit` holds exactly when `remaining >= 1`:
   * capacity net of the learned factor and of the backlog ahead; -1: no limit.
   */
  claimLimit(warehouseIndex: number, day: Day): number {
    const cap = this.capacity(warehouseIndex, day);
    if (cap < 0) return -1;
    const p = this.projection(warehouseIndex);
    if (p === undefined || !p.tracked || day < p.firstOpenDay) return cap;
    const eff = this.scaled(warehouseIndex, day, cap, p);
    return Math.max(0, eff - aheadOn(p, day));
  }

  /**
   * The capacity promises count on for (warehouse, day): from the first open day on, a date the
   * admin planned stays exact and other dates take the learned factor; -1: no limit.
   */
  effectiveCapacity(warehouseIndex: number, day: Day): number {
    const cap = this.capacity(warehouseIndex, day);
    if (cap < 0) return -1;
    const p = this.projection(warehouseIndex);
    if (p === undefined || !p.tracked || day < p.firstOpenDay) return cap;
    return this.scaled(warehouseIndex, day, cap, p);
  }

  /** The warehouse's backlog projection (undefined until `setNow` gave the time). */
  backlogOf(warehouseIndex: number): BacklogProjection | undefined {
    return this.projection(warehouseIndex);
  }

  /** The backlog settings in force. */
  get settings(): BacklogSettings {
    return this.backlogSettings;
  }

  /** Changes the backlog settings (for the service's configuration and tests). */
  configureBacklog(settings: Partial<BacklogSettings>): void {
    this.backlogSettings = { ...this.backlogSettings, ...settings };
    this.invalidateAll();
  }

  /**
   * Gives the view the time. Cheap when no warehouse's due day changes (one comparison); when
   * one passes a cut-off plus grace, the projections are recomputed on next read and `version`
   * changes.
   */
  setNow(nowMs: number): void {
    const before = this.nowMs;
    this.nowMs = nowMs;
    if (
      before !== undefined &&
      nowMs >= this.projectionsValidFromMs &&
      nowMs < this.projectionsValidUntilMs
    ) {
      return;
    }
    this.invalidateAll();
  }

  /**
   * The store change up to which this view holds the store's loads and pickups: a write numbered
   * at or below it is in them, so a process's own write is not mirrored on top of them (it would
   * count twice until the row changed again).
   */
  get syncedSeq(): number {
    return this.syncedSeqValue;
  }

  /** Records that the store's capacity rows up to change `seq` are in this view. */
  markSynced(seq: number): void {
    if (seq > this.syncedSeqValue) this.syncedSeqValue = seq;
  }

  /** Sets the shipped counts of a day (loading state from the store). */
  setShippedLoad(warehouseId: string, day: Day, shipped: number, shippedOn: number): void {
    checkCount(shipped);
    checkCount(shippedOn);
    const state = this.stateOf(warehouseId);
    if (
      (state.shipped.get(day) ?? 0) === shipped &&
      (state.shippedOn.get(day) ?? 0) === shippedOn
    ) {
      return;
    }
    setOrDelete(state.shipped, day, shipped);
    setOrDelete(state.shippedOn, day, shippedOn);
    this.changed(warehouseId);
  }

  /** Records one promise due on `dueDay` that shipped on `shippedOnDay` (a FulfilPromise). */
  recordShipment(warehouseId: string, dueDay: Day, shippedOnDay: Day): void {
    const state = this.stateOf(warehouseId);
    state.shipped.set(dueDay, (state.shipped.get(dueDay) ?? 0) + 1);
    state.shippedOn.set(shippedOnDay, (state.shippedOn.get(shippedOnDay) ?? 0) + 1);
    this.changed(warehouseId);
  }

  /** Promises due on `day` that shipped, and promises that shipped on `day`. */
  shippedCounts(warehouseId: string, day: Day): { shipped: number; shippedOn: number } {
    const state = this.loadById.get(warehouseId);
    return {
      shipped: state?.shipped.get(day) ?? 0,
      shippedOn: state?.shippedOn.get(day) ?? 0,
    };
  }

  private scaled(warehouseIndex: number, day: Day, cap: number, p: BacklogProjection): number {
    if (p.factor >= 1) return cap;
    if (this.byIndex[warehouseIndex]?.overrides.has(day)) return cap;
    return Math.floor(cap * p.factor + 1e-9);
  }

  private projection(warehouseIndex: number): BacklogProjection | undefined {
    const known = this.projections[warehouseIndex];
    if (known !== undefined) return known;
    const now = this.nowMs;
    const warehouse = this.net.warehouses[warehouseIndex];
    const state = this.byIndex[warehouseIndex];
    if (now === undefined || warehouse === undefined || state === undefined) return undefined;
    const inputs: BacklogInputs = {
      warehouse,
      horizon: this.net.horizon,
      capacity: (day) => this.capacity(warehouseIndex, day),
      planned: (day) => state.overrides.has(day),
      external: (day) => state.external.get(day) ?? 0,
      promised: (day) => state.promised.get(day) ?? 0,
      shipped: (day) => state.shipped.get(day) ?? 0,
      shippedOn: (day) => state.shippedOn.get(day) ?? 0,
    };
    const p = projectBacklog(inputs, now, this.backlogSettings);
    this.projections[warehouseIndex] = p;
    if (p.validFromMs > this.projectionsValidFromMs) this.projectionsValidFromMs = p.validFromMs;
    if (p.validUntilMs < this.projectionsValidUntilMs)
      this.projectionsValidUntilMs = p.validUntilMs;
    return p;
  }

  private invalidateAll(): void {
    this.projections = [];
    this.projectionsValidFromMs = Number.NEGATIVE_INFINITY;
    this.projectionsValidUntilMs = Number.POSITIVE_INFINITY;
    this.versionValue++;
  }

  /** A warehouse's load or shipments changed: its projection is recomputed on next read. */
  private changed(warehouseId: string): void {
    this.forget(warehouseId);
    this.versionValue++;
  }

  /**
   * Whether one more (+1) or one fewer (-1) order booked on `day` leaves the warehouse's
   * projection as it is: the day is not before the first open day (so the backlog and the factor
   * do not depend on it), and no carry leaves that day before (-1) or after (+1) the change
   * (carry(day + 1) = max(0, carry(day) + load(day) - cap'(day)) stays 0).
   */
  private projectionHoldsFor(warehouseId: string, day: Day, delta: 1 | -1): boolean {
    const w = this.net.warehouseById.get(warehouseId);
    if (w === undefined) return false;
    const p = this.projections[w.index];
    if (p === undefined) return true; // nothing computed: it will be, from the new counts
    if (day < p.firstOpenDay) return false;
    if (!p.tracked) return true;
    if (delta < 0) return (p.carryIn[day + 1 - p.firstOpenDay] ?? 0) === 0;
    return this.remaining(w.index, day) >= 1;
  }

  private forget(warehouseId: string): void {
    const w = this.net.warehouseById.get(warehouseId);
    if (w !== undefined) this.projections[w.index] = undefined;
  }

  remainingPickups(originIndex: number, day: Day): number {
    const limit = this.pickupLimit(originIndex, day);
    if (limit < 0) return Number.POSITIVE_INFINITY;
    const left = limit - (this.pickupsByOrigin[originIndex]?.get(day) ?? 0);
    return Math.max(left, 0);
  }

  /** Carrier pickups promises have taken of an origin on a day. */
  pickupsTaken(originIndex: number, day: Day): number {
    return this.pickupsByOrigin[originIndex]?.get(day) ?? 0;
  }

  expectedFullAtMs(warehouseIndex: number, day: Day): number | undefined {
    const cap = this.capacity(warehouseIndex, day);
    if (cap < 0) return undefined;
    const state = this.byIndex[warehouseIndex];
    const window = state?.bookings.get(day);
    if (window === undefined) return undefined;
    // Net of the backlog ahead and the learned throughput, as `remaining` is.
    const left = this.remaining(warehouseIndex, day);
    if (left <= 0) return window.newest();
    return window.expectedFullAt(left);
  }

  /** Orders per day the warehouse can ship on `day`; -1: no limit. */
  capacity(warehouseIndex: number, day: Day): number {
    const state = this.byIndex[warehouseIndex];
    if (state === undefined) return -1;
    if (state.overrides.size > 0) {
      const o = state.overrides.get(day);
      if (o !== undefined) return o;
    }
    if (state.defaultCapacity === null) return -1;
    if (state.defaultCapacity !== undefined) return state.defaultCapacity;
    const warehouse = this.net.warehouses[warehouseIndex];
    return warehouse?.capacity[day - this.net.horizon.firstDay] ?? -1;
  }

  /** Orders booked for `day`: external plus promised here. */
  load(warehouseIndex: number, day: Day): number {
    const state = this.byIndex[warehouseIndex];
    if (state === undefined) return 0;
    return (state.external.get(day) ?? 0) + (state.promised.get(day) ?? 0);
  }

  /**
   * The days on which the warehouse has orders booked (external or promised here), in no order:
   * a day not listed has a load of 0, so it cannot be booked beyond its capacity.
   */
  *loadedDays(warehouseIndex: number): IterableIterator<Day> {
    const state = this.byIndex[warehouseIndex];
    if (state === undefined) return;
    yield* state.external.keys();
    for (const day of state.promised.keys()) if (!state.external.has(day)) yield day;
  }

  /** The days on which promises have taken pickups of an origin (a count above 0), in no order. */
  pickupDays(originIndex: number): IterableIterator<Day> {
    return (this.pickupsByOrigin[originIndex] ?? new Map<Day, number>()).keys();
  }

  /** The pickup limit of an origin on a day (-1: none). */
  pickupLimit(originIndex: number, day: Day): number {
    const origin = this.net.origins[originIndex];
    if (origin === undefined) return -1;
    return origin.service.pickupLimit[day - this.net.horizon.firstDay] ?? -1;
  }

  /**
   * Sets a warehouse's default daily capacity: a number, `null` for no limit, or undefined to go
   * back to the network file's capacity. Per-date overrides are merged (a date given replaces
   * that date's override).
   */
  setCapacity(
    warehouseId: string,
    defaultCapacity: number | null | undefined,
    overrides: Iterable<readonly [Day, number]> = [],
  ): void {
    const state = this.stateOf(warehouseId);
    if (defaultCapacity !== undefined && defaultCapacity !== null) checkCount(defaultCapacity);
    state.defaultCapacity = defaultCapacity;
    for (const [day, value] of overrides) {
      checkCount(value);
      state.overrides.set(day, value);
    }
    this.changed(warehouseId);
  }

  /** Removes the admin's per-date capacity overrides for these dates (all when none given). */
  clearCapacityOverrides(warehouseId: string, days?: Iterable<Day>): void {
    const state = this.stateOf(warehouseId);
    if (days === undefined) state.overrides.clear();
    else for (const day of days) state.overrides.delete(day);
    this.changed(warehouseId);
  }

  /** Sets the orders booked at a warehouse through other channels for a date (replaces it). */
  setExternalLoad(warehouseId: string, day: Day, orders: number): void {
    checkCount(orders);
    setOrDelete(this.stateOf(warehouseId).external, day, orders);
    this.changed(warehouseId);
  }

  /** Sets the orders promised here for a date (loading state from the store). */
  setPromisedLoad(warehouseId: string, day: Day, orders: number): void {
    checkCount(orders);
    setOrDelete(this.stateOf(warehouseId).promised, day, orders);
    this.changed(warehouseId);
  }

  /**
   * Records one order promised at `atMs` for a warehouse's ship date: adds it to the load and to
   * the booking-rate window.
   */
  recordBooking(warehouseId: string, day: Day, atMs: number): void {
    // A booking that fits on a day from the first open day on changes neither the backlog, the
    // factor, nor the carry out of that day: the projection holds (no recompute per confirm).
    const keep = this.projectionHoldsFor(warehouseId, day, +1);
    const state = this.stateOf(warehouseId);
    state.promised.set(day, (state.promised.get(day) ?? 0) + 1);
    let window = state.bookings.get(day);
    if (window === undefined) {
      window = new BookingWindow();
      state.bookings.set(day, window);
    }
    window.push(atMs);
    if (!keep) this.forget(warehouseId);
    if (this.isLimited(warehouseId, day)) this.versionValue++;
  }

  /**
   * Replaces the booking-rate window of a warehouse's ship date with the store's latest bookings
   * (confirm instants of every process's promises on it, oldest first): the rate behind
   * `expectedFullAtMs` is then the same in every process, whichever one took the orders.
   */
  setBookings(warehouseId: string, day: Day, bookedAtMs: readonly number[]): void {
    const state = this.stateOf(warehouseId);
    const current = state.bookings.get(day);
    if (current === undefined ? bookedAtMs.length === 0 : current.holds(bookedAtMs)) return;
    if (bookedAtMs.length === 0) state.bookings.delete(day);
    else state.bookings.set(day, BookingWindow.of(bookedAtMs));
    if (this.isLimited(warehouseId, day)) this.versionValue++;
  }

  /** Releases one promised order (a cancelled promise). */
  releaseBooking(warehouseId: string, day: Day): void {
    const keep = this.projectionHoldsFor(warehouseId, day, -1);
    const state = this.stateOf(warehouseId);
    setOrDelete(state.promised, day, Math.max(0, (state.promised.get(day) ?? 0) - 1));
    if (!keep) this.forget(warehouseId);
    if (this.isLimited(warehouseId, day)) this.versionValue++;
  }

  /** Adds `delta` pickups (negative to release) for a service at a warehouse on a day. */
  addPickups(serviceId: string, warehouseId: string, day: Day, delta: number): void {
    const byDay = this.pickupsOf(serviceId, warehouseId);
    setOrDelete(byDay, day, Math.max(0, (byDay.get(day) ?? 0) + delta));
    this.pickupsChanged(serviceId, warehouseId, day);
  }

  /**
   * Sets the pickups booked for a service at a warehouse on a day (loading state from the store),
   * as `setPromisedLoad` does for a warehouse's load.
   */
  setPickups(serviceId: string, warehouseId: string, day: Day, pickups: number): void {
    checkCount(pickups);
    const byDay = this.pickupsOf(serviceId, warehouseId);
    if ((byDay.get(day) ?? 0) === pickups) return;
    setOrDelete(byDay, day, pickups);
    this.pickupsChanged(serviceId, warehouseId, day);
  }

  /** Pickups booked for a service at a warehouse on a day. */
  pickups(serviceId: string, warehouseId: string, day: Day): number {
    return this.pickupsByKey.get(pickupKey(serviceId, warehouseId))?.get(day) ?? 0;
  }

  private pickupsOf(serviceId: string, warehouseId: string): Map<Day, number> {
    const key = pickupKey(serviceId, warehouseId);
    let byDay = this.pickupsByKey.get(key);
    if (byDay === undefined) {
      byDay = new Map();
      this.pickupsByKey.set(key, byDay);
      this.indexPickups();
    }
    return byDay;
  }

  /** Bumps `version` unless the origin is known and has no pickup limit that day. */
  private pickupsChanged(serviceId: string, warehouseId: string, day: Day): void {
    const origin = this.net.origins.find(
      (o) => o.service.id === serviceId && o.warehouse.id === warehouseId,
    );
    if (origin === undefined || this.pickupLimit(origin.index, day) >= 0) this.versionValue++;
  }

  private isLimited(warehouseId: string, day: Day): boolean {
    const w = this.net.warehouseById.get(warehouseId);
    return w === undefined || this.capacity(w.index, day) >= 0;
  }

  private stateOf(warehouseId: string): WarehouseLoad {
    let state = this.loadById.get(warehouseId);
    if (state === undefined) {
      state = emptyLoad();
      this.loadById.set(warehouseId, state);
    }
    return state;
  }

  private attach(net: CompiledNetwork): void {
    this.byIndex = net.warehouses.map((w) => {
      let state = this.loadById.get(w.id);
      if (state === undefined) {
        state = emptyLoad();
        this.loadById.set(w.id, state);
      }
      return state;
    });
    this.indexPickups();
  }

  private indexPickups(): void {
    this.pickupsByOrigin = this.net.origins.map((o) =>
      this.pickupsByKey.get(pickupKey(o.service.id, o.warehouse.id)),
    );
  }
}

/** Older work taking `day`'s throughput ahead of new promises: unshipped, and shipped today. */
function aheadOn(p: BacklogProjection, day: Day): number {
  const i = day - p.firstOpenDay;
  return (p.carryIn[i] ?? 0) + (i === 0 ? p.aheadShipped : 0);
}

function pickupKey(serviceId: string, warehouseId: string): string {
  return `${serviceId}\u0000${warehouseId}`;
}

function setOrDelete(map: Map<Day, number>, day: Day, value: number): void {
  if (value === 0) map.delete(day);
  else map.set(day, value);
}

function checkCount(n: number): void {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`expected a whole number >= 0, got ${n}`);
}
