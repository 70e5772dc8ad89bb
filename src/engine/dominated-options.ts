import type { DominatingOption } from "./dominating-option.js";
import type { RankedOption } from "./rank-options.js";
import type { Reason } from "./shipping-option.js";

/**
 * What to do with a dominated option (see `dominates`): leave it out (`hide`, the default), keep
 * it flagged with a NOT_FASTER reason naming the option it loses to (`mark`), or keep it as it is
 * (`show`).
 */
export const DOMINATED_OPTIONS_MODES = ["hide", "mark", "show"] as const;
export type DominatedOptionsMode = (typeof DOMINATED_OPTIONS_MODES)[number];

/** What dominance needs of an option (ShippingOption and CartOption both are). */
export interface DominanceCandidate extends RankedOption {
  readonly serviceName: string;
  readonly currency: string;
  readonly reasons: readonly Reason[];
  readonly dominatedBy?: DominatingOption | undefined;
}

/**
 * Whether `a` dominates `b`: the same currency, an earliest date no later, a latest date no later
 * and a price no higher, with at least one of the three strictly better. A shopper who picks `b`
 * gets nothing for it that `a` does not give at least as well.
 */
export function dominates(a: DominanceCandidate, b: DominanceCandidate): boolean {
  if (a.currency !== b.currency) return false;
  if (a.earliestDay > b.earliestDay || a.latestDay > b.latestDay || a.priceCents > b.priceCents) {
    return false;
  }
  return a.earliestDay < b.earliestDay || a.latestDay < b.latestDay || a.priceCents < b.priceCents;
}

/**
 * Applies `mode` to options already sorted by `rankOptions` (fastest and cheapest flagged).
 *
 * An option can only be dominated by one sorted before it (dominating means being smaller by
 * earliest date, then latest date, then price: the sort's first keys), so one pass over the pairs
 * before each option finds it; the first such option is the one named (the earliest and, among
 * equals, the cheapest; it is never dominated itself, or what dominates it would come first).
 * For the same reason the fastest (the first) and the cheapest (the first at the lowest price)
 * are never dominated: their flags hold in every mode. O(n^2) for the n options of one answer (a
 * handful: one per carrier service).
 *
 * `hide` removes the dominated options from `options` itself (kept ones keep their order; no
 * allocation: this runs for every estimate) and returns it; `mark` returns a new array where each
 * dominated option is a copy with `dominatedBy` set and a NOT_FASTER reason (detail: the name of
 * the option it loses to) added; `show` returns `options` untouched. No option object is changed.
 */
export function applyDominance<T extends DominanceCandidate>(
  options: T[],
  mode: DominatedOptionsMode,
): T[] {
  if (mode === "show" || options.length < 2) return options;
  if (mode === "hide") return hideDominated(options);
  let result: T[] | undefined;
  for (let i = 1; i < options.length; i++) {
    const option = options[i]!;
    let by: T | undefined;
    for (let j = 0; j < i; j++) {
      if (dominates(options[j]!, option)) {
        by = options[j]!;
        break;
      }
    }
    if (by === undefined) {
      result?.push(option);
      continue;
    }
    result ??= options.slice(0, i);
    result.push(markDominated(option, by));
  }
  return result ?? options;
}

/**
 * Compacts `options` (ranked) to the options no earlier one dominates. Slots before `i` then hold
 * the kept options and some originals not yet overwritten; an overwritten one was dominated, and
 * whatever dominates it (kept, earlier) also dominates anything it did, so the answer is the same.
 */
function hideDominated<T extends DominanceCandidate>(options: T[]): T[] {
  let kept = 1;
  outer: for (let i = 1; i < options.length; i++) {
    const option = options[i]!;
    for (let j = 0; j < i; j++) {
      if (dominates(options[j]!, option)) continue outer;
    }
    options[kept++] = option;
  }
  options.length = kept;
  return options;
}

function markDominated<T extends DominanceCandidate>(option: T, by: DominanceCandidate): T {
  return {
    ...option,
    dominatedBy: {
      serviceId: by.serviceId,
      serviceName: by.serviceName,
      savingCents: option.priceCents - by.priceCents,
      currency: by.currency,
    },
    reasons: [...option.reasons, { code: "NOT_FASTER", detail: by.serviceName }],
  };
}
