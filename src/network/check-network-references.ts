import { checkHolidayCalendar } from "./check-holiday-calendar.js";
import { checkStores } from "./check-stores.js";
import type { NetworkFile, ServiceSpec } from "./network-schema.js";
import type { RawIssue } from "./raw-issue.js";

type Path = readonly (string | number)[];

/**
 * The checks zod cannot do field by field: ids unique, references resolving, lanes consistent with
 * origins and levels, zones not overlapping, currencies agreeing, holiday calendars known to
 * date-holidays. Returns every issue found (empty: the file is consistent).
 */
export function checkNetworkReferences(file: NetworkFile): RawIssue[] {
  const issues: RawIssue[] = [];
  const warehouseIds = uniqueIds("warehouses", file.warehouses, "warehouse", issues);
  const carrierIds = uniqueIds("carriers", file.carriers, "carrier", issues);
  const serviceIds = uniqueIds("services", file.services, "service", issues);
  const zoneIds = uniqueIds("zones", file.zones, "zone", issues);
  issues.push(...checkStores(file, warehouseIds, zoneIds));

  file.warehouses.forEach((w, i) => {
    issues.push(...checkHolidayCalendar(w.holidays, ["warehouses", i, "holidays"]));
  });
  file.carriers.forEach((c, i) => {
    issues.push(...checkHolidayCalendar(c.holidays, ["carriers", i, "holidays"]));
  });
  file.services.forEach((service, i) => {
    checkService(service, ["services", i], { warehouseIds, carrierIds, zoneIds }, issues);
  });
  checkZonePrefixes(file, issues);
  checkSurchargeCurrencies(file, issues);
  checkCountries(file, issues);

  file.peaks.forEach((peak, i) => {
    peak.services?.forEach((id, k) => {
      if (!serviceIds.has(id)) {
        issues.push({ path: ["peaks", i, "services", k], message: `unknown service "${id}"` });
      }
    });
    for (const id of Object.keys(peak.warehouse_capacity)) {
      if (!warehouseIds.has(id)) {
        issues.push({
          path: ["peaks", i, "warehouse_capacity", id],
          message: `unknown warehouse "${id}"`,
        });
      }
    }
  });

  const stockSeen = new Map<string, number>();
  const locationIds = new Set([...warehouseIds, ...file.stores.map((s) => s.id)]);
  file.stock.forEach((row, i) => {
    if (!locationIds.has(row.warehouse)) {
      issues.push({
        path: ["stock", i, "warehouse"],
        message: `unknown warehouse "${row.warehouse}"`,
      });
    }
    const key = `${row.sku}\u0000${row.warehouse}`;
    const first = stockSeen.get(key);
    if (first === undefined) stockSeen.set(key, i);
    else {
      issues.push({
        path: ["stock", i],
        message: `stock for ${row.sku} in ${row.warehouse} is already given at stock[${first}]`,
      });
    }
  });
  return issues;
}

function uniqueIds(
  list: string,
  items: readonly { id: string }[],
  noun: string,
  issues: RawIssue[],
): Set<string> {
  const first = new Map<string, number>();
  items.forEach((item, i) => {
    const at = first.get(item.id);
    if (at === undefined) first.set(item.id, i);
    else {
      issues.push({
        path: [list, i, "id"],
        message: `duplicate ${noun} id "${item.id}" (first at ${list}[${at}])`,
      });
    }
  });
  return new Set(first.keys());
}

interface KnownIds {
  readonly warehouseIds: ReadonlySet<string>;
  readonly carrierIds: ReadonlySet<string>;
  readonly zoneIds: ReadonlySet<string>;
}

function checkService(service: ServiceSpec, path: Path, known: KnownIds, issues: RawIssue[]) {
  if (!known.carrierIds.has(service.carrier)) {
    issues.push({ path: [...path, "carrier"], message: `unknown carrier "${service.carrier}"` });
  }
  const origins = new Set<string>();
  service.origins.forEach((origin, j) => {
    const at = [...path, "origins", j, "warehouse"];
    if (!known.warehouseIds.has(origin.warehouse)) {
      issues.push({ path: at, message: `unknown warehouse "${origin.warehouse}"` });
    } else if (origins.has(origin.warehouse)) {
      issues.push({ path: at, message: `warehouse "${origin.warehouse}" is listed twice` });
    }
    origins.add(origin.warehouse);
  });

  const lanes = new Map<string, number>();
  service.lanes.forEach((lane, j) => {
    const at = [...path, "lanes", j];
    if (!origins.has(lane.from)) {
      const list = [...origins].join(", ");
      issues.push({
        path: [...at, "from"],
        message: `"${lane.from}" is not one of this service's origin warehouses (${list})`,
      });
    }
    lane.to.forEach((zone, k) => {
      if (!known.zoneIds.has(zone)) {
        issues.push({ path: [...at, "to", k], message: `unknown zone "${zone}"` });
        return;
      }
      const key = `${lane.from}\u0000${zone}`;
      const first = lanes.get(key);
      if (first === undefined) lanes.set(key, j);
      else {
        issues.push({
          path: [...at, "to", k],
          message: `a lane from ${lane.from} to ${zone} is already defined at lanes[${first}]`,
        });
      }
    });
    const transit = lane.transit_days;
    if (service.level === "same_day" && (transit.min !== 0 || transit.max !== 0)) {
      issues.push({
        path: [...at, "transit_days"],
        message: "a same_day service needs transit_days min 0 and max 0",
      });
    } else if (service.level !== "same_day" && transit.min < 1) {
      issues.push({
        path: [...at, "transit_days", "min"],
        message: `a ${service.level} service needs at least 1 transit day (only same_day uses 0)`,
      });
    }
  });
}

function checkZonePrefixes(file: NetworkFile, issues: RawIssue[]) {
  const prefixes = new Map<string, string>();
  const provinces = new Map<string, string>();
  file.zones.forEach((zone, i) => {
    zone.postal_prefixes.forEach((prefix, k) => {
      const key = `${zone.country}\u0000${prefix}`;
      const owner = prefixes.get(key);
      if (owner !== undefined && owner !== zone.id) {
        issues.push({
          path: ["zones", i, "postal_prefixes", k],
          message: `prefix "${prefix}" of ${zone.country} is already in zone ${owner}`,
        });
      }
      prefixes.set(key, owner ?? zone.id);
    });
    zone.provinces.forEach((province, k) => {
      const key = `${zone.country}\u0000${province.toUpperCase()}`;
      const owner = provinces.get(key);
      if (owner !== undefined && owner !== zone.id) {
        issues.push({
          path: ["zones", i, "provinces", k],
          message: `province "${province}" of ${zone.country} is already in zone ${owner}`,
        });
      }
      provinces.set(key, owner ?? zone.id);
    });
  });
}

function checkSurchargeCurrencies(file: NetworkFile, issues: RawIssue[]) {
  file.zones.forEach((zone, i) => {
    const currency = zone.remote?.surcharge?.currency;
    if (currency === undefined) return;
    for (const service of file.services) {
      const servesZone = service.lanes.some((lane) => lane.to.includes(zone.id));
      if (servesZone && service.price.currency !== currency) {
        issues.push({
          path: ["zones", i, "remote", "surcharge", "currency"],
          message: `${currency} differs from ${service.price.currency}, the currency of service ${service.id} which has a lane to this zone`,
        });
      }
    }
  });
}

function checkCountries(file: NetworkFile, issues: RawIssue[]) {
  for (const [code, spec] of Object.entries(file.countries)) {
    try {
      new RegExp(spec.postal_code);
    } catch (error) {
      issues.push({
        path: ["countries", code, "postal_code"],
        message: `not a valid regular expression: ${(error as Error).message}`,
      });
    }
  }
}
