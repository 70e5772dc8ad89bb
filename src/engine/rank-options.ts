import { SERVICE_LEVEL_ORDER } from "./compiled-network.js";
import type { Day } from "./day.js";

export interface RankedOption {
  readonly serviceId: string;
  readonly level: (typeof SERVICE_LEVEL_ORDER)[number];
  readonly earliestDay: Day;
  readonly latestDay: Day;
  readonly priceCents: number;
  fastest: boolean;
  cheapest: boolean;
}

/** Delivery date (earliest, then latest), then price, then level and id: a total order. */
export function compareOptions(a: RankedOption, b: RankedOption): number {
  return (
    a.earliestDay - b.earliestDay ||
    a.latestDay - b.latestDay ||
    a.priceCents - b.priceCents ||
    SERVICE_LEVEL_ORDER.indexOf(a.level) - SERVICE_LEVEL_ORDER.indexOf(b.level) ||
    (a.serviceId < b.serviceId ? -1 : a.serviceId > b.serviceId ? 1 : 0)
  );
}

/**
 * Sorts options in place by delivery date then price and flags the fastest (the first) and the
 * cheapest (the lowest price; the faster one on a tie).
 */
export function rankOptions<T extends RankedOption>(options: T[]): T[] {
  if (options.length === 0) return options;
  options.sort(compareOptions);
  let cheapest = options[0]!;
  for (const option of options) {
    option.fastest = false;
    option.cheapest = false;
    if (option.priceCents < cheapest.priceCents) cheapest = option;
  }
  options[0]!.fastest = true;
  cheapest.cheapest = true;
  return options;
}
