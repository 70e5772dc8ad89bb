/** An inbound lot: units expected on a day (the engine's InboundLot and the store's lots). */
export interface Lot {
  readonly quantity: number;
  readonly etaDay: number;
}

/** A stock row's on hand and inbound lots. */
export interface ShippableStock<L extends Lot = Lot> {
  readonly onHand: number;
  /** Sorted by ETA, as the store keeps them. */
  readonly inbound: readonly L[];
}

/**
 * The row after `quantity` reserved units of it shipped (FulfilPromise): they leave on hand, and
 * what on hand cannot cover (a backorder shipped before the stock feed recorded its lot's
 * arrival) leaves the earliest inbound lots, which is where those units came from. Either way
 * on hand + inbound - reserved, what can still be promised, is the same before and after (the
 * reservation is released by the same amount). A quantity beyond on hand and every lot (the feed
 * lowered them meanwhile) empties the row.
 */
export function shipUnits<L extends Lot>(
  row: ShippableStock<L>,
  quantity: number,
): ShippableStock<L> {
  const fromStock = Math.min(row.onHand, quantity);
  let excess = quantity - fromStock;
  if (excess === 0) return { onHand: row.onHand - fromStock, inbound: row.inbound };
  const inbound: L[] = [];
  for (const lot of row.inbound) {
    const taken = Math.min(lot.quantity, excess);
    excess -= taken;
    if (lot.quantity > taken) inbound.push({ ...lot, quantity: lot.quantity - taken });
  }
  return { onHand: row.onHand - fromStock, inbound };
}
