import { z } from "zod";
import { MAX_SKU_LENGTH } from "../domain/sku.js";
import { parseIsoDay } from "../engine/day.js";

/**
 * The network file: warehouses, carriers and their services, destination zones, peak rules and
 * (optionally) initial stock. YAML keys are snake_case. Validated once at load; a bad file fails
 * with the path of the bad field. Objects are strict: an unknown (misspelt) key is an error.
 */

const isoDate = z
  .string()
  .refine((s) => parseIsoDay(s) !== undefined, { message: "expected a date YYYY-MM-DD" });

const localTime = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: "expected a local time HH:MM (00:00-23:59)" });

export const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
export const weekdaySchema = z.enum(WEEKDAYS);
export type Weekday = z.infer<typeof weekdaySchema>;

const weekdays = z
  .array(weekdaySchema)
  .min(1)
  .refine((a) => new Set(a).size === a.length, {
    message: "weekdays must not repeat",
  });

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

const country = z.string().regex(/^[A-Z]{2}$/, { message: "expected an ISO 3166-1 alpha-2 code" });

/** A named date (a holiday added, a closure, an extra working day). */
export const namedDateSchema = z.strictObject({ date: isoDate, name: z.string().min(1) });

/** A named date range, both ends included (a Tet shutdown, a stock-take). */
export const namedRangeSchema = z
  .strictObject({
    date: isoDate.optional(),
    from: isoDate.optional(),
    to: isoDate.optional(),
    name: z.string().min(1),
  })
  .refine((r) => (r.date !== undefined) !== (r.from !== undefined && r.to !== undefined), {
    message: "give either date, or from and to",
  })
  .refine((r) => r.from === undefined || r.to === undefined || r.from <= r.to, {
    message: "from must not be after to",
  });

/**
 * A public-holiday calendar: date-holidays' public holidays of a country (and region), plus
 * additions (substitute and cabinet-added days the library misses), minus removals.
 */
export const holidayCalendarSchema = z.strictObject({
  country,
  /** A date-holidays state code, with or without the country prefix: `BY` or `DE-BY`. */
  region: z.string().min(1).optional(),
  /** Set false to start from no library holidays at all (only `add`). */
  use_library: z.boolean().default(true),
  add: z.array(namedDateSchema).default([]),
  remove: z.array(isoDate).default([]),
});

const cutoffSchema = z.strictObject({
  default: localTime,
  weekdays: z.partialRecord(weekdaySchema, localTime).default({}),
  dates: z.record(isoDate, localTime).default({}),
});

export const warehouseSchema = z.strictObject({
  id,
  name: z.string().min(1),
  time_zone: timeZone,
  holidays: holidayCalendarSchema,
  working_days: weekdays.default(["mon", "tue", "wed", "thu", "fri"]),
  /** The store's own closures (stock-takes, company days off). */
  closures: z.array(namedRangeSchema).default([]),
  /** Extra working days (a peak Sunday shift); they override weekends, holidays and closures. */
  extra_working_days: z.array(namedDateSchema).default([]),
  cutoff: cutoffSchema,
  /** Warehouse working days from release to ship; 0 ships the day the order is released. */
  handling_days: z.number().int().min(0).max(30).default(0),
  /** Working days from an inbound lot's arrival until its units can be picked. */
  receiving_days: z.number().int().min(0).max(30).default(1),
  /** Orders per day the warehouse can ship; absent: no limit. */
  daily_capacity: z.number().int().min(0).optional(),
  capacity_overrides: z.record(isoDate, z.number().int().min(0)).default({}),
});

export const carrierSchema = z.strictObject({
  id,
  name: z.string().min(1),
  /** The public holidays the carrier observes (the country it serves). */
  holidays: holidayCalendarSchema,
  /** The carrier's own days off, for example a Tet shutdown longer than the public holiday. */
  closures: z.array(namedRangeSchema).default([]),
  /** Days the carrier works although they are holidays or closures (a substitute Monday). */
  extra_working_days: z.array(namedDateSchema).default([]),
});

export const SERVICE_LEVELS = ["same_day", "next_day", "express", "standard", "economy"] as const;
export const serviceLevelSchema = z.enum(SERVICE_LEVELS);
export type ServiceLevelName = z.infer<typeof serviceLevelSchema>;

const money = z.strictObject({
  currency: z.string().regex(/^[A-Z]{3}$/, { message: "expected an ISO 4217 code" }),
  amount: z.number().min(0),
});

const transitSchema = z
  .strictObject({ min: z.number().int().min(0).max(60), max: z.number().int().min(0).max(60) })
  .refine((t) => t.min <= t.max, { message: "min must not exceed max", path: ["max"] });

export const serviceSchema = z.strictObject({
  id,
  carrier: id,
  name: z.string().min(1),
  level: serviceLevelSchema,
  pickup_days: weekdays.default(["mon", "tue", "wed", "thu", "fri"]),
  delivery_days: weekdays.default(["mon", "tue", "wed", "thu", "fri"]),
  /** Where the service picks up: the pickup cut-off there (warehouse-local) and optional handling. */
  origins: z
    .array(
      z.strictObject({
        warehouse: id,
        pickup_cutoff: localTime,
        handling_days: z.number().int().min(0).max(30).optional(),
      }),
    )
    .min(1),
  lanes: z
    .array(
      z.strictObject({
        from: id,
        to: z.array(id).min(1),
        transit_days: transitSchema,
      }),
    )
    .min(1),
  price: money.extend({ free_over: z.number().min(0).optional() }),
  /** Shoppers may choose the delivery date (deliver on); see docs/omnichannel.md. */
  schedulable: z.boolean().default(false),
  /** How many days ahead a schedulable service offers delivery dates. */
  schedule_days: z.number().int().min(1).max(60).default(14),
});

export const zoneSchema = z
  .strictObject({
    id,
    name: z.string().min(1).optional(),
    country,
    /** Postal-code prefixes; the longest matching prefix of any zone of the country wins. */
    postal_prefixes: z.array(z.string().regex(/^[0-9A-Z]{0,10}$/)).default([]),
    /** Province names or codes, matched case-insensitively when the request gives a province. */
    provinces: z.array(z.string().min(1)).default([]),
    remote: z
      .strictObject({
        surcharge: money.optional(),
        extra_transit_days: z.number().int().min(0).max(30).default(0),
      })
      .optional(),
  })
  .refine((zone) => zone.postal_prefixes.length > 0 || zone.provinces.length > 0, {
    message: "a zone needs postal_prefixes or provinces",
  });

/** Postal-code formats per country; TH and VN (and a few others) are built in. */
export const countrySchema = z.strictObject({
  postal_code: z.string().min(1),
});

export const peakSchema = z
  .strictObject({
    name: z.string().min(1),
    from: isoDate,
    to: isoDate,
    /** Service ids it applies to; absent: all services. */
    services: z.array(id).optional(),
    /** Added to both ends of the delivery window for ship dates in the window. */
    extra_transit_days: z.number().int().min(0).max(30).default(0),
    /** Added to the latest end only. */
    widen_days: z.number().int().min(0).max(30).default(0),
    /** The carrier's daily pickup limit (orders per warehouse per day) in the window. */
    pickup_limit: z.number().int().min(0).optional(),
    /** Warehouse capacity in the window (extra shifts), by warehouse id. */
    warehouse_capacity: z.record(id, z.number().int().min(0)).default({}),
  })
  .refine((p) => p.from <= p.to, { message: "from must not be after to", path: ["to"] });

export const stockSchema = z.strictObject({
  sku: z.string().min(1).max(MAX_SKU_LENGTH),
  warehouse: id,
  on_hand: z.number().int().min(0),
  /** Units held by orders taken elsewhere; seeded into the store as held back (safety stock). */
  reserved: z.number().int().min(0).default(0),
  safety_stock: z.number().int().min(0).default(0),
  inbound: z.array(z.strictObject({ quantity: z.number().int().min(1), eta: isoDate })).default([]),
});

/** Opening hours `HH:MM-HH:MM` (store-local), open before close. */
const OPENING_HOURS = /^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/;
const openingHours = z.string().superRefine((s, ctx) => {
  if (!OPENING_HOURS.test(s)) {
    ctx.addIssue({ code: "custom", message: "expected opening hours HH:MM-HH:MM" });
  } else if (s.slice(0, 5) >= s.slice(6)) {
    ctx.addIssue({ code: "custom", message: "opening must be before closing" });
  }
});

/**
 * A store (a branch): a stock location in the same stock feed as warehouses, where shoppers pick
 * up. See docs/omnichannel.md.
 */
export const storeSchema = z
  .strictObject({
    id,
    name: z.string().min(1),
    address: z.string().min(1),
    lat: z.number().min(-90).max(90),
    lon: z.number().min(-180).max(180),
    time_zone: timeZone,
    /** The country whose language labels use (the store's). */
    country,
    /** Opening hours per weekday; a weekday left out is closed. */
    opening_hours: z.partialRecord(weekdaySchema, openingHours),
    /** Per-date hours, or `closed`; they override weekdays, holidays and closures. */
    hours_overrides: z.record(isoDate, z.union([openingHours, z.literal("closed")])).default({}),
    /** Public holidays the store closes on (absent: it opens on holidays, as malls do). */
    holidays: holidayCalendarSchema.optional(),
    closures: z.array(namedRangeSchema).default([]),
    /** Minutes from an order (or from opening) until it is ready to collect. */
    prep_minutes: z
      .number()
      .int()
      .min(0)
      .max(24 * 60)
      .default(60),
    /** Orders until this store-local time are still ready the same day (if prep fits before closing). */
    last_order_time: localTime,
    /** Open days a ready order is held after the day it is ready. */
    hold_days: z.number().int().min(0).max(60).default(7),
    /** Pick-up orders per day the store can prepare; absent: no limit. */
    daily_pickup_capacity: z.number().int().min(0).optional(),
    /** Destinations it serves: zone ids, and/or a radius around it (requests with coordinates). */
    serves: z
      .strictObject({
        zones: z.array(id).default([]),
        radius_km: z.number().gt(0).max(1000).optional(),
      })
      .refine((s) => s.zones.length > 0 || s.radius_km !== undefined, {
        message: "a store serves zones or a radius_km",
      }),
    /** Transfer lanes: a warehouse sends stock the store lacks (cut-off warehouse-local). */
    transfers: z
      .array(
        z.strictObject({
          from: id,
          cutoff: localTime,
          /** Calendar days on the road; it is ready the first open day on or after arrival. */
          transit_days: z.number().int().min(1).max(30),
          /**
           * The carrier service that collects the transfer (one of its origins is `from`): it then
           * leaves on that origin's ship dates and takes one of its carrier pickups, as a shipment
           * does (peak pickup limits included). Absent: the warehouse's own van (working days).
           */
          service: id.optional(),
        }),
      )
      .default([]),
    price: money,
  })
  .refine((s) => Object.keys(s.opening_hours).length > 0, {
    message: "a store opens on at least one weekday",
    path: ["opening_hours"],
  });

/** How transit is learned from deliveries (see src/learning); every key has a default. */
export const learningSchema = z
  .strictObject({
    /** Deliveries of the last this many days are learned from. */
    window_days: z.number().int().min(7).max(730).default(90),
    /** A lane needs this many deliveries (in its peak or normal population) to set its window. */
    min_samples: z.number().int().min(1).max(1_000_000).default(200),
    earliest_quantile: z.number().gt(0).lt(1).default(0.1),
    latest_quantile: z.number().gt(0).lt(1).default(0.95),
    /** How often the learned table is rebuilt in the background. */
    refresh_minutes: z.number().int().min(1).max(10_080).default(60),
  })
  .refine((l) => l.earliest_quantile <= l.latest_quantile, {
    message: "earliest_quantile must not exceed latest_quantile",
    path: ["latest_quantile"],
  });

export const LEARNING_DEFAULTS = {
  window_days: 90,
  min_samples: 200,
  earliest_quantile: 0.1,
  latest_quantile: 0.95,
  refresh_minutes: 60,
} as const;

export const networkFileSchema = z.strictObject({
  /** The file format's version. */
  version: z.literal(1),
  name: z.string().min(1).optional(),
  /** Calendar horizon: days before and after today compiled into day tables. */
  horizon: z
    .strictObject({
      days_before: z.number().int().min(0).max(3660).default(365),
      days_after: z.number().int().min(30).max(3660).default(730),
    })
    .default({ days_before: 365, days_after: 730 }),
  countries: z.record(country, countrySchema).default({}),
  warehouses: z.array(warehouseSchema).min(1),
  carriers: z.array(carrierSchema).min(1),
  services: z.array(serviceSchema).min(1),
  zones: z.array(zoneSchema).min(1),
  peaks: z.array(peakSchema).default([]),
  learning: learningSchema.default(LEARNING_DEFAULTS),
  /** Pick-up stores (stock locations); see docs/omnichannel.md. */
  stores: z.array(storeSchema).default([]),
  /** Initial stock, loaded into an empty store (the stock feed owns it afterwards). */
  stock: z.array(stockSchema).default([]),
});

export type NetworkFile = z.infer<typeof networkFileSchema>;
export type WarehouseSpec = z.infer<typeof warehouseSchema>;
export type CarrierSpec = z.infer<typeof carrierSchema>;
export type ServiceSpec = z.infer<typeof serviceSchema>;
export type ZoneSpec = z.infer<typeof zoneSchema>;
export type PeakSpec = z.infer<typeof peakSchema>;
export type StockSpec = z.infer<typeof stockSchema>;
export type StoreSpec = z.infer<typeof storeSchema>;
export type HolidayCalendarSpec = z.infer<typeof holidayCalendarSchema>;
export type NamedRangeSpec = z.infer<typeof namedRangeSchema>;
export type LearningSpec = z.infer<typeof learningSchema>;
