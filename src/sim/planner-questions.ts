import { NO_DAY } from "../engine/day.js";
import type { Bookings } from "./bookings.js";
import { emptyOutcome, type Outcome, playOutWarehouse } from "./play-out.js";
import type { QuestionWindow } from "./question-window.js";
import type { SimContext } from "./sim-context.js";
import type { BufferAnswer, CapacityAnswer } from "./sim-result.js";

const round4 = (x: number): number => Math.round(x * 10_000) / 10_000;
const count = (n: number): string => n.toLocaleString("en-US");
/** Lateness beyond any buffer asked about (never delivered within the horizon). */
const NEVER = 255;

/**
 * The fewest buffer days per service (and one buffer for all services, serviceId "") that keep
 * the on-time rate at or above `target` on every day of the window. Buffers are added to a
 * promise's latest date after the shopper's choice, so they change neither what is booked nor what
 * ships: a re-run with b more buffer days differs from this run only in its promised latest dates.
 * The answer is therefore read exactly from each shipment's lateness, counted in its carrier's
 * delivery days past the promised latest date (the same count a buffer adds). Per-service answers
 * are totals (the scenario's buffer plus the extra); the all-services answer is the extra.
 */
export function answerBufferDays(
  ctx: SimContext,
  bookings: Bookings,
  outcome: Outcome,
  target: number,
  window: QuestionWindow,
  maxBuffer: number,
): BufferAnswer[] {
  const { net, first } = ctx;
  const { log } = bookings;
  const S = net.services.length;
  const bins = maxBuffer + 2; // 0..maxBuffer, then "later"
  const days = window.toIndex - window.fromIndex + 1;
  // hist[(day * (S + 1) + group) * bins + lateness]; group S = all services.
  const hist = new Int32Array(days * (S + 1) * bins);
  for (let s = 0; s < log.count; s++) {
    const d = log.orderDay[s]! - window.fromIndex;
    if (d < 0 || d >= days) continue;
    const service = net.origins[log.origin[s]!]!.service;
    const latest = log.latestDay[s]!;
    const delivered = outcome.deliveredDay[s]!;
    let late = 0;
    if (delivered < 0) late = NEVER;
    else if (delivered > latest) {
      late = service.deliveryRank[delivered - first]! - service.deliveryRank[latest - first]!;
    }
    const bin = Math.min(late, bins - 1);
    hist[(d * (S + 1) + service.index) * bins + bin]!++;
    hist[(d * (S + 1) + S) * bins + bin]!++;
  }
  const answer = (group: number): { buffer: number; found: boolean; worst: number | null } => {
    let worst: number | null = null;
    for (let b = 0; b <= maxBuffer; b++) {
      worst = null;
      for (let d = 0; d < days; d++) {
        const offset = (d * (S + 1) + group) * bins;
        let total = 0;
        let ok = 0;
        for (let k = 0; k < bins; k++) {
          const n = hist[offset + k]!;
          total += n;
          if (k <= b) ok += n;
        }
        if (total === 0) continue;
        const r = ok / total;
        if (worst === null || r < worst) worst = r;
      }
      if (worst === null || worst >= target) {
        return { buffer: b, found: true, worst: worst === null ? null : round4(worst) };
      }
    }
    return { buffer: maxBuffer, found: false, worst: worst === null ? null : round4(worst) };
  };
  const answers: BufferAnswer[] = [];
  const all = answer(S);
  answers.push({
    serviceId: "",
    bufferDays: all.buffer,
    found: all.found,
    worstDayOnTimeRate: all.worst,
  });
  const shipped = new Uint8Array(S);
  for (let s = 0; s < log.count; s++) shipped[net.origins[log.origin[s]!]!.service.index] = 1;
  for (const service of net.services) {
    if (shipped[service.index] !== 1) continue;
    const own = answer(service.index);
    answers.push({
      serviceId: service.id,
      bufferDays: ctx.bufferDays[service.index]! + own.buffer,
      found: own.found,
      worstDayOnTimeRate: own.worst,
    });
  }
  return answers;
}

/**
 * The smallest daily capacity per warehouse that keeps the on-time rate of its shipments at or
 * above `target` on every day of the window, by binary search over re-runs of the warehouse's
 * play-out with that capacity on every day (real throughput = capacity x the scenario's throughput
 * factor). On days where the carriers alone keep the rate below the target (found = false), the
 * goal of that day is the rate the carriers allow: the answer is then the capacity from which the
 * warehouse no longer adds broken promises. `bookings` must come from promising without capacity (capacity-aware off): the
 * question is what capacity keeps the promises the store makes when it does not ration. Yields
 * after every re-run.
 */
export function* answerCapacity(
  ctx: SimContext,
  bookings: Bookings,
  warehouseIds: readonly string[],
  target: number,
  window: QuestionWindow,
  seed: number,
): Generator<number, CapacityAnswer[], void> {
  const { net, length } = ctx;
  const { log } = bookings;
  const outcome = emptyOutcome(ctx, bookings);
  const byWarehouse: number[][] = net.warehouses.map(() => []);
  for (let s = 0; s < log.count; s++) {
    const d = log.orderDay[s]!;
    if (d < window.fromIndex || d > window.toIndex) continue;
    byWarehouse[net.origins[log.origin[s]!]!.warehouse.index]!.push(s);
  }
  const days = window.toIndex - window.fromIndex + 1;
  const kept = new Int32Array(days);
  const total = new Int32Array(days);
  const row = new Int32Array(length);
  const answers: CapacityAnswer[] = [];
  let runs = 0;

  for (const id of warehouseIds) {
    const w = net.warehouseById.get(id)!.index;
    const shipments = byWarehouse[w]!;
    const factor = ctx.throughputFactor[w]!;
    let maxBooked = 0;
    for (let i = 0; i < length; i++)
      maxBooked = Math.max(maxBooked, bookings.booked[w * length + i]!);
    let ownRuns = 0;
    let waited = 0;
    let slow = 0;
    /** Plays the warehouse out at a capacity and fills kept/total per day of ordering. */
    const runAt = (capacity: number): void => {
      row.fill(Math.floor(capacity * factor));
      for (const s of shipments) outcome.deliveredDay[s] = NO_DAY;
      playOutWarehouse(ctx, bookings, w, row, 0, seed, outcome, false);
      kept.fill(0);
      total.fill(0);
      waited = 0;
      slow = 0;
      for (const s of shipments) {
        const d = log.orderDay[s]! - window.fromIndex;
        total[d]!++;
        const delivered = outcome.deliveredDay[s]!;
        if (delivered >= 0 && delivered <= log.latestDay[s]!) kept[d]!++;
        else if (outcome.shippedDay[s]! < 0 || outcome.shippedDay[s]! > log.shipDay[s]!) waited++;
        else slow++;
      }
      ownRuns++;
    };
    const worstDay = (): number | null => {
      let worst: number | null = null;
      for (let d = 0; d < days; d++) {
        if (total[d] === 0) continue;
        const r = kept[d]! / total[d]!;
        if (worst === null || r < worst) worst = r;
      }
      return worst;
    };
    if (shipments.length === 0) {
      answers.push({
        warehouseId: id,
        dailyCapacity: 0,
        found: true,
        worstDayOnTimeRate: null,
        runs: 0,
        note: "no shipments in the window",
        whatDoes: "",
      });
      continue;
    }
    if (factor <= 0) {
      answers.push({
        warehouseId: id,
        dailyCapacity: 0,
        found: false,
        worstDayOnTimeRate: 0,
        runs: 0,
        note: "the scenario's throughput factor is 0: nothing ships whatever the capacity",
        whatDoes: "",
      });
      continue;
    }
    // At `hi` every parcel can leave on its promised ship date as far as the warehouse goes:
    // what still breaks is the carriers'. Each day's goal is the target, or, where the carriers
    // make that impossible, the rate they allow.
    let hi = Math.max(1, Math.ceil(maxBooked / factor));
    runAt(hi);
    yield ++runs;
    const goal = new Float64Array(days);
    let unreachableDays = 0;
    for (let d = 0; d < days; d++) {
      const best = total[d] === 0 ? 1 : kept[d]! / total[d]!;
      goal[d] = Math.min(target, best) - 1e-12;
      if (best < target) unreachableDays++;
    }
    const carrierWaits = waited;
    const carrierSlow = slow;
    let hiWorst = worstDay();
    const meetsGoal = (): boolean => {
      for (let d = 0; d < days; d++) {
        if (total[d] !== 0 && kept[d]! / total[d]! < goal[d]!) return false;
      }
      return true;
    };
    let lo = 0;
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      runAt(mid);
      yield ++runs;
      if (meetsGoal()) {
        hi = mid;
        hiWorst = worstDay();
      } else lo = mid;
    }
    const found = unreachableDays === 0;
    answers.push({
      warehouseId: id,
      dailyCapacity: hi,
      found,
      worstDayOnTimeRate: hiWorst === null ? null : round4(hiWorst),
      runs: ownRuns,
      note: found
        ? ""
        : `on ${count(unreachableDays)} day${unreachableDays === 1 ? "" : "s"} no capacity reaches the target: the carriers break promises whatever the warehouse ships (${count(carrierWaits)} parcels wait for pickup limits or pickup days, ${count(carrierSlow)} are slower in transit than promised; see the buffer days). ${count(hi)} a day is the capacity from which the warehouse no longer adds broken promises.`,
      whatDoes: "",
    });
  }
  return answers;
}
