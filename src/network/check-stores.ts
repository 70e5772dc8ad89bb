import { checkHolidayCalendar } from "./check-holiday-calendar.js";
import type { NetworkFile } from "./network-schema.js";
import type { RawIssue } from "./raw-issue.js";

/**
 * The checks of the `stores` section zod cannot do: store ids unique and distinct from warehouse
 * ids (both are stock locations in the same stock feed), served zones and transfer warehouses
 * known, a transfer warehouse listed once, a transfer's carrier service known and shipping from
 * that warehouse, holiday calendars known to date-holidays.
 */
export function checkStores(
  file: NetworkFile,
  warehouseIds: ReadonlySet<string>,
  zoneIds: ReadonlySet<string>,
): RawIssue[] {
  const issues: RawIssue[] = [];
  const seen = new Map<string, number>();
  file.stores.forEach((store, i) => {
    const at = ["stores", i];
    const first = seen.get(store.id);
    if (first !== undefined) {
      issues.push({
        path: [...at, "id"],
        message: `duplicate store id "${store.id}" (first at stores[${first}])`,
      });
    } else seen.set(store.id, i);
    if (warehouseIds.has(store.id)) {
      issues.push({
        path: [...at, "id"],
        message: `"${store.id}" is already a warehouse id (stores and warehouses share stock locations)`,
      });
    }
    if (store.holidays !== undefined) {
      issues.push(...checkHolidayCalendar(store.holidays, [...at, "holidays"]));
    }
    store.serves.zones.forEach((zone, k) => {
      if (!zoneIds.has(zone)) {
        issues.push({ path: [...at, "serves", "zones", k], message: `unknown zone "${zone}"` });
      }
    });
    const from = new Set<string>();
    store.transfers.forEach((lane, k) => {
      const path = [...at, "transfers", k, "from"];
      if (!warehouseIds.has(lane.from)) {
        issues.push({ path, message: `unknown warehouse "${lane.from}"` });
      } else if (from.has(lane.from)) {
        issues.push({ path, message: `warehouse "${lane.from}" is listed twice` });
      }
      from.add(lane.from);
      if (lane.service !== undefined) {
        const at = [...path.slice(0, -1), "service"];
        const service = file.services.find((s) => s.id === lane.service);
        if (service === undefined) {
          issues.push({ path: at, message: `unknown service "${lane.service}"` });
        } else if (!service.origins.some((o) => o.warehouse === lane.from)) {
          issues.push({
            path: at,
            message: `service "${lane.service}" does not ship from warehouse "${lane.from}"`,
          });
        }
      }
    });
  });
  return issues;
}
