import type {
  CompiledOrigin,
  CompiledStore,
  CompiledTransfer,
  CompiledWarehouse,
  DayNote,
  Horizon,
} from "../engine/compiled-network.js";
import { addDays, type Day, dayArray, isoDay, NO_DAY, weekdayOf } from "../engine/day.js";
import type { StoreIndex, WarehouseIndex } from "../engine/network-index.js";
import { buildHolidayCalendar } from "./holiday-calendar.js";
import { expandNamedDays } from "./named-days.js";
import { type StoreSpec, WEEKDAYS } from "./network-schema.js";
import { minutesOfLocalTime, type ZoneDayTable } from "./zone-day-table.js";

const MS_PER_MINUTE = 60_000;

/**
 * Compiles one pick-up store over the horizon. A day is open when a per-date override gives
 * hours, or when the weekday has hours and the day is neither a holiday of the store's calendar
 * nor a closure (an override of `closed` closes it). Opening, closing and the last order time are
 * DST-exact instants from the zone's day table. The last order instant still ready that day is the
 * earlier of `last_order_time` and closing minus the preparation time (NaN when preparation does
 * not fit between opening and closing: nothing ordered that day is ready that day).
 *
 * The store's stock location (`location`) gets `locationIndex` in `net.warehouses`.
 */
export function compileStore(
  spec: StoreSpec,
  index: StoreIndex,
  locationIndex: WarehouseIndex,
  horizon: Horizon,
  zoneDays: ZoneDayTable,
  zoneIndex: ReadonlyMap<string, number>,
  zoneCount: number,
  warehouseById: ReadonlyMap<string, CompiledWarehouse>,
  zoneDaysOf: (timeZone: string) => ZoneDayTable,
  originOf: (serviceId: string, warehouseId: string) => CompiledOrigin | undefined = () =>
    undefined,
): CompiledStore {
  const { firstDay, lastDay, length } = horizon;
  const holidays =
    spec.holidays === undefined
      ? new Map<Day, string>()
      : buildHolidayCalendar(spec.holidays, firstDay, lastDay);
  const closures = expandNamedDays(spec.closures, firstDay, lastDay);
  const overrides = new Map<Day, string>();
  for (const [date, hours] of Object.entries(spec.hours_overrides)) {
    overrides.set(isoDay(date), hours);
  }
  const byWeekday = [undefined, ...WEEKDAYS.map((name) => spec.opening_hours[name])];
  const prepMs = spec.prep_minutes * MS_PER_MINUTE;
  const lastOrder = minutesOfLocalTime(spec.last_order_time);

  const working = new Uint8Array(length);
  const openMs = new Float64Array(length).fill(Number.NaN);
  const closeMs = new Float64Array(length).fill(Number.NaN);
  const cutoffMs = new Float64Array(length).fill(Number.NaN);
  const notes = new Map<Day, DayNote>();
  for (let i = 0; i < length; i++) {
    const day = addDays(firstDay, i);
    let hours = overrides.get(day);
    if (hours === undefined) {
      const holiday = holidays.get(day);
      const closure = closures.get(day);
      if (holiday !== undefined) notes.set(day, { code: "WAREHOUSE_HOLIDAY", name: holiday });
      else if (closure !== undefined) notes.set(day, { code: "WAREHOUSE_CLOSED", name: closure });
      else hours = byWeekday[weekdayOf(day)];
    } else if (hours === "closed") {
      notes.set(day, { code: "WAREHOUSE_CLOSED", name: "closed" });
    }
    if (hours === undefined || hours === "closed") continue;
    working[i] = 1;
    openMs[i] = zoneDays.localTimeMs(i, minutesOfLocalTime(hours.slice(0, 5)));
    closeMs[i] = zoneDays.localTimeMs(i, minutesOfLocalTime(hours.slice(6)));
    const lastReady = Math.min(zoneDays.localTimeMs(i, lastOrder), closeMs[i]! - prepMs);
    // Nothing ordered that day is ready that day when preparation does not fit in the hours.
    cutoffMs[i] = closeMs[i]! - prepMs >= openMs[i]! ? lastReady : Number.NaN;
  }

  const nextWorking = dayArray(length);
  let next = NO_DAY;
  for (let i = length - 1; i >= 0; i--) {
    if (working[i] === 1) next = addDays(firstDay, i);
    nextWorking[i] = next;
  }

  const location: CompiledWarehouse = {
    index: locationIndex,
    id: spec.id,
    name: spec.name,
    timeZone: spec.time_zone,
    country: spec.country,
    midnightMs: zoneDays.midnightMs,
    working,
    nextWorking,
    cutoffMs,
    notes,
    handlingDays: 0,
    receivingDays: 1,
    capacity: new Int32Array(length).fill(spec.daily_pickup_capacity ?? -1),
  };

  const servesZone = new Uint8Array(zoneCount);
  for (const zone of spec.serves.zones) {
    const z = zoneIndex.get(zone);
    if (z !== undefined) servesZone[z] = 1;
  }

  const transfers: CompiledTransfer[] = [];
  for (const lane of spec.transfers) {
    const warehouse = warehouseById.get(lane.from);
    if (warehouse === undefined) throw new Error(`store ${spec.id}: unknown warehouse`);
    const days = zoneDaysOf(warehouse.timeZone);
    const minutes = minutesOfLocalTime(lane.cutoff);
    const laneCutoff = new Float64Array(length).fill(Number.NaN);
    for (let i = 0; i < length; i++) {
      if (warehouse.working[i] === 1) laneCutoff[i] = days.localTimeMs(i, minutes);
    }
    let origin: CompiledOrigin | undefined;
    if (lane.service !== undefined) {
      origin = originOf(lane.service, lane.from);
      if (origin === undefined) throw new Error(`store ${spec.id}: unknown transfer service`);
    }
    transfers.push({ warehouse, cutoffMs: laneCutoff, transitDays: lane.transit_days, origin });
  }

  return {
    index,
    id: spec.id,
    name: spec.name,
    address: spec.address,
    lat: spec.lat,
    lon: spec.lon,
    country: spec.country,
    location,
    openMs,
    closeMs,
    prepMs,
    holdDays: spec.hold_days,
    servesZone,
    radiusKm: spec.serves.radius_km,
    transfers,
    priceCents: Math.round(spec.price.amount * 100),
    currency: spec.price.currency,
  };
}
