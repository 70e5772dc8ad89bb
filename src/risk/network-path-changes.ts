import type {
  CompiledNetwork,
  CompiledOrigin,
  CompiledStore,
  CountryZones,
  Transit,
} from "../engine/compiled-network.js";
import { addDays, type Day, dayNumber, maxDay, minDay } from "../engine/day.js";
import { PICKUP_SERVICE } from "../engine/pickup-options.js";

/**
 * What a network reload changed on promises' paths: per origin (`warehouseId|serviceId`), the
 * first day on which anything a promise shipping from it depends on differs — the warehouse's
 * working days, cut-offs, closures and zone, the service's pickup and delivery days, peak buffers
 * and pickup limits, the ship date each release date gives, and the lanes' transit. A promise is
 * touched when its origin is listed and its latest date is on or after that day. Pick-up stores
 * are listed too, as `storeId|pickup` (pickupPathKey): the first day the store's open days,
 * hours, last order instant or closures differ, or anything on one of its transfer lanes (the
 * lane's cut-off, transit and carrier service, the warehouse's working days, and the first
 * change of that service's origin at the warehouse). `all`: zones, postal codes or learned
 * transit changed, so every promise may be touched.
 */
export interface NetworkPathChanges {
  readonly all: boolean;
  readonly origins: ReadonlyMap<string, Day>;
}

/** The earliest possible day: the whole path changed (a lane's transit, an origin added or gone). */
const EVERY_DAY = dayNumber(Number.MIN_SAFE_INTEGER);

export function networkPathChanges(
  before: CompiledNetwork,
  after: CompiledNetwork,
): NetworkPathChanges {
  const origins = new Map<string, Day>();
  if (before === after) return { all: false, origins };
  if (before.learned !== after.learned || !sameZones(before, after)) {
    return { all: true, origins };
  }
  const old = new Map(before.origins.map((o) => [keyOf(o), o]));
  const seen = new Set<string>();
  for (const o of after.origins) {
    const key = keyOf(o);
    seen.add(key);
    const p = old.get(key);
    const day = p === undefined ? EVERY_DAY : firstChange(before, p, after, o);
    if (day !== undefined) origins.set(key, day);
  }
  for (const key of old.keys()) if (!seen.has(key)) origins.set(key, EVERY_DAY);
  const oldStores = new Map(before.stores.map((st) => [st.id, st]));
  const stores = new Map<string, Day>();
  for (const st of after.stores) {
    const p = oldStores.get(st.id);
    const day = p === undefined ? EVERY_DAY : firstStoreChange(before, p, after, st, origins);
    if (day !== undefined) stores.set(pickupPathKey(st.id), day);
    oldStores.delete(st.id);
  }
  for (const id of oldStores.keys()) stores.set(pickupPathKey(id), EVERY_DAY);
  for (const [key, day] of stores) origins.set(key, day);
  return { all: false, origins };
}

/** A pick-up store's path in NetworkPathChanges.origins (its own-stock shipments' key too). */
export function pickupPathKey(storeId: string): string {
  return `${storeId}|${PICKUP_SERVICE}`;
}

/**
 * The first day a pick-up at the store may be planned differently on (undefined: none): the
 * store's calendar and hours, its lanes' cut-offs and warehouses' working days compared day by
 * day; a lane's carrier origin by its own first change (`origins`); the store's zone, preparation
 * or a lane's warehouse, transit, service or receiving days: every day.
 */
function firstStoreChange(
  a: CompiledNetwork,
  x: CompiledStore,
  b: CompiledNetwork,
  y: CompiledStore,
  origins: ReadonlyMap<string, Day>,
): Day | undefined {
  if (
    x.location.timeZone !== y.location.timeZone ||
    x.prepMs !== y.prepMs ||
    x.transfers.length !== y.transfers.length
  ) {
    return EVERY_DAY;
  }
  let first: Day | undefined;
  for (let k = 0; k < x.transfers.length; k++) {
    const p = x.transfers[k]!;
    const q = y.transfers[k]!;
    if (
      p.warehouse.id !== q.warehouse.id ||
      p.warehouse.timeZone !== q.warehouse.timeZone ||
      p.warehouse.receivingDays !== q.warehouse.receivingDays ||
      p.transitDays !== q.transitDays ||
      p.origin?.service.id !== q.origin?.service.id ||
      p.origin?.handlingDays !== q.origin?.handlingDays
    ) {
      return EVERY_DAY;
    }
    if (q.origin !== undefined) {
      const day = origins.get(keyOf(q.origin));
      if (day !== undefined) first = first === undefined ? day : minDay(first, day);
    }
  }
  const from = maxDay(a.horizon.firstDay, b.horizon.firstDay);
  let to = minDay(a.horizon.lastDay, b.horizon.lastDay);
  if (first !== undefined && first - 1 < to) to = addDays(first, -1);
  for (let day = from; day <= to; day = addDays(day, 1)) {
    const i = day - a.horizon.firstDay;
    const j = day - b.horizon.firstDay;
    const lx = x.location;
    const ly = y.location;
    let changed =
      lx.working[i] !== ly.working[j] ||
      !sameMs(lx.cutoffMs[i], ly.cutoffMs[j]) ||
      !sameMs(x.openMs[i], y.openMs[j]) ||
      !sameMs(x.closeMs[i], y.closeMs[j]);
    for (let k = 0; k < x.transfers.length && !changed; k++) {
      const p = x.transfers[k]!;
      const q = y.transfers[k]!;
      changed =
        p.warehouse.working[i] !== q.warehouse.working[j] || !sameMs(p.cutoffMs[i], q.cutoffMs[j]);
    }
    if (changed) return day;
  }
  if (first !== undefined) return first;
  // A horizon that grew: its new days are new to every pick-up whose dates reach them.
  if (a.horizon.lastDay !== b.horizon.lastDay) return addDays(to, 1);
  return undefined;
}

function keyOf(o: CompiledOrigin): string {
  return `${o.warehouse.id}|${o.service.id}`;
}

/** The first day the two compilations of one origin differ on (undefined: none). */
function firstChange(
  a: CompiledNetwork,
  x: CompiledOrigin,
  b: CompiledNetwork,
  y: CompiledOrigin,
): Day | undefined {
  if (
    x.handlingDays !== y.handlingDays ||
    x.warehouse.receivingDays !== y.warehouse.receivingDays ||
    x.warehouse.timeZone !== y.warehouse.timeZone ||
    x.service.level !== y.service.level ||
    !sameLanes(a, x, b, y)
  ) {
    return EVERY_DAY;
  }
  const from = maxDay(a.horizon.firstDay, b.horizon.firstDay);
  const to = minDay(a.horizon.lastDay, b.horizon.lastDay);
  for (let day = from; day <= to; day = addDays(day, 1)) {
    const i = day - a.horizon.firstDay;
    const j = day - b.horizon.firstDay;
    const wx = x.warehouse;
    const wy = y.warehouse;
    const sx = x.service;
    const sy = y.service;
    if (
      wx.working[i] !== wy.working[j] ||
      !sameMs(wx.cutoffMs[i], wy.cutoffMs[j]) ||
      !sameMs(wx.midnightMs[i], wy.midnightMs[j]) ||
      !sameMs(x.cutoffMs[i], y.cutoffMs[j]) ||
      x.shipOf[i] !== y.shipOf[j] ||
      x.lastReleaseFor[i] !== y.lastReleaseFor[j] ||
      sx.pickupDay[i] !== sy.pickupDay[j] ||
      sx.deliveryDay[i] !== sy.deliveryDay[j] ||
      sx.peakExtraDays[i] !== sy.peakExtraDays[j] ||
      sx.peakWidenDays[i] !== sy.peakWidenDays[j] ||
      sx.pickupLimit[i] !== sy.pickupLimit[j]
    ) {
      return day;
    }
  }
  // A horizon that grew: its new days are new to every promise whose dates reach them.
  if (a.horizon.lastDay !== b.horizon.lastDay) return addDays(to, 1);
  return undefined;
}

function sameMs(p: number | undefined, q: number | undefined): boolean {
  return p === q || (Number.isNaN(p) && Number.isNaN(q));
}

function sameLanes(a: CompiledNetwork, x: CompiledOrigin, b: CompiledNetwork, y: CompiledOrigin) {
  const lanes = (n: CompiledNetwork, o: CompiledOrigin) => {
    const m = new Map<string, Transit>();
    o.lanes.forEach((t, z) => {
      if (t !== undefined) m.set(n.zones[z]!.id, t);
    });
    return m;
  };
  const p = lanes(a, x);
  const q = lanes(b, y);
  if (p.size !== q.size) return false;
  for (const [zone, t] of p) {
    const u = q.get(zone);
    if (u === undefined || u.min !== t.min || u.max !== t.max) return false;
  }
  return true;
}

/** Same zones (ids, extra days, indices) and the same postal codes and provinces in each. */
function sameZones(a: CompiledNetwork, b: CompiledNetwork): boolean {
  if (a.zones.length !== b.zones.length) return false;
  for (let i = 0; i < a.zones.length; i++) {
    const p = a.zones[i]!;
    const q = b.zones[i]!;
    if (p.id !== q.id || p.extraTransitDays !== q.extraTransitDays) return false;
  }
  if (a.countries.size !== b.countries.size) return false;
  for (const [code, p] of a.countries) {
    const q = b.countries.get(code);
    if (q === undefined || !sameCountry(p, q)) return false;
  }
  return true;
}

function sameCountry(p: CountryZones, q: CountryZones): boolean {
  if (p.postalPattern.source !== q.postalPattern.source) return false;
  if (p.byPrefix.size !== q.byPrefix.size || p.byProvince.size !== q.byProvince.size) return false;
  for (const [k, v] of p.byPrefix) if (q.byPrefix.get(k) !== v) return false;
  for (const [k, v] of p.byProvince) if (q.byProvince.get(k) !== v) return false;
  return true;
}
