import type { CompiledNetwork } from "../engine/compiled-network.js";
import { QUARTER_HOUR_MS } from "../engine/pickup-options.js";

/**
 * The instants at which an estimate can change by the passing of time alone: every origin's
 * cut-off (`origin.cutoffMs`, the only cut-off the engine compares an order instant with) and every
 * warehouse's local midnight over the horizon, sorted and without repeats. If the engine ever
 * compares the order instant with another precomputed instant, add it here.
 * Between two consecutive boundaries (a "time window") every warehouse-local date and every
 * before/after-cut-off answer is the same, so an estimate computed for one instant of a window
 * holds for all of them. Built once per compiled network; `indexOf` is a binary search.
 */
export class TimeWindows {
  private constructor(readonly boundaries: Float64Array) {}

  static of(net: CompiledNetwork): TimeWindows {
    const lists: Float64Array[] = [];
    for (const w of net.warehouses) lists.push(w.midnightMs);
    for (const o of net.origins) lists.push(o.cutoffMs);
    return TimeWindows.fromLists(lists);
  }

  /**
   * The windows of estimates with pick-up options: those of `of`, and every instant pickupOptions
   * compares the order instant with: each store's last order instant and opening of each day,
   * each transfer lane's cut-off, and, between a store's opening and last order instant, the
   * instants where the same-day ready time (order instant plus preparation, rounded up to the
   * quarter hour) moves on to the next quarter hour: q - prep + 1 ms for each quarter hour q (an
   * order instant in whole ms). Within one of these windows a pick-up answer is the same.
   */
  static ofPickups(net: CompiledNetwork): TimeWindows {
    const lists: Float64Array[] = [];
    for (const w of net.warehouses) lists.push(w.midnightMs);
    for (const o of net.origins) lists.push(o.cutoffMs);
    for (const store of net.stores) {
      lists.push(store.location.cutoffMs, store.openMs);
      for (const lane of store.transfers) lists.push(lane.cutoffMs);
      const steps: number[] = [];
      const cutoffs = store.location.cutoffMs;
      for (let i = 0; i < cutoffs.length; i++) {
        const open = store.openMs[i]!;
        const last = cutoffs[i]!;
        if (!Number.isFinite(open) || !Number.isFinite(last)) continue;
        let q = Math.ceil((open + store.prepMs) / QUARTER_HOUR_MS) * QUARTER_HOUR_MS;
        for (; q - store.prepMs + 1 < last; q += QUARTER_HOUR_MS) {
          steps.push(q - store.prepMs + 1);
        }
      }
      lists.push(Float64Array.from(steps));
    }
    return TimeWindows.fromLists(lists);
  }

  /** Every list is ascending (NaN aside): merged pairwise, without repeats, in O(n log lists). */
  private static fromLists(lists: readonly Float64Array[]): TimeWindows {
    let runs = lists.map(finiteOnly);
    while (runs.length > 1) {
      const next: Float64Array[] = [];
      for (let i = 0; i < runs.length; i += 2) {
        next.push(i + 1 < runs.length ? mergeAscending(runs[i]!, runs[i + 1]!) : runs[i]!);
      }
      runs = next;
    }
    return new TimeWindows(runs[0] ?? new Float64Array(0));
  }

  /**
   * The window an instant falls in: the number of boundaries at or before it (so an instant equal
   * to a cut-off is in the window after it, as "strictly before the cut-off" requires).
   */
  indexOf(atMs: number): number {
    const b = this.boundaries;
    let lo = 0;
    let hi = b.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (b[mid]! <= atMs) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The first instant of window i (-Infinity for the first window). */
  start(index: number): number {
    return index === 0 ? Number.NEGATIVE_INFINITY : this.boundaries[index - 1]!;
  }

  /** The first instant after window i (Infinity for the last window). */
  end(index: number): number {
    return index >= this.boundaries.length ? Number.POSITIVE_INFINITY : this.boundaries[index]!;
  }
}

/** The finite values of a list, ascending without repeats (sorted when they were not). */
function finiteOnly(values: Float64Array): Float64Array {
  const out = new Float64Array(values.length);
  let n = 0;
  let ascending = true;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) continue;
    if (n > 0 && v < out[n - 1]!) ascending = false;
    out[n++] = v;
  }
  const finite = out.subarray(0, n);
  if (!ascending) finite.sort();
  let unique = 0;
  for (let i = 0; i < n; i++) {
    if (unique === 0 || finite[i]! > finite[unique - 1]!) finite[unique++] = finite[i]!;
  }
  return finite.subarray(0, unique);
}

/** Two ascending lists without repeats merged into one. */
function mergeAscending(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < a.length || j < b.length) {
    const v = j >= b.length || (i < a.length && a[i]! <= b[j]!) ? a[i++]! : b[j++]!;
    if (n === 0 || v > out[n - 1]!) out[n++] = v;
  }
  return out.subarray(0, n);
}
