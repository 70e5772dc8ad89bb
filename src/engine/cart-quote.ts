import type { CartValue } from "./cart-value.js";
import type { CompiledZone, ServiceLevel } from "./compiled-network.js";
import type { Day } from "./day.js";
import type { DominatedOptionsMode } from "./dominated-options.js";
import type { DominatingOption } from "./dominating-option.js";
import type { OriginIndex, SkuIndex, WarehouseIndex } from "./network-index.js";
import type { Availability, Reason } from "./shipping-option.js";

/*
 * What quoteCart is asked (CartQuery) and answers (CartQuote): the options for a whole cart and
 * the shipments each is made of. Apart from quote-cart.ts so that ship-as-available.ts, which
 * builds CartOptions too, needs nothing of quoteCart itself.
 */

export interface CartLineQuery {
  readonly skuIndex: SkuIndex;
  readonly quantity: number;
}

export interface CartQuery {
  readonly lines: readonly CartLineQuery[];
  readonly zone: CompiledZone;
  readonly atMs: number;
  readonly cartValue?: CartValue | undefined;
  /** What to do with dominated options (the service's setting); see applyDominance. */
  readonly dominatedOptions: DominatedOptionsMode;
  /**
   * Deliver on this (destination-local) date: only schedulable services, each shipment shipping
   * on the latest feasible date that still arrives by it (deliver-on.ts).
   */
  readonly deliverOn?: Day | undefined;
}

export interface PlannedShipment {
  readonly originIndex: OriginIndex;
  readonly warehouseId: string;
  readonly warehouseIndex: WarehouseIndex;
  readonly serviceId: string;
  readonly shipDay: Day;
  readonly earliestDay: Day;
  readonly latestDay: Day;
  readonly orderByMs: number;
  readonly priceCents: number;
  readonly backorder: boolean;
  readonly lines: readonly CartLineQuery[];
  readonly reasons: readonly Reason[];
  /** The lane's on-time share for this window (see ShippingOption), if it has history. */
  readonly onTimeProbability: number | undefined;
}

export interface CartOption {
  readonly serviceId: string;
  readonly serviceName: string;
  readonly carrier: string;
  readonly level: ServiceLevel;
  /**
   * When the whole cart can have arrived: from the latest of the shipments' earliest dates to the
   * latest of their latest dates.
   */
  readonly earliestDay: Day;
  readonly latestDay: Day;
  /** The earliest order_by of the shipments: after it, some shipment gets later dates. */
  readonly orderByMs: number;
  /** The sum of the shipments' prices. */
  readonly priceCents: number;
  readonly currency: string;
  readonly shipments: readonly PlannedShipment[];
  readonly reasons: readonly Reason[];
  fastest: boolean;
  cheapest: boolean;
  /** Set in `mark` mode when another option dominates this one. */
  readonly dominatedBy?: DominatingOption | undefined;
  /**
   * The chance every shipment arrives within its window: the product of the shipments'
   * on-time probabilities (see docs/outcomes-and-accuracy.md). Undefined when any shipment's lane
   * has no history.
   */
  readonly onTimeProbability: number | undefined;
  /**
   * "Ship what is ready now, the rest when it arrives", when it differs from this option (one
   * shipment per warehouse when all is ready); see ship-as-available.ts.
   */
  readonly asAvailable?: CartOption | undefined;
  /** Schedulable services (no deliverOn asked): the dates a shopper may choose (deliver-on.ts). */
  readonly deliverOnDates?: readonly Day[] | undefined;
}

export interface CartQuote {
  readonly availability: Availability;
  readonly options: CartOption[];
}
