import { invalidArgument } from "../domain/domain-error.js";
import type { CompiledNetwork } from "./compiled-network.js";
import { formatIsoDay } from "./day.js";
import { localDayOf } from "./local-day.js";

/**
 * Throws DomainError INVALID_ARGUMENT (field `at`) when an order instant is not a finite number
 * or its date, in any warehouse's zone, lies outside the horizon's order range.
 */
export function checkOrderInstant(net: CompiledNetwork, atMs: number): void {
  if (!Number.isFinite(atMs)) throw invalidArgument("at", "not a valid instant");
  const { firstDay, orderLastDay } = net.horizon;
  for (const warehouse of net.warehouses) {
    const day = localDayOf(warehouse, net.horizon, atMs);
    if (day < firstDay || day > orderLastDay) {
      throw invalidArgument(
        "at",
        `outside the calendar horizon (${formatIsoDay(firstDay)} to ${formatIsoDay(orderLastDay)})`,
      );
    }
  }
}
