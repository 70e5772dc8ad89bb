import type { CompiledWarehouse, Horizon } from "./compiled-network.js";
import { addDays, type Day, MS_PER_DAY, NO_DAY } from "./day.js";

/**
 * The warehouse-local date of a UTC instant, from the compiled local midnights (no zone maths):
 * the UTC date is within a day of the local one, so at most a step or two corrects it.
 * Returns NO_DAY when the instant lies outside the horizon.
 */
export function localDayOf(warehouse: CompiledWarehouse, horizon: Horizon, ms: number): Day {
  const midnight = warehouse.midnightMs;
  const length = horizon.length;
  if (!(ms >= midnight[0]! && ms < midnight[length]!)) return NO_DAY;
  let i = Math.floor(ms / MS_PER_DAY) - horizon.firstDay;
  if (i < 0) i = 0;
  else if (i > length - 1) i = length - 1;
  while (ms < midnight[i]!) i--;
  while (ms >= midnight[i + 1]!) i++;
  return addDays(horizon.firstDay, i);
}
