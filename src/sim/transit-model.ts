import type { CompiledNetwork } from "../engine/compiled-network.js";
import { type Day, isoDay } from "../engine/day.js";
import type { ActualSpec, ExtraDaysDistribution } from "./scenario-schema.js";

/** A distribution of extra days as a cumulative table: cdf[k] = P(extra <= k). */
function toCdf(distribution: ExtraDaysDistribution): Float64Array {
  let max = 0;
  for (const key of Object.keys(distribution)) max = Math.max(max, Number(key));
  const cdf = new Float64Array(max + 1);
  let sum = 0;
  for (let k = 0; k <= max; k++) {
    sum += distribution[String(k)] ?? 0;
    cdf[k] = sum;
  }
  cdf[max] = Number.POSITIVE_INFINITY;
  return cdf;
}

/** A lane's distribution of whole transit days as a cumulative table (the last entry infinite). */
function laneCdf(days: Readonly<Record<string, number>>): Float64Array {
  let max = 0;
  for (const key of Object.keys(days)) max = Math.max(max, Number(key));
  const cdf = new Float64Array(max + 1);
  let sum = 0;
  for (let k = 0; k <= max; k++) {
    sum += days[String(k)] ?? 0;
    cdf[k] = sum;
  }
  cdf[max] = Number.POSITIVE_INFINITY;
  return cdf;
}

function sample(cdf: Float64Array, u: number): number {
  let k = 0;
  while (u >= cdf[k]!) k++;
  return k;
}

/**
 * What carriers really do: per service, the extra delivery days over the lane's minimum (a
 * distribution, or uniformly inside the promised window), plus the extra days of a slowdown
 * covering the pickup day. Draws come from the caller (counter-based uniforms), so the model
 * itself holds no random state.
 */
export class TransitModel {
  private readonly serviceCdf: (Float64Array | undefined)[];
  private readonly slowdownCdfs: Float64Array[];
  private readonly slowdownNames: string[];
  /** slowdownOf[service * length + day index] = index into slowdownCdfs, or -1. */
  private readonly slowdownOf: Int16Array;
  private readonly first: Day;
  private readonly length: number;
  /** laneCdfs[(origin * zones + zone) * 2 + peak]: a lane's whole transit, when one is given. */
  private readonly laneCdfs: (Float64Array | undefined)[];
  private readonly zones: number;
  /** Whether any lane has its own transit. */
  readonly hasLanes: boolean;

  constructor(net: CompiledNetwork, actual: ActualSpec) {
    const { firstDay, lastDay, length } = net.horizon;
    this.first = firstDay;
    this.length = length;
    const fallback =
      actual.transit.default === "within_window" ? undefined : toCdf(actual.transit.default);
    this.serviceCdf = net.services.map((service) => {
      const own = actual.transit.services[service.id];
      return own === undefined ? fallback : toCdf(own);
    });
    this.zones = net.zones.length;
    this.laneCdfs = new Array(net.origins.length * this.zones * 2).fill(undefined);
    const zoneIndex = new Map(net.zones.map((z) => [z.id, z.index]));
    for (const lane of actual.transit.lanes) {
      const origin = net.origins.find(
        (o) => o.service.id === lane.service && o.warehouse.id === lane.warehouse,
      );
      const zone = zoneIndex.get(lane.zone);
      if (origin === undefined || zone === undefined) continue;
      // The first entry for a lane wins (written ones come before those learned from the store).
      const k = (origin.index * this.zones + zone) * 2 + (lane.peak ? 1 : 0);
      this.laneCdfs[k] ??= laneCdf(lane.days);
    }
    this.hasLanes = actual.transit.lanes.length > 0;
    this.slowdownCdfs = actual.slowdowns.map((s) => toCdf(s.extra_days));
    this.slowdownNames = actual.slowdowns.map((s) => s.name);
    this.slowdownOf = new Int16Array(net.services.length * length).fill(-1);
    actual.slowdowns.forEach((slowdown, k) => {
      const from = Math.max(isoDay(slowdown.date ?? slowdown.from!), firstDay);
      const to = Math.min(isoDay(slowdown.date ?? slowdown.to!), lastDay);
      for (const service of net.services) {
        if (slowdown.services !== undefined && !slowdown.services.includes(service.id)) continue;
        for (let day = from; day <= to; day++) {
          const i = service.index * length + (day - firstDay);
          if (this.slowdownOf[i] === -1) this.slowdownOf[i] = k;
        }
      }
    });
  }

  /** Extra days over the lane's minimum; `spread` is the lane's max - min, `u` a uniform draw. */
  extraDays(serviceIndex: number, spread: number, u: number): number {
    const cdf = this.serviceCdf[serviceIndex];
    return cdf === undefined ? Math.floor(u * (spread + 1)) : sample(cdf, u);
  }

  /**
   * A lane's whole transit in delivery days for a parcel picked up on `day` (its peak population
   * inside one of the service's peak windows, else its normal one), or -1 when the lane has no
   * transit of its own (the service's model applies).
   */
  laneTransit(originIndex: number, zoneIndex: number, peak: boolean, u: number): number {
    if (!this.hasLanes) return -1;
    const cdf = this.laneCdfs[(originIndex * this.zones + zoneIndex) * 2 + (peak ? 1 : 0)];
    return cdf === undefined ? -1 : sample(cdf, u);
  }

  /** Extra days of the slowdown covering a pickup day (0 when none), for a uniform draw `u`. */
  slowdownDays(serviceIndex: number, day: Day, u: number): number {
    const k = this.slowdownOf[serviceIndex * this.length + (day - this.first)] ?? -1;
    return k < 0 ? 0 : sample(this.slowdownCdfs[k]!, u);
  }

  /** The name of the slowdown covering a pickup day, if any. */
  slowdownName(serviceIndex: number, day: Day): string | undefined {
    const k = this.slowdownOf[serviceIndex * this.length + (day - this.first)] ?? -1;
    return k < 0 ? undefined : this.slowdownNames[k];
  }
}
