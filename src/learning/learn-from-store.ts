import type { CompiledNetwork } from "../engine/compiled-network.js";
import type { Day } from "../engine/day.js";
import type { LearnedTransit } from "../engine/learned-transit.js";
import type { LearningSpec } from "../network/network-schema.js";
import type { Store } from "../store/store.js";
import { type LearnStats, TransitLearner } from "./transit-learner.js";

/** Deliveries read per page. */
const PAGE = 5_000;

export interface LearnedFromStore {
  /** Undefined when there is no history at all (estimates then skip the lookup). */
  readonly learned: LearnedTransit | undefined;
  readonly stats: LearnStats;
  /** Per service: [service id, judged, held] over the deliveries of the last 7 days. */
  readonly week: readonly (readonly [string, number, number])[];
}

/**
 * Reads the deliveries of [fromDay, toDay] page by page and learns every lane (TransitLearner);
 * the last 7 days' on-time counts per service (deliveries from `weekFrom` on, with a promised
 * latest date) ride along for the Prometheus gauge. `betweenPages` runs after each page (the
 * in-process rebuild yields to the event loop there).
 */
export async function learnFromStore(
  store: Store,
  net: CompiledNetwork,
  settings: LearningSpec,
  range: LearningRange,
  version: number,
  betweenPages: () => Promise<void> = async () => {},
): Promise<LearnedFromStore> {
  return (await learnPages(store, net, settings, range, version, betweenPages, Infinity))!;
}

/**
 * The same as learnFromStore when the window holds at most `upTo` deliveries, in one read;
 * undefined as soon as it holds more (having read at most `upTo` + 1 of them).
 */
export function learnFewFromStore(
  store: Store,
  net: CompiledNetwork,
  settings: LearningSpec,
  range: LearningRange,
  version: number,
  upTo: number,
): Promise<LearnedFromStore | undefined> {
  return learnPages(store, net, settings, range, version, async () => {}, upTo);
}

/** The delivered dates learned from, and the first day of the last 7 days' on-time counts. */
export interface LearningRange {
  readonly fromDay: Day;
  readonly toDay: Day;
  readonly weekFrom: Day;
}

async function learnPages(
  store: Store,
  net: CompiledNetwork,
  settings: LearningSpec,
  range: LearningRange,
  version: number,
  betweenPages: () => Promise<void>,
  upTo: number,
): Promise<LearnedFromStore | undefined> {
  const learner = new TransitLearner(net, settings);
  const week = new Map<string, [string, number, number]>();
  let read = 0;
  for await (const page of store.loadDeliveries(range.fromDay, range.toDay, {
    batchSize: Math.min(PAGE, upTo + 1),
  })) {
    read += page.length;
    if (read > upTo) return undefined;
    await betweenPages();
    for (let i = 0; i < page.length; i++) {
      const d = page[i]!;
      learner.add(d);
      if (d.deliveredDay < range.weekFrom || d.promisedLatestDay === null) continue;
      let w = week.get(d.serviceId);
      if (w === undefined) {
        w = [d.serviceId, 0, 0];
        week.set(d.serviceId, w);
      }
      w[1]++;
      if (d.deliveredDay <= d.promisedLatestDay) w[2]++;
    }
  }
  const { learned, stats } = learner.build(version);
  return {
    learned: stats.lanesWithHistory === 0 ? undefined : learned,
    stats,
    week: [...week.values()],
  };
}
