import { DateTime } from "luxon";
import type { CompiledNetwork } from "../engine/compiled-network.js";
import { type Day, utcDayOf } from "../engine/day.js";
import { localDayOf } from "../engine/local-day.js";

/**
 * The local date of an instant at a warehouse: from the compiled midnights inside the horizon,
 * else from its time zone (luxon). A warehouse the network no longer knows counts in UTC.
 * Destinations carry no time zone in the network file: a delivery's date is counted in the
 * origin warehouse's zone too (one zone per country for the networks served today).
 */
export function warehouseDayOf(net: CompiledNetwork, warehouseId: string, ms: number): Day {
  const warehouse = net.warehouseById.get(warehouseId);
  if (warehouse === undefined) return utcDayOf(ms);
  const day = localDayOf(warehouse, net.horizon, ms);
  if (day >= 0) return day;
  const local = DateTime.fromMillis(ms, { zone: warehouse.timeZone });
  return utcDayOf(Date.UTC(local.year, local.month - 1, local.day));
}
