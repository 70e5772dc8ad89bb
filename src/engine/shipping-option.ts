import type { ServiceLevel } from "./compiled-network.js";
import type { Day } from "./day.js";
import type { DominatingOption } from "./dominating-option.js";
import type { OriginIndex, WarehouseIndex } from "./network-index.js";

/** Stable reason codes; clients may switch on them. */
export type ReasonCode =
  | "AFTER_CUTOFF"
  | "WAREHOUSE_HOLIDAY"
  | "WAREHOUSE_CLOSED"
  /** One of the warehouse's weekly days off (a weekday not in its working days). */
  | "WAREHOUSE_DAY_OFF"
  | "CARRIER_CLOSED"
  | "NO_PICKUP_DAY"
  | "NON_DELIVERY_DAY"
  | "INBOUND_STOCK"
  | "REMOTE_AREA"
  | "CAPACITY_FULL"
  | "WAREHOUSE_BACKLOG"
  | "PEAK_BUFFER"
  | "FREE_SHIPPING"
  /** Another option is no later and costs no more (see dominated-options.ts); `mark` mode only. */
  | "NOT_FASTER"
  | "LEARNED_TRANSIT"
  /** Pick-up: a warehouse sends the store what it lacks (detail: the warehouse's name). */
  | "STORE_TRANSFER";

export interface Reason {
  readonly code: ReasonCode;
  /** The local date it concerns (warehouse-local for warehouse and pickup reasons). */
  readonly day?: Day;
  /** A holiday's or closure's name, or another human detail. */
  readonly detail?: string;
  /** WAREHOUSE_BACKLOG: the orders still to ship ahead on that day. */
  readonly count?: number;
}

/** Where an option's transit came from. */
export type TransitSource = "LEARNED" | "NETWORK_FILE";

/** STANDARD: the learned latest quantile; HIGH: the 0.98 quantile (a conservative commit date). */
export type Confidence = "STANDARD" | "HIGH";

export type Availability = "IN_STOCK" | "BACKORDER" | "UNAVAILABLE";

/** One way to ship a quantity of one SKU from one warehouse with one carrier service. */
export interface ShippingOption {
  readonly originIndex: OriginIndex;
  readonly serviceId: string;
  readonly serviceName: string;
  readonly carrier: string;
  readonly level: ServiceLevel;
  readonly warehouseId: string;
  readonly warehouseIndex: WarehouseIndex;
  readonly releaseDay: Day;
  readonly shipDay: Day;
  readonly earliestDay: Day;
  readonly latestDay: Day;
  /** The latest instant (UTC ms) at which an order still gets these dates. */
  readonly orderByMs: number;
  readonly priceCents: number;
  readonly currency: string;
  readonly backorder: boolean;
  readonly reasons: readonly Reason[];
  /**
   * The share of this lane's past parcels (same peak or normal period) that would have arrived
   * by `latestDay`; undefined when the lane has no history.
   */
  readonly onTimeProbability: number | undefined;
  readonly transitSource: TransitSource;
  fastest: boolean;
  cheapest: boolean;
  /** Set in `mark` mode when another option dominates this one. */
  readonly dominatedBy?: DominatingOption | undefined;
  /** Schedulable services: the delivery dates a shopper may choose (deliver-on.ts). */
  readonly deliverOnDates?: readonly Day[] | undefined;
}

export interface EstimateResult {
  readonly availability: Availability;
  readonly options: ShippingOption[];
}
