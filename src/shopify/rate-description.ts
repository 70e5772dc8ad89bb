import { formatIsoDay } from "../engine/day.js";
import type { CartOption } from "../engine/quote-cart.js";
import type { Reason } from "../engine/shipping-option.js";

/** What a reason says to a shopper at checkout (English). */
function reasonWords(reason: Reason): string | undefined {
  const on = reason.day === undefined ? "" : ` on ${formatIsoDay(reason.day)}`;
  const detail = reason.detail ? ` (${reason.detail})` : "";
  switch (reason.code) {
    case "AFTER_CUTOFF":
      return "ordered after today's cut-off";
    case "WAREHOUSE_HOLIDAY":
      return `warehouse closed${on}${detail}`;
    case "WAREHOUSE_CLOSED":
      return `warehouse closed${on}${detail}`;
    case "CARRIER_CLOSED":
      return `carrier closed${on}${detail}`;
    case "NO_PICKUP_DAY":
      return `no carrier pickup${on}`;
    case "NON_DELIVERY_DAY":
      return `no deliveries${on}`;
    case "INBOUND_STOCK":
      return `ships when new stock arrives${on}`;
    case "REMOTE_AREA":
      return "remote area: extra transit time";
    case "CAPACITY_FULL":
      return `warehouse fully booked${on}`;
    case "WAREHOUSE_BACKLOG":
      return `busy warehouse${on}`;
    case "PEAK_BUFFER":
      return "peak season: extra day allowed";
    case "FREE_SHIPPING":
      return "free shipping";
    case "LEARNED_TRANSIT":
      return "dates from this route's delivery history";
    default:
      return undefined;
  }
}

/**
 * A rate's description: how many parcels a split cart ships in, then the reasons behind the
 * dates ("no deliveries on 2026-11-29; warehouse closed on 2026-04-13 (Songkran)"), each said
 * once.
 */
export function rateDescription(option: CartOption): string {
  const parts: string[] = [];
  if (option.shipments.length > 1) parts.push(`ships in ${option.shipments.length} parcels`);
  for (const reason of option.reasons) {
    const words = reasonWords(reason);
    if (words !== undefined && !parts.includes(words)) parts.push(words);
  }
  const text = parts.join("; ");
  return text === "" ? "" : text[0]!.toUpperCase() + text.slice(1);
}
