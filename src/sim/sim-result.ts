import type { PeakSpec } from "../network/network-schema.js";
import type { MovedDemand } from "./move-demand.js";
import type { SpreadReport } from "./spread-report.js";

/**
 * The results of a simulation, as plain JSON-ready data (dates as ISO strings, rates in [0, 1],
 * null where a rate or mean has nothing to count).
 */

/** One day of one group: all (warehouseId = serviceId = ""), a warehouse, or a service there. */
export interface DayResult {
  readonly date: string;
  readonly warehouseId: string;
  readonly serviceId: string;
  /**
   * Orders placed that day (all-rows), or shipments promised that day (warehouse and service
   * rows: an order of a two-line cart may be two shipments, and an order no warehouse could
   * promise is none).
   */
  readonly orders: number;
  /** Promised lead time of the promises made that day: latest date minus order date, in days. */
  readonly promisedLeadDaysMean: number | null;
  readonly promisedLeadDaysP95: number | null;
  /** Parcels that left the warehouse that day. */
  readonly shipped: number;
  /** Parcels whose promised ship date had come but that were still waiting at the day's end. */
  readonly backlog: number;
  /** Of the promises made that day: delivered by the promised latest date, or not. */
  readonly kept: number;
  readonly broken: number;
  readonly onTimeRate: number | null;
  /** Units of the orders that got no option (all-rows only). */
  readonly unitsUnavailable: number;
  /** Shipments booked to ship that day. */
  readonly booked: number;
  /** The capacity promising counted against that day (null: no limit; all-rows: the sum). */
  readonly capacity: number | null;
  /** The real throughput that day (null: no limit). */
  readonly throughput: number | null;
  /**
   * Service rows: the carrier's pickup limit at the warehouse that day (0 on a day it does not
   * pick up, null: no limit); null on the other rows. `shipped` is what it picked up.
   */
  readonly pickupLimit: number | null;
  /** Promises made that day whose ship date was pushed past full days. */
  readonly pushedByCapacity: number;
  /** Broken promises made that day: shipped after the promised ship date ... */
  readonly brokenShippedLate: number;
  /** ... or shipped on time but slower in transit than promised (of which in a slowdown). */
  readonly brokenInTransit: number;
  readonly brokenInSlowdown: number;
}

export interface WorstDay {
  readonly date: string;
  readonly orders: number;
  readonly kept: number;
  readonly broken: number;
  readonly onTimeRate: number | null;
  readonly reasons: readonly string[];
}

export interface GroupSummary {
  readonly id: string;
  readonly shipments: number;
  readonly kept: number;
  readonly broken: number;
  readonly onTimeRate: number | null;
  readonly promisedLeadDaysMean: number | null;
  readonly maxBacklog: number;
  readonly maxBacklogDate: string | null;
}

export interface RunSummary {
  readonly orders: number;
  readonly ordersUnavailable: number;
  readonly unitsOrdered: number;
  readonly unitsUnavailable: number;
  readonly shipments: number;
  readonly kept: number;
  readonly broken: number;
  readonly onTimeRate: number | null;
  readonly promisedLeadDaysMean: number | null;
  readonly promisedLeadDaysP95: number | null;
  readonly pushedByCapacity: number;
  readonly brokenShippedLate: number;
  readonly brokenInTransit: number;
  readonly brokenInSlowdown: number;
  /** Days of ordering whose on-time rate fell below the target. */
  readonly daysBelowTarget: number;
  readonly lastShipDate: string | null;
  readonly lastDeliveryDate: string | null;
  readonly warehouses: readonly GroupSummary[];
  readonly services: readonly GroupSummary[];
  readonly worstDays: readonly WorstDay[];
}

export interface SimulationRun {
  /** "capacity-aware on" or "capacity-aware off". */
  readonly label: string;
  readonly capacityAware: boolean;
  readonly summary: RunSummary;
  /** Per day from the first day of ordering to the last day anything shipped. */
  readonly days: readonly DayResult[];
}

export interface CapacityAnswer {
  readonly warehouseId: string;
  /** The smallest nominal daily capacity that keeps the target every day of the window. */
  readonly dailyCapacity: number;
  readonly found: boolean;
  /** The lowest daily on-time rate in the window at that capacity (or at the largest tried). */
  readonly worstDayOnTimeRate: number | null;
  readonly runs: number;
  /** Why the target is out of reach by capacity alone (when not found). */
  readonly note: string;
  /** When not found: in one line, what does hold the target (buffer days, pickup limits). */
  readonly whatDoes: string;
  /** When not found and moving demand to another warehouse holds the target: how much. */
  readonly movedDemand?: MovedDemand | undefined;
}

/** One step of the cheapest plan: the capacity added so far and what it gives. */
export interface CostPlanPoint {
  /** Extra parcels a day, summed over the days. */
  readonly addedCapacity: number;
  readonly cost: number;
  /** Of the promises made in the window at this warehouse. */
  readonly onTimeRate: number | null;
  readonly worstDayOnTimeRate: number | null;
  /** Broken promises at this warehouse (all days). */
  readonly broken: number;
}

/** The cheapest extra capacity per day at one warehouse (costs.extra_capacity). */
export interface CostPlan {
  readonly warehouseId: string;
  readonly currency: string;
  /** True when the plan keeps the target (or the carriers' best) on every day of the window. */
  readonly holdsTarget: boolean;
  /** Days of the window the carriers alone keep below the target. */
  readonly carrierLimitedDays: number;
  /** The days with extra capacity, in date order. */
  readonly days: readonly {
    readonly date: string;
    readonly extraCapacity: number;
    readonly unitCost: number;
    readonly cost: number;
  }[];
  readonly capacityCost: number;
  readonly brokenBefore: number;
  readonly brokenAfter: number;
  readonly promisesSaved: number;
  /** promisesSaved x costs.broken_promise. */
  readonly savedValue: number;
  readonly worstDayOnTimeRate: number | null;
  /** On-time rate against capacity added, step by step (the last point is the plan). */
  readonly curve: readonly CostPlanPoint[];
}

export interface BufferAnswer {
  /** "" = one buffer for every service. */
  readonly serviceId: string;
  readonly bufferDays: number;
  readonly found: boolean;
  readonly worstDayOnTimeRate: number | null;
}

export interface PlannerAnswers {
  readonly targetOnTime: number;
  /** The share of runs an answer must hold in when several seeds run (questions.confidence). */
  readonly confidence: number;
  readonly windowFrom: string;
  readonly windowTo: string;
  /** Null when not asked. */
  readonly capacity: readonly CapacityAnswer[] | null;
  readonly buffer: readonly BufferAnswer[] | null;
  /** The cheapest capacity plans, per warehouse with a price (null: no costs given). */
  readonly costPlans: readonly CostPlan[] | null;
  readonly notes: readonly string[];
}

export interface SimulationReport {
  readonly scenario: {
    readonly name: string;
    readonly description: string;
    readonly seed: number;
    readonly start: string;
    readonly days: number;
    readonly demandTimeZone: string;
    readonly targetOnTime: number;
    /** Days of a demand multiplier above 1 or a peak window, inside the simulated days. */
    readonly peakDates: readonly string[];
    readonly warehouses: readonly { id: string; name: string }[];
    readonly services: readonly { id: string; name: string; warehouseIds: readonly string[] }[];
  };
  /** The scenario's own policy first; the flipped capacity-aware policy second when compared. */
  readonly runs: readonly SimulationRun[];
  readonly answers: PlannerAnswers;
  /**
   * With several seeds (--runs N): the spread over all of them; `runs` and `answers` above are
   * the first seed's.
   */
  readonly spread?: SpreadReport | undefined;
  /**
   * The peak rules `promise apply` would add to the scenario's network file for these answers
   * (buffers and capacity), with why; empty when there is nothing to apply.
   */
  readonly applyPreview: readonly { readonly rule: PeakSpec; readonly why: string }[];
}
