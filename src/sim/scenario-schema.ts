import { z } from "zod";
import { parseIsoDay } from "../engine/day.js";
import { peakSchema, stockSchema, weekdaySchema } from "../network/network-schema.js";

/**
 * The scenario file of the peak planner (YAML, keys in snake_case, strict objects: a misspelt key
 * is an error): which network, which days, what demand, what really happens (transit, slowdowns,
 * throughput), how the store promises, and which planner questions to answer.
 */

const isoDate = z
  .string()
  .refine((s) => parseIsoDay(s) !== undefined, { message: "expected a date YYYY-MM-DD" });

const id = z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, {
  message: "expected an id of lowercase letters, digits, '.', '_' or '-' (at most 64)",
});

const timeZone = z.string().refine(
  (zone) => {
    try {
      new Intl.DateTimeFormat("en-US", { timeZone: zone });
      return zone.includes("/") || zone === "UTC";
    } catch {
      return false;
    }
  },
  { message: "expected an IANA time zone such as Asia/Bangkok" },
);

const weight = z.number().min(0).finite();

/**
 * A distribution of extra days, as a map from days to probabilities that sum to 1:
 * `{ 0: 0.80, 1: 0.15, 2: 0.05 }`.
 */
export const extraDaysDistributionSchema = z
  .record(
    z.string().regex(/^([0-9]|[12][0-9]|30)$/, { message: "expected a whole number of days 0-30" }),
    z.number().min(0).max(1),
  )
  .refine((d) => Object.keys(d).length > 0, { message: "give at least one number of days" })
  .refine(
    (d) => {
      const sum = Object.values(d).reduce((a, b) => a + b, 0);
      return Math.abs(sum - 1) <= 1e-6;
    },
    { message: "the probabilities must sum to 1" },
  );
export type ExtraDaysDistribution = z.infer<typeof extraDaysDistributionSchema>;

/** A lane's transit: `{ 2: 0.7, 3: 0.3 }`, whole delivery days 0-60 to probabilities summing to 1. */
export const laneTransitSchema = z.strictObject({
  service: id,
  warehouse: id,
  zone: id,
  peak: z.boolean().default(false),
  days: z
    .record(
      z.string().regex(/^([0-9]|[1-5][0-9]|60)$/, {
        message: "expected a whole number of days 0-60",
      }),
      z.number().min(0).max(1),
    )
    .refine((d) => Object.keys(d).length > 0, { message: "give at least one number of days" })
    .refine((d) => Math.abs(Object.values(d).reduce((a, b) => a + b, 0) - 1) <= 1e-6, {
      message: "the probabilities must sum to 1",
    }),
  /** The deliveries it was learned from (shown in the report). */
  samples: z.number().int().min(0).optional(),
});
export type LaneTransitSpec = z.infer<typeof laneTransitSchema>;

/** A single date or a window (both ends included). */
const dateOrWindow = {
  date: isoDate.optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
};
function isDateOrWindow(r: { date?: string; from?: string; to?: string }): boolean {
  return (r.date !== undefined) !== (r.from !== undefined && r.to !== undefined);
}
const windowMessage = { message: "give either date, or from and to" };
function windowInOrder(r: { from?: string; to?: string }): boolean {
  return r.from === undefined || r.to === undefined || r.from <= r.to;
}
const orderMessage = { message: "from must not be after to", path: ["to"] };

const hourlyProfile = z
  .array(weight)
  .length(24, { message: "expected 24 weights, one per local hour 00-23" })
  .refine((a) => a.some((w) => w > 0), { message: "at least one hour needs a weight above 0" });

export const multiplierSchema = z
  .strictObject({
    name: z.string().min(1).optional(),
    ...dateOrWindow,
    factor: z.number().min(0).max(1000),
    /** The hourly profile on these days (a sale that opens at midnight). */
    hourly_profile: hourlyProfile.optional(),
  })
  .refine(isDateOrWindow, windowMessage)
  .refine(windowInOrder, orderMessage);

export const demandSchema = z.strictObject({
  /** The zone whose local hours the profile counts; default: the first warehouse's. */
  time_zone: timeZone.optional(),
  /**
   * Orders per day: one number for every day, or a map from dates to counts (days not listed get
   * none). Multipliers and weekday factors apply on top; the count is rounded to a whole number.
   */
  orders_per_day: z.union([
    z.number().min(0).max(10_000_000),
    z.record(isoDate, z.number().int().min(0).max(10_000_000)),
  ]),
  weekday_factors: z.partialRecord(weekdaySchema, z.number().min(0).max(100)).default({}),
  multipliers: z.array(multiplierSchema).default([]),
  /** 24 weights, one per local hour; default: flat. */
  hourly_profile: hourlyProfile.default(new Array(24).fill(1)),
});

const destinationSchema = z.strictObject({
  name: z.string().min(1).optional(),
  country: z.string().regex(/^[A-Z]{2}$/, { message: "expected an ISO 3166-1 alpha-2 code" }),
  postal_code: z.string().default(""),
  province: z.string().optional(),
  weight,
});

export const mixSchema = z.strictObject({
  skus: z
    .array(z.strictObject({ sku: z.string().min(1).max(128), weight }))
    .min(1)
    .refine((a) => a.some((s) => s.weight > 0), { message: "some weight must be above 0" }),
  quantities: z
    .array(z.strictObject({ quantity: z.number().int().min(1).max(1000), weight }))
    .min(1)
    .refine((a) => a.some((s) => s.weight > 0), { message: "some weight must be above 0" })
    .default([{ quantity: 1, weight: 1 }]),
  /** Lines (distinct SKUs) per order; carts of more than one line are quoted with quoteCart. */
  lines: z
    .array(z.strictObject({ count: z.number().int().min(1).max(20), weight }))
    .min(1)
    .refine((a) => a.some((s) => s.weight > 0), { message: "some weight must be above 0" })
    .default([{ count: 1, weight: 1 }]),
  destinations: z
    .array(destinationSchema)
    .min(1)
    .refine((a) => a.some((s) => s.weight > 0), { message: "some weight must be above 0" }),
});

export const inboundPlanSchema = z.strictObject({
  sku: z.string().min(1).max(128),
  warehouse: id,
  quantity: z.number().int().min(1),
  eta: isoDate,
});

export const stockPlanSchema = z.strictObject({
  /** Start from the network file's `stock` section. */
  from_network: z.boolean().default(true),
  /** Ignore stock altogether: every SKU is available everywhere (capacity studies). */
  unlimited: z.boolean().default(false),
  /** Rows that replace the network's row for the same SKU and warehouse (or add one). */
  rows: z.array(stockSchema).default([]),
  /** Inbound lots added to the rows (a replenishment plan). */
  inbound: z.array(inboundPlanSchema).default([]),
});

export const capacityChangeSchema = z
  .strictObject({
    name: z.string().min(1).optional(),
    warehouse: id,
    ...dateOrWindow,
    /** Orders per day the warehouse can ship on these days (what promising counts against). */
    capacity: z.number().int().min(0),
  })
  .refine(isDateOrWindow, windowMessage)
  .refine(windowInOrder, orderMessage);

export const slowdownSchema = z
  .strictObject({
    name: z.string().min(1),
    ...dateOrWindow,
    /** Service ids it slows; absent: all. */
    services: z.array(id).optional(),
    /** Days added to the transit of parcels picked up on these days. */
    extra_days: extraDaysDistributionSchema,
  })
  .refine(isDateOrWindow, windowMessage)
  .refine(windowInOrder, orderMessage);

export const throughputSchema = z.strictObject({
  /** Real throughput as a share of the capacity in force (default 1). */
  factor: z.number().min(0).max(10).default(1),
  /** Real orders shipped per working day, whatever the capacity says. */
  per_day: z.number().int().min(0).optional(),
  /** Per-date real throughput (wins over the above). */
  dates: z.record(isoDate, z.number().int().min(0)).default({}),
});

export const actualSchema = z.strictObject({
  transit: z
    .strictObject({
      /**
       * Extra delivery days over the lane's minimum for services not listed: `within_window` draws
       * uniformly inside the promised window (the carrier keeps its SLA), or a distribution.
       */
      default: z
        .union([z.literal("within_window"), extraDaysDistributionSchema])
        .default("within_window"),
      services: z.record(id, extraDaysDistributionSchema).default({}),
      /**
       * Per lane (a service from a warehouse to a zone), the distribution of the whole transit in
       * the carrier's delivery days, learned from recorded delivery outcomes
       * (`history.transit_from_store`) or written by hand: wins over the service's extra days.
       * `peak: true` applies to parcels shipped inside one of the service's peak windows, false
       * (default) to the others.
       */
      lanes: z.array(laneTransitSchema).default([]),
    })
    .default({ default: "within_window", services: {}, lanes: [] }),
  slowdowns: z.array(slowdownSchema).default([]),
  /** Real throughput per warehouse id; default: the capacity in force (no limit: ships all). */
  throughput: z.record(id, throughputSchema).default({}),
});

export const policySchema = z.strictObject({
  /** Promising counts bookings against warehouse capacity and pickup limits (skips full days). */
  capacity_aware: z.boolean().default(true),
  /**
   * With capacity-aware promising: capacity net of the backlog the warehouses really have and of
   * their learned real throughput (docs/backlog.md). Default: on when capacity-aware is on.
   */
  backlog_aware: z.boolean().optional(),
  /** How shoppers choose among the options: shares picking the fastest and the cheapest. */
  choice: z
    .strictObject({ fastest: weight.default(1), cheapest: weight.default(0) })
    .refine((c) => c.fastest + c.cheapest > 0, { message: "some share must be above 0" })
    .default({ fastest: 1, cheapest: 0 }),
  /** Delivery days added to the latest end of every promise (all services, or per service). */
  buffer_days: z
    .union([
      z.number().int().min(0).max(30),
      z.strictObject({
        default: z.number().int().min(0).max(30).default(0),
        services: z.record(id, z.number().int().min(0).max(30)).default({}),
      }),
    ])
    .default(0),
});

export const questionsSchema = z.strictObject({
  /** Also run with capacity-aware promising flipped and compare. */
  compare_capacity_aware: z.boolean().default(false),
  /** Also run with backlog-aware promising flipped (capacity-aware on) and compare. */
  compare_backlog_aware: z.boolean().default(false),
  /** The smallest daily capacity per warehouse (true: every warehouse that ships; or ids). */
  min_capacity: z.union([z.boolean(), z.array(id).min(1)]).default(false),
  /** The fewest buffer days per service. */
  min_buffer_days: z.boolean().default(false),
  max_buffer_days: z.number().int().min(0).max(30).default(10),
  /**
   * With several runs (--runs N): the share of runs a capacity or buffer answer must hold in
   * (0.9: in 9 of 10 runs).
   */
  confidence: z.number().gt(0).max(1).default(0.9),
  /**
   * The days (of ordering) over which the target must hold, every day; default: all simulated
   * days.
   */
  window: z
    .strictObject({ from: isoDate, to: isoDate })
    .refine(windowInOrder, orderMessage)
    .optional(),
});

/**
 * Demand and transit from history: a CSV of past orders (demand and mix, for the sections the
 * scenario leaves out) and a CSV of past shipments (actual transit per service, for the services
 * the scenario leaves out). Paths are relative to the scenario file.
 */
export const historySchema = z.strictObject({
  orders_csv: z.string().min(1).optional(),
  /** The first history day, mapped to `start` (last year's 11.11 onto this year's). */
  from: isoDate.optional(),
  /** Orders are multiplied by it (1.2: 20% more than last year). */
  growth: z.number().gt(0).max(1000).default(1),
  /** The zone of the orders' local dates and hours; default: the first warehouse's. */
  time_zone: timeZone.optional(),
  shipments_csv: z.string().min(1).optional(),
  /**
   * Demand and mix from the promises recorded in the store (any status but cancelled), like
   * orders_csv (which it excludes). Command line only: read from the store the service uses.
   */
  orders_from_store: z.boolean().default(false),
  /**
   * Actual transit per lane from the store's recorded delivery outcomes (learned as the service
   * learns it, peak and normal apart; lanes with fewer than learning.min_samples deliveries keep
   * the service's model). Command line only.
   */
  transit_from_store: z.boolean().default(false),
  /** The delivered dates read for transit_from_store; default: from `from` to 30 days after the days read. */
  outcomes: z
    .strictObject({ from: isoDate, to: isoDate })
    .refine(windowInOrder, orderMessage)
    .optional(),
});

const money = z.number().min(0).finite();

/** A price per unit per day, over a date or a window, with a most units per day. */
const pricedWindow = {
  ...dateOrWindow,
  /** The price of one more unit per day (one more parcel a day). */
  unit_cost: money,
  /** The most extra units per day at this price (temporary staff and overtime are limited). */
  max_units: z.number().int().min(0).max(10_000_000),
};

export const extraCapacityCostSchema = z
  .strictObject({ name: z.string().min(1).optional(), warehouse: id, ...pricedWindow })
  .refine(isDateOrWindow, windowMessage)
  .refine(windowInOrder, orderMessage);

export const pickupIncreaseCostSchema = z
  .strictObject({ name: z.string().min(1).optional(), service: id, ...pricedWindow })
  .refine(isDateOrWindow, windowMessage)
  .refine(windowInOrder, orderMessage);

/** What things cost: for the planner's cheapest plan (all optional). */
export const costsSchema = z.strictObject({
  /** Shown with the amounts (for example THB). */
  currency: z.string().min(1).max(8).default(""),
  /** The cost of one broken promise (refunds, vouchers, support, lost custom). */
  broken_promise: money.default(0),
  /**
   * Extra warehouse capacity per day, by warehouse and date: the first entry covering a day sets
   * its price and limit. Days no entry covers cannot get extra capacity.
   */
  extra_capacity: z.array(extraCapacityCostSchema).default([]),
  /** Carrier pickup-limit increases, by service and date, with their price. */
  pickup_limit_increases: z.array(pickupIncreaseCostSchema).default([]),
});

export const scenarioFileSchema = z.strictObject({
  version: z.literal(1),
  name: z.string().min(1).optional(),
  description: z.string().optional(),
  /** The seed of every random draw; the same scenario and seed give byte-identical results. */
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 32 - 1)
    .default(1),
  /**
   * The network: a path to a network file (relative to the scenario file), or the network inline.
   * Absent: the network the host supplies (the server's own).
   */
  network: z.union([z.string().min(1), z.record(z.string(), z.unknown())]).optional(),
  /** Peak rules added to the network's (same format as the network file's `peaks`). */
  extra_peaks: z.array(peakSchema).default([]),
  history: historySchema.optional(),
  /** The first day orders are placed (in the demand's zone). */
  start: isoDate,
  /** Days of ordering; the run continues until every order is delivered. */
  days: z.number().int().min(1).max(400),
  demand: demandSchema,
  mix: mixSchema,
  stock: stockPlanSchema.default({ from_network: true, unlimited: false, rows: [], inbound: [] }),
  capacity_changes: z.array(capacityChangeSchema).default([]),
  actual: actualSchema.default({
    transit: { default: "within_window", services: {}, lanes: [] },
    slowdowns: [],
    throughput: {},
  }),
  policy: policySchema.default({
    capacity_aware: true,
    choice: { fastest: 1, cheapest: 0 },
    buffer_days: 0,
  }),
  costs: costsSchema.default({
    currency: "",
    broken_promise: 0,
    extra_capacity: [],
    pickup_limit_increases: [],
  }),
  /** The on-time rate to keep (promises kept / promises made), for the planner's questions. */
  target_on_time: z.number().gt(0).max(1).default(0.95),
  questions: questionsSchema.default({
    compare_capacity_aware: false,
    compare_backlog_aware: false,
    min_capacity: false,
    min_buffer_days: false,
    max_buffer_days: 10,
    confidence: 0.9,
  }),
});

export type ScenarioFile = z.infer<typeof scenarioFileSchema>;
export type ScenarioInput = z.input<typeof scenarioFileSchema>;
export type DemandSpec = z.infer<typeof demandSchema>;
export type MixSpec = z.infer<typeof mixSchema>;
export type ActualSpec = z.infer<typeof actualSchema>;
export type PolicySpec = z.infer<typeof policySchema>;
export type QuestionsSpec = z.infer<typeof questionsSchema>;
export type CapacityChangeSpec = z.infer<typeof capacityChangeSchema>;
export type SlowdownSpec = z.infer<typeof slowdownSchema>;
export type CostsSpec = z.infer<typeof costsSchema>;
export type ThroughputSpec = z.infer<typeof throughputSchema>;
