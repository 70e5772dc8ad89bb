import type { Day, DayArray } from "./day.js";
import type { LearnedTransit } from "./learned-transit.js";
import type {
  CarrierIndex,
  OriginIndex,
  ServiceIndex,
  StoreIndex,
  WarehouseIndex,
  ZoneIndex,
} from "./network-index.js";

/**
 * The network compiled for the engine: every calendar and cut-off turned into plain day numbers
 * and UTC instants over a horizon, so a request does integer arithmetic and array reads only.
 *
 * All per-day arrays are indexed by `day - horizon.firstDay` and cover `horizon.firstDay` to
 * `horizon.lastDay` inclusive. Orders are accepted for instants whose warehouse-local date lies in
 * `[horizon.firstDay, horizon.orderLastDay]`; the tail after `orderLastDay` leaves room for
 * handling, transit and closures so that no computation for an accepted order runs off the end.
 */
export interface Horizon {
  readonly firstDay: Day;
  readonly lastDay: Day;
  readonly orderLastDay: Day;
  /** lastDay - firstDay + 1 */
  readonly length: number;
}

export const SERVICE_LEVEL_ORDER = [
  "same_day",
  "next_day",
  "express",
  "standard",
  "economy",
] as const;
export type ServiceLevel = (typeof SERVICE_LEVEL_ORDER)[number];

/** Why a day is not a working (or pickup, or delivery) day, for reasons shown to people. */
export type DayNoteCode = "WAREHOUSE_HOLIDAY" | "WAREHOUSE_CLOSED" | "CARRIER_CLOSED";

export interface DayNote {
  readonly code: DayNoteCode;
  /** The holiday's or closure's name. */
  readonly name: string;
}

export interface CompiledWarehouse {
  readonly index: WarehouseIndex;
  readonly id: string;
  readonly name: string;
  readonly timeZone: string;
  readonly country: string;
  /**
   * UTC instant (ms) of the start of each local day; length = horizon.length + 1, so the last
   * entry is the end of the last day.
   */
  readonly midnightMs: Float64Array;
  /** 1 when the day is a warehouse working day. */
  readonly working: Uint8Array;
  /** The first working day on or after each day, or NO_DAY when there is none in the horizon. */
  readonly nextWorking: DayArray;
  /** The warehouse's own local cut-off instant for each day (per-date, per-weekday, default). */
  readonly cutoffMs: Float64Array;
  /** Non-working days that are holidays or closures (not plain weekends), with their names. */
  readonly notes: ReadonlyMap<Day, DayNote>;
  readonly handlingDays: number;
  readonly receivingDays: number;
  /**
   * Orders per day the warehouse can ship, from the network file (default, overrides, peak
   * windows); -1 = no limit. The live view may override it with admin-set capacity.
   */
  readonly capacity: Int32Array;
}

/** A transfer lane: a warehouse sends a store what it lacks. */
export interface CompiledTransfer {
  readonly warehouse: CompiledWarehouse;
  /** The lane's cut-off instant on each warehouse-local day (NaN when the warehouse does not work). */
  readonly cutoffMs: Float64Array;
  /** Calendar days on the road; the order is ready the first open day on or after arrival. */
  readonly transitDays: number;
  /**
   * The carrier service's origin at the warehouse that collects the transfer: it leaves on the
   * origin's ship date (handling, pickup days) and takes one of its carrier pickups (peak pickup
   * limits). Undefined: the warehouse's own van, on its working days.
   */
  readonly origin: CompiledOrigin | undefined;
}

/**
 * A pick-up store. Its stock location is `location`, a CompiledWarehouse in `net.warehouses`
 * (after the warehouses, no service picks up there): `working` = open days, `cutoffMs` = the last
 * order instant still ready that day, `capacity` = pick-up orders per day, `notes` = holidays and
 * closures. Stock and capacity are read and reserved through it exactly as for a warehouse.
 */
export interface CompiledStore {
  readonly index: StoreIndex;
  readonly id: string;
  readonly name: string;
  readonly address: string;
  readonly lat: number;
  readonly lon: number;
  readonly country: string;
  readonly location: CompiledWarehouse;
  /** Opening and closing instants of each local day (NaN when closed). */
  readonly openMs: Float64Array;
  readonly closeMs: Float64Array;
  readonly prepMs: number;
  readonly holdDays: number;
  /** 1 for each zone index the store serves. */
  readonly servesZone: Uint8Array;
  /** Radius served around the store (km); undefined: by zone only. */
  readonly radiusKm: number | undefined;
  readonly transfers: readonly CompiledTransfer[];
  readonly priceCents: number;
  readonly currency: string;
}

export interface CompiledCarrier {
  readonly index: CarrierIndex;
  readonly id: string;
  readonly name: string;
  /** 1 when the carrier is off (public holiday of its country or closure, not an extra working day). */
  readonly dayOff: Uint8Array;
  /** 1 when the day is one of the carrier's extra working days. */
  readonly extraWorking: Uint8Array;
  readonly notes: ReadonlyMap<Day, DayNote>;
}

export interface Price {
  readonly currency: string;
  /** In hundredths of the currency unit (satang for THB; VND amounts are whole, times 100). */
  readonly amountCents: number;
  /** Orders whose cart value reaches this ship free; undefined: never. */
  readonly freeOverCents: number | undefined;
}

export interface CompiledService {
  readonly index: ServiceIndex;
  readonly id: string;
  readonly name: string;
  readonly level: ServiceLevel;
  readonly carrier: CompiledCarrier;
  /** Shoppers may choose a delivery date in the next `scheduleDays` days (0: not schedulable). */
  readonly scheduleDays: number;
  /** 1 when the carrier picks up that day (pickup weekday or extra working day, and not a day off). */
  readonly pickupDay: Uint8Array;
  /** 1 when the carrier delivers that day (delivery weekday or extra working day, and not a day off). */
  readonly deliveryDay: Uint8Array;
  /**
   * deliveryRank[i] = how many delivery days there are in [firstDay, firstDay + i]; with
   * `deliveryDays` (the delivery days in order) it advances a date by n delivery days in O(1).
   */
  readonly deliveryRank: Int32Array;
  readonly deliveryDays: DayArray;
  readonly price: Price;
  /** Peak buffer per ship date: days added to both ends of the window. */
  readonly peakExtraDays: Int8Array;
  /** Peak widening per ship date: days added to the latest end only. */
  readonly peakWidenDays: Int8Array;
  /** The name of the peak window covering a ship date, for the PEAK_BUFFER reason. */
  readonly peakNames: ReadonlyMap<Day, string>;
  /** Daily pickup limit per warehouse per day in peak windows (-1 = none). */
  readonly pickupLimit: Int32Array;
}

/** One service picking up at one warehouse: where release dates turn into ship dates. */
export interface CompiledOrigin {
  readonly index: OriginIndex;
  readonly service: CompiledService;
  readonly warehouse: CompiledWarehouse;
  readonly handlingDays: number;
  /**
   * The cut-off on release date r: the warehouse's cut-off, or, when an order released on r ships
   * on r, the earlier of that and the carrier's pickup cut-off. NaN on non-working days.
   */
  readonly cutoffMs: Float64Array;
  /** The ship date of each release date, or NO_DAY when it falls outside the horizon. */
  readonly shipOf: DayArray;
  /**
   * For each ship date s: the last working release day r with shipOf[r] = s, or -1 when no
   * release day ships on s (NO_DAY). order_by of an option shipping on s is
   * cutoffMs[lastReleaseFor[s]].
   */
  readonly lastReleaseFor: DayArray;
  /** Transit per destination zone index (min, max); undefined: no lane to that zone. */
  readonly lanes: ReadonlyArray<Transit | undefined>;
}

export interface Transit {
  readonly min: number;
  readonly max: number;
}

export interface CompiledZone {
  readonly index: ZoneIndex;
  readonly id: string;
  readonly country: string;
  readonly remote: boolean;
  readonly surchargeCents: number;
  readonly surchargeCurrency: string | undefined;
  readonly extraTransitDays: number;
}

/** How a country's destinations map to zones. */
export interface CountryZones {
  readonly country: string;
  readonly postalPattern: RegExp;
  /** Postal prefix -> zone index. The longest matching prefix wins. */
  readonly byPrefix: ReadonlyMap<string, ZoneIndex>;
  readonly longestPrefix: number;
  /** Upper-cased province name -> zone index. */
  readonly byProvince: ReadonlyMap<string, ZoneIndex>;
}

export interface CompiledNetwork {
  /** Changes whenever the network is recompiled; part of every cache key. */
  readonly version: string;
  readonly horizon: Horizon;
  readonly warehouses: readonly CompiledWarehouse[];
  readonly warehouseById: ReadonlyMap<string, CompiledWarehouse>;
  readonly carriers: readonly CompiledCarrier[];
  readonly services: readonly CompiledService[];
  readonly serviceById: ReadonlyMap<string, CompiledService>;
  readonly origins: readonly CompiledOrigin[];
  /** Origins grouped by warehouse index, in service order. */
  readonly originsByWarehouse: ReadonlyArray<readonly CompiledOrigin[]>;
  readonly zones: readonly CompiledZone[];
  readonly countries: ReadonlyMap<string, CountryZones>;
  /** Pick-up stores, in file order; their locations follow the warehouses in `warehouses`. */
  readonly stores: readonly CompiledStore[];
  readonly storeById: ReadonlyMap<string, CompiledStore>;
  /**
   * The stores serving each zone (by zone index), in file order: the pick-up candidates of a
   * request without coordinates, found once per compilation instead of per request.
   */
  readonly storesByZone: ReadonlyArray<readonly CompiledStore[]>;
  /** The stores with a radius (file order): candidates by distance when a request has coordinates. */
  readonly radiusStores: readonly CompiledStore[];
  /** Transit learned from deliveries (absent: every lane uses the file's min/max). */
  readonly learned?: LearnedTransit | undefined;
}
