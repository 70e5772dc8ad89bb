import type { Day } from "../engine/day.js";
import type { InboundLot } from "../engine/stock-reader.js";

/** One promise's claim on a resource (units of a SKU at a warehouse, or an order of a day). */
export interface Holder {
  readonly promiseId: string;
  readonly createdAtMs: number;
  readonly quantity: number;
}

export interface StockShortfall {
  /** The ETA of the inbound lot that covers this promise, undefined when none does. */
  readonly coverEtaDay: Day | undefined;
}

/**
 * Who loses when stock falls below what is reserved: the oldest promises keep their units (in
 * order of confirmation, ties by id) out of `supply` (on hand - safety stock); the newer ones are
 * short, and each is covered by the inbound lots in ETA order, again oldest first. Returns the
 * short promises by id, and how many holders kept their units.
 */
export function stockShortfalls(
  holders: readonly Holder[],
  supply: number,
  inbound: readonly InboundLot[],
): { short: Map<string, StockShortfall>; kept: number } {
  const ordered = [...holders].sort(byAge);
  const short = new Map<string, StockShortfall>();
  let used = 0;
  let kept = 0;
  let lot = 0;
  let inboundCovered = 0;
  for (const h of ordered) {
    used += h.quantity;
    if (used <= supply) {
      kept++;
      continue;
    }
    const need = used - Math.max(supply, 0);
    while (lot < inbound.length && inboundCovered < need) {
      inboundCovered += inbound[lot]!.quantity;
      lot++;
    }
    short.set(h.promiseId, {
      coverEtaDay: inboundCovered >= need ? inbound[lot - 1]?.etaDay : undefined,
    });
  }
  return { short, kept };
}

/**
 * Who moves when a day's limit falls below what is booked: `over` orders too many, so the newest
 * `over` holders (newest first) move and the older ones keep the day.
 */
export function newestBeyond(holders: readonly Holder[], over: number): Set<string> {
  if (over <= 0) return new Set();
  const ordered = [...holders].sort(byAge).reverse();
  return new Set(ordered.slice(0, over).map((h) => h.promiseId));
}

function byAge(a: Holder, b: Holder): number {
  return (
    a.createdAtMs - b.createdAtMs ||
    (a.promiseId < b.promiseId ? -1 : a.promiseId > b.promiseId ? 1 : 0)
  );
}
