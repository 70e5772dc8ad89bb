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
}

/**
 * Learns transit per lane (service at an origin warehouse, destination zone) from deliveries,
 * pure and incremental: `add` each delivery (any order, any number of pages), then `build`.
 * Parcels shipped on a date inside one of the service's peak windows form the lane's peak
 * population, the others its normal one; a peak learns from peaks only. No lane borrows from
 * another: a lane with fewer than min_samples keeps the file's window and only gets an on-time
 * share from what history it has.
 */
export class TransitLearner {
  readonly #net: CompiledNetwork;
  readonly #settings: LearningSpec;
  /** origin index * zones * 2 + zone index * 2 + peak -> counts per transit day */
  readonly #counts = new Map<number, { counts: Int32Array; from: Day; to: Day; n: number }>();
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
    if (origin.lanes[zoneIndex] === undefined) {
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
    let lane = this.#counts.get(key);
    if (lane === undefined) {
      lane = {
        counts: new Int32Array(MAX_TRANSIT + 1),
        from: d.deliveredDay,
        to: d.deliveredDay,
        n: 0,
      };
      this.#counts.set(key, lane);
    }
    lane.counts[Math.min(transit, MAX_TRANSIT)]!++;
    lane.n++;
    if (d.deliveredDay < lane.from) lane.from = d.deliveredDay;
    if (d.deliveredDay > lane.to) lane.to = d.deliveredDay;
  }

  build(version: number): { learned: LearnedTransit; stats: LearnStats } {
    const net = this.#net;
    const zones = net.zones.length;
    const lanes: (LaneHistory | undefined)[][] = [];
    let learnedLanes = 0;
    let used = 0;
    for (const [key, lane] of this.#counts) {
      const peak = key % 2;
      const zoneIndex = Math.floor(key / 2) % zones;
      const originIndex = Math.floor(key / 2 / zones);
      let last = MAX_TRANSIT;
      while (last > 0 && lane.counts[last] === 0) last--;
      const cdf = new Float64Array(last + 1);
      let running = 0;
      for (let k = 0; k <= last; k++) {
        running += lane.counts[k]!;
        cdf[k] = running / lane.n;
      }
      cdf[last] = 1;
      const learned = lane.n >= this.#settings.min_samples;
      if (learned) learnedLanes++;
      used += lane.n;
      const history: LaneHistory = {
        samples: lane.n,
        cdf,
        fromDay: lane.from,
        toDay: lane.to,
        learned,
        earliest: transitQuantile(cdf, this.#settings.earliest_quantile),
        latest: transitQuantile(cdf, this.#settings.latest_quantile),
        high: transitQuantile(cdf, HIGH_QUANTILE),
        detail: `${lane.n} deliveries ${formatIsoDay(lane.from)}..${formatIsoDay(lane.to)}`,
      };
      let row = lanes[originIndex];
      if (row === undefined) {
        row = new Array(zones * 2).fill(undefined);
        lanes[originIndex] = row;
      }
      row[zoneIndex * 2 + peak] = history;
    }
    return {
      learned: { version, lanes },
      stats: {
        deliveries: this.#deliveries,
        used,
        skipped: this.#skipped,
        learnedLanes,
        lanesWithHistory: this.#counts.size,
      },
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
