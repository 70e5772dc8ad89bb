import { DomainError, invalidArgument } from "../domain/domain-error.js";
import type { CartQuote } from "../engine/cart-quote.js";
import type { CompiledNetwork, CompiledService } from "../engine/compiled-network.js";
import { addDays, type Day, formatIsoDay, parseIsoDay } from "../engine/day.js";
import { cartChoosableDates } from "../engine/deliver-on.js";

/**
 * A request's deliver_on: undefined when empty; INVALID_ARGUMENT `deliver_on` when it is not a
 * date, not after the order's date (`orderDay`, the earliest warehouse-local date of the order), or
 * beyond the longest schedule of the network's schedulable services (or when none is schedulable).
 */
export function parseDeliverOn(
  net: CompiledNetwork,
  text: string | undefined,
  orderDay: Day,
): Day | undefined {
  if (text === undefined || text === "") return undefined;
  const day = parseIsoDay(text);
  if (day === undefined) throw invalidArgument("deliver_on", "expected a date YYYY-MM-DD");
  const horizon = Math.max(0, ...net.services.map((s) => s.scheduleDays));
  if (horizon === 0) throw invalidArgument("deliver_on", "no service is schedulable");
  if (day <= orderDay) {
    throw invalidArgument("deliver_on", `must be after the order's date ${formatIsoDay(orderDay)}`);
  }
  if (day > orderDay + horizon) {
    throw invalidArgument(
      "deliver_on",
      `beyond the ${horizon}-day schedule (last ${formatIsoDay(addDays(orderDay, horizon))})`,
    );
  }
  return day;
}

/** The dates the cart's options (quoted without deliver_on) can be delivered on, sorted. */
export function meetableDates(net: CompiledNetwork, quote: CartQuote, orderDay: Day): Day[] {
  const dates = new Set<Day>();
  for (const option of quote.options) {
    for (const d of cartChoosableDates(net, option.serviceId, option.latestDay, orderDay)) {
      dates.add(d);
    }
  }
  return [...dates].sort((a, b) => a - b);
}

/** FAILED_PRECONDITION `deliver_on` listing the dates that can be met. */
export function unmeetable(day: Day, dates: readonly Day[]): DomainError {
  const list = dates.map(formatIsoDay);
  return new DomainError(
    "FAILED_PRECONDITION",
    `${formatIsoDay(day)} cannot be met; dates that can: ${list.length === 0 ? "none" : list.join(", ")}`,
    "deliver_on",
    { deliverOnDates: list },
  );
}

/**
 * The choices a ConfirmPromise may not combine, refused before anything is read or reserved
 * (INVALID_ARGUMENT naming the field that cannot apply):
 * - `ship_as_available` with `deliver_on`: with a chosen date every shipment arrives on that date,
 *   so shipping what is ready first delivers nothing sooner; it would only cost a second shipment.
 *   The one shipment delivered on the date is the option to confirm (docs/omnichannel.md).
 * - `deliver_on` for a service that is not schedulable (the date would be silently unmet).
 * - `deliver_on` or `ship_as_available` with `pickup_store_id`: a pick-up has a ready date and
 *   every line at the one store.
 */
export function checkChoiceCombination(
  pickup: boolean,
  service: CompiledService | undefined,
  shipAsAvailable: boolean | undefined,
  deliverOn: Day | undefined,
): void {
  if (pickup && deliverOn !== undefined) {
    throw invalidArgument("deliver_on", "does not apply to a pick-up (pickup_store_id)");
  }
  if (pickup && shipAsAvailable === true) {
    throw invalidArgument(
      "ship_as_available",
      "does not apply to a pick-up (pickup_store_id): every line is ready at the one store",
    );
  }
  if (shipAsAvailable === true && deliverOn !== undefined) {
    throw invalidArgument(
      "ship_as_available",
      "cannot be combined with deliver_on: every shipment would arrive on the chosen date, so shipping what is ready first delivers nothing sooner; confirm without ship_as_available",
    );
  }
  if (service !== undefined && deliverOn !== undefined && service.scheduleDays === 0) {
    throw invalidArgument("deliver_on", `service "${service.id}" is not schedulable`);
  }
}
