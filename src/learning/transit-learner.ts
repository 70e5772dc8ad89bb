import { DomainError } from "../domain/domain-error.js";
import type { CompiledNetwork } from "../engine/compiled-network.js";
import { type Day, formatIsoDay } from "../engine/day.js";
import {
  type LaneHistory,
  type LearnedTransit,
  transitQuantile,
} from "../engine/learned-transit.js";
import { resolveDestination } from "../engine/resolve-destination.js";
import type { LearningSpec } from "../network/network-schema.js";
import { deliveryTransit } from "./delivery-transit.js";

/** HIGH confidence promises the 0.98 quantile. */
export const HIGH_QUANTILE = 0.98;
/** Transit above this many delivery days is counted here (the file allows at most 60). */
const MAX_TRANSIT = 60;

/** A delivered parcel as the learner reads it (a DeliveryRecord has these). */
export interface LearnableDelivery {
  readonly warehouseId: string;
  readonly serviceId: string;
  readonly countryCode: string;
  readonly postalCode: string;
  readonly shipDay: Day;
  readonly deliveredDay: Day;
}

export interface LearnStats {
  readonly deliveries: number;
  /** Deliveries counted into a lane. */
  readonly used: number;
  /** Skipped: unknown service, warehouse or destination, no such lane, dates off the horizon. */
  readonly skipped: number;
  /** Lane populations (peak and normal apart) with at least min_samples. */
  readonly learnedLanes: number;
  readonly lanesWithHistory: number;
  /** Lane populations under min_samples that borrow their country's (see TransitLearner). */
  readonly borrowedLanes: number;
}

interface Population {
  counts: Int32Array;
  from: Day;
  to: Day;
  n: number;
}

/**
 * Learns transit per lane (service at an origin warehouse, destination zone) from deliveries,
 * pure and incremental: `add` each delivery (any order, any number of pages), then `build`.
 * Parcels shipped on a date inside one of the service's peak windows form the lane's peak
 * population, the others its normal one; a peak learns from peaks only.
 *
 * A lane population with fewer than min_samples borrows a coarser level: the same service from
 * the same warehouse to every zone of the zone's country (peak and normal still apart). Each
 * borrowed parcel is moved by the difference between the file minimums of its lane and of this
 * one (a zone's remote extra days included): `transit - (own file min)` is pooled, and this
 * lane's file min is added back. A far zone thus borrows the carrier's spread around its file
 * minimum, not a near zone's speed. When the country has fewer than min_samples too, the lane
 * keeps the file's window and only gets an on-time share from what history it has.
 */
export class TransitLearner {
  readonly #net: CompiledNetwork;
  readonly #settings: LearningSpec;
  /** origin index * zones * 2 + zone index * 2 + peak -> counts per transit day */
  readonly #counts = new Map<number, Population>();
  /** (origin index * countries + country index) * 2 + peak -> counts of transit - file min. */
  readonly #pools = new Map<number, Population>();
  readonly #countryOfZone: Int32Array;
  readonly #countries: string[] = [];
  readonly #zoneOf = new Map<string, number>();
  readonly #originOf = new Map<string, number>();
  #deliveries = 0;
  #skipped = 0;

  constructor(net: CompiledNetwork, settings: LearningSpec) {
    this.#net = net;
    this.#settings = settings;
    for (const o of net.origins) {
      this.#originOf.set(`${o.service.id}\u0000${o.warehouse.id}`, o.index);
    }
    this.#countryOfZone = new Int32Array(net.zones.length);
    net.zones.forEach((z, i) => {
      let c = this.#countries.indexOf(z.country);
      if (c < 0) c = this.#countries.push(z.country) - 1;
      this.#countryOfZone[i] = c;
    });
  }

  add(d: LearnableDelivery): void {
    this.#deliveries++;
    const net = this.#net;
    const originIndex = this.#originOf.get(`${d.serviceId}\u0000${d.warehouseId}`);
    const zoneIndex = originIndex === undefined ? -1 : this.#zone(d.countryCode, d.postalCode);
    if (originIndex === undefined || zoneIndex < 0) {
      this.#skipped++;
      return;
    }
    const origin = net.origins[originIndex]!;
    const fileLane = origin.lanes[zoneIndex];
    if (fileLane === undefined) {
      this.#skipped++;
      return;
    }
    const transit = deliveryTransit(origin.service, net.horizon, d.shipDay, d.deliveredDay);
    if (transit === undefined) {
      this.#skipped++;
      return;
    }
    const peak = origin.service.peakNames.has(d.shipDay) ? 1 : 0;
    const key = (originIndex * net.zones.length + zoneIndex) * 2 + peak;
    count(this.#counts, key, MAX_TRANSIT + 1, Math.min(transit, MAX_TRANSIT), d.deliveredDay);
    // The country pool, by transit over the lane's file minimum (shifted by MAX_TRANSIT).
    const base = fileLane.min + net.zones[zoneIndex]!.extraTransitDays;
    const poolKey =
      (originIndex * this.#countries.length + this.#countryOfZone[zoneIndex]!) * 2 + peak;
    const offset = Math.max(0, Math.min(2 * MAX_TRANSIT, transit - base + MAX_TRANSIT));
    count(this.#pools, poolKey, 2 * MAX_TRANSIT + 1, offset, d.deliveredDay);
  }

  build(version: number): { learned: LearnedTransit; stats: LearnStats } {
    const net = this.#net;
    const zones = net.zones.length;
    const minSamples = this.#settings.min_samples;
    const lanes: (LaneHistory | undefined)[][] = [];
    const set = (originIndex: number, slot: number, history: LaneHistory) => {
      let row = lanes[originIndex];
      if (row === undefined) {
        row = new Array(zones * 2).fill(undefined);
        lanes[originIndex] = row;
      }
      row[slot] = history;
    };
    let learnedLanes = 0;
    let used = 0;
    for (const [key, lane] of this.#counts) {
      const peak = key % 2;
      const zoneIndex = Math.floor(key / 2) % zones;
      const originIndex = Math.floor(key / 2 / zones);
      const learned = lane.n >= minSamples;
      if (learned) learnedLanes++;
      used += lane.n;
      const detail = `${lane.n} deliveries ${formatIsoDay(lane.from)}..${formatIsoDay(lane.to)}`;
      set(originIndex, zoneIndex * 2 + peak, this.#history(lane.counts, lane, learned, detail));
    }
    // Sparse lanes (and lanes with no history) borrow their country's pool when it is large
    // enough, moved onto the lane's own file minimum.
    let borrowedLanes = 0;
    const countries = this.#countries.length;
    for (const [key, pool] of this.#pools) {
      if (pool.n < minSamples) continue;
      const peak = key % 2;
      const countryIndex = Math.floor(key / 2) % countries;
      const originIndex = Math.floor(key / 2 / countries);
      const origin = net.origins[originIndex]!;
      for (let z = 0; z < zones; z++) {
        const fileLane = origin.lanes[z];
        if (fileLane === undefined || this.#countryOfZone[z] !== countryIndex) continue;
        const own = lanes[originIndex]?.[z * 2 + peak];
        if (own?.learned === true) continue;
        const base = fileLane.min + net.zones[z]!.extraTransitDays;
        const counts = new Int32Array(MAX_TRANSIT + 1);
        for (let o = 0; o < pool.counts.length; o++) {
          const c = pool.counts[o]!;
          if (c === 0) continue;
          counts[Math.max(0, Math.min(MAX_TRANSIT, o - MAX_TRANSIT + base))]! += c;
        }
        const ownSamples = own?.samples ?? 0;
        const detail = `${pool.n} deliveries ${formatIsoDay(pool.from)}..${formatIsoDay(pool.to)}, borrowed from every ${this.#countries[countryIndex]} zone of this service and warehouse (this zone: ${ownSamples})`;
        set(originIndex, z * 2 + peak, {
          ...this.#history(counts, pool, true, detail),
          level: "country",
          ownSamples,
        });
        borrowedLanes++;
      }
    }
    return {
      learned: { version, lanes },
      stats: {
        deliveries: this.#deliveries,
        used,
        skipped: this.#skipped,
        learnedLanes,
        lanesWithHistory: this.#counts.size,
        borrowedLanes,
      },
    };
  }

  #history(
    counts: Int32Array,
    population: Population,
    learned: boolean,
    detail: string,
  ): LaneHistory {
    let last = MAX_TRANSIT;
    while (last > 0 && counts[last] === 0) last--;
    const cdf = new Float64Array(last + 1);
    let running = 0;
    for (let k = 0; k <= last; k++) {
      running += counts[k]!;
      cdf[k] = running / population.n;
    }
    cdf[last] = 1;
    return {
      samples: population.n,
      cdf,
      fromDay: population.from,
      toDay: population.to,
      learned,
      earliest: transitQuantile(cdf, this.#settings.earliest_quantile),
      latest: transitQuantile(cdf, this.#settings.latest_quantile),
      high: transitQuantile(cdf, HIGH_QUANTILE),
      detail,
    };
  }

  #zone(countryCode: string, postalCode: string): number {
    const key = `${countryCode}\u0000${postalCode}`;
    let zone = this.#zoneOf.get(key);
    if (zone === undefined) {
      try {
        zone = resolveDestination(this.#net, { countryCode, postalCode }).index;
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        zone = -1;
      }
      this.#zoneOf.set(key, zone);
    }
    return zone;
  }
}

/** Counts one parcel into the population `key` of `map` (created with `size` slots). */
function count(
  map: Map<number, Population>,
  key: number,
  size: number,
  slot: number,
  deliveredDay: Day,
): void {
  let p = map.get(key);
  if (p === undefined) {
    p = { counts: new Int32Array(size), from: deliveredDay, to: deliveredDay, n: 0 };
    map.set(key, p);
  }
  p.counts[slot]!++;
  p.n++;
  if (deliveredDay < p.from) p.from = deliveredDay;
  if (deliveredDay > p.to) p.to = deliveredDay;
}
