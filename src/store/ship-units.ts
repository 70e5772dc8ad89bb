import type { InboundLot } from "../engine/stock-reader.js";

/** A stock row's on hand and inbound lots. */
export interface ShippableStock {
  readonly onHand: number;
  /** Sorted by ETA, as the store keeps them. */
  readonly inbound: readonly InboundLot[];
}

/**
 * The row after `quantity` reserved units of it shipped (FulfilPromise): they leave on hand, and
 * what on hand cannot cover (a backorder shipped before the stock feed recorded its lot's
 * arrival) leaves the earliest inbound lots, which is where those units came from. Either way
 * on hand + inbound - reserved, what can still be promised, is the same before and after (the
 * reservation is released by the same amount). A quantity beyond on hand and every lot (the feed
 * lowered them meanwhile) empties the row.
 */
export function shipUnits(row: ShippableStock, quantity: number): ShippableStock {
  const fromStock = Math.min(row.onHand, quantity);
  let excess = quantity - fromStock;
  if (excess === 0) return { onHand: row.onHand - fromStock, inbound: row.inbound };
  const inbound: InboundLot[] = [];
  for (const lot of row.inbound) {
    const taken = Math.min(lot.quantity, excess);
    excess -= taken;
    if (lot.quantity > taken) inbound.push({ quantity: lot.quantity - taken, etaDay: lot.etaDay });
  }
  return { onHand: row.onHand - fromStock, inbound };
}
