import type { Day } from "./day.js";
import type { OriginIndex, ZoneIndex } from "./network-index.js";

/**
 * Transit learned from this store's own deliveries, compiled for the engine: per origin (a
 * service at a warehouse) and destination zone, the distribution of transit in the carrier's
 * delivery days, kept apart for parcels shipped inside a peak window and in normal time.
 * Built off the request path (src/learning) and swapped in with the network.
 */
export interface LaneHistory {
  /** Deliveries behind it. */
  readonly samples: number;
  /** cdf[k]: the share of those parcels delivered within k delivery days (the last entry is 1). */
  readonly cdf: Float64Array;
  /** The delivered dates the samples span (inclusive). */
  readonly fromDay: Day;
  readonly toDay: Day;
  /** Whether it has enough samples (learning.min_samples) to set the window. */
  readonly learned: boolean;
  /** Transit at the earliest, latest and HIGH-confidence quantiles. */
  readonly earliest: number;
  readonly latest: number;
  readonly high: number;
  /** For the LEARNED_TRANSIT reason: "<samples> deliveries <from>..<to>" (and what was borrowed). */
  readonly detail: string;
  /**
   * Where the distribution comes from: the lane's own deliveries, or (a lane under min_samples)
   * the same service from the same warehouse to every zone of the zone's country, moved by the
   * difference between the lanes' file minimums. Absent: `lane`.
   */
  readonly level?: "lane" | "country";
  /** With level `country`: the lane's own deliveries among them. */
  readonly ownSamples?: number;
}

export interface LearnedTransit {
  /** Changes with every rebuild. */
  readonly version: number;
  /** lanes[originIndex][zoneIndex * 2 + (peak ? 1 : 0)]; undefined: no history. */
  readonly lanes: ReadonlyArray<ReadonlyArray<LaneHistory | undefined> | undefined>;
}

/** The history of an origin's lane to a zone for a ship date inside (peak) or outside a peak. */
export function laneHistory(
  learned: LearnedTransit | undefined,
  originIndex: OriginIndex,
  zoneIndex: ZoneIndex,
  peak: boolean,
): LaneHistory | undefined {
  return learned?.lanes[originIndex]?.[zoneIndex * 2 + (peak ? 1 : 0)];
}

/** The smallest k with cdf[k] >= p (the quantile of a discrete distribution). */
export function transitQuantile(cdf: Float64Array, p: number): number {
  for (let k = 0; k < cdf.length; k++) if (cdf[k]! >= p - 1e-12) return k;
  return cdf.length - 1;
}

/** The share of past parcels delivered within `days` delivery days. */
export function shareWithin(history: LaneHistory, days: number): number {
  if (days < 0) return 0;
  return days >= history.cdf.length ? 1 : history.cdf[days]!;
}
