import { createHash } from "node:crypto";
import type {
  CompiledCarrier,
  CompiledNetwork,
  CompiledOrigin,
  CompiledService,
  CompiledWarehouse,
  Horizon,
} from "../engine/compiled-network.js";
import { addDays, type Day } from "../engine/day.js";
import { indexAt } from "../engine/network-index.js";
import { compileCarrier } from "./compile-carrier.js";
import { compileOrigin } from "./compile-origin.js";
import { compileService } from "./compile-service.js";
import { compileStore } from "./compile-store.js";
import { compileWarehouse } from "./compile-warehouse.js";
import { compileCountries, compileZone } from "./compile-zones.js";
import type { NetworkFile } from "./network-schema.js";
import { buildZoneDayTable, type ZoneDayTable } from "./zone-day-table.js";

/** Days compiled after the last order day, for handling, transit and closures. */
export const HORIZON_TAIL_DAYS = 120;

export interface CompileOptions {
  /** Today's date; the horizon runs from days_before before it to days_after after it (+ tail). */
  readonly todayDay: Day;
  /** The compiled network's version; default: a short hash of the file and the horizon start. */
  readonly version?: string | undefined;
}

/**
 * Compiles a validated network file (from parseNetworkFile or loadNetworkFile) into day tables
 * over the horizon [todayDay - days_before, todayDay + days_after + HORIZON_TAIL_DAYS]; orders
 * are accepted up to todayDay + days_after. All luxon and date-holidays work happens here, once.
 */
export function compileNetwork(file: NetworkFile, options: CompileOptions): CompiledNetwork {
  const firstDay = addDays(options.todayDay, -file.horizon.days_before);
  const orderLastDay = addDays(options.todayDay, file.horizon.days_after);
  const lastDay = addDays(orderLastDay, HORIZON_TAIL_DAYS);
  const horizon: Horizon = { firstDay, lastDay, orderLastDay, length: lastDay - firstDay + 1 };

  const zoneDays = new Map<string, ZoneDayTable>();
  const zoneDaysOf = (timeZone: string): ZoneDayTable => {
    let table = zoneDays.get(timeZone);
    if (table === undefined) {
      table = buildZoneDayTable(timeZone, firstDay, horizon.length);
      zoneDays.set(timeZone, table);
    }
    return table;
  };

  const warehouses: CompiledWarehouse[] = file.warehouses.map((spec, i) =>
    compileWarehouse(spec, indexAt(i), horizon, file.peaks, zoneDaysOf(spec.time_zone)),
  );
  const warehouseById = new Map(warehouses.map((w) => [w.id, w]));
  const carriers: CompiledCarrier[] = file.carriers.map((spec, i) =>
    compileCarrier(spec, indexAt(i), horizon),
  );
  const carrierById = new Map(carriers.map((c) => [c.id, c]));
  const zones = file.zones.map((spec, i) => compileZone(spec, indexAt(i)));
  const zoneIndex = new Map(zones.map((z) => [z.id, z.index]));

  const services: CompiledService[] = [];
  const origins: CompiledOrigin[] = [];
  const originsByWarehouse: CompiledOrigin[][] = warehouses.map(() => []);
  file.services.forEach((spec, i) => {
    const carrier = carrierById.get(spec.carrier);
    if (carrier === undefined) throw new Error(`service ${spec.id}: unknown carrier`);
    const service = compileService(spec, indexAt(i), carrier, horizon, file.peaks);
    services.push(service);
    for (const originSpec of spec.origins) {
      const warehouse = warehouseById.get(originSpec.warehouse);
      if (warehouse === undefined) throw new Error(`service ${spec.id}: unknown warehouse`);
      const origin = compileOrigin(
        indexAt(origins.length),
        service,
        originSpec,
        warehouse,
        zoneDaysOf(warehouse.timeZone),
        spec.lanes,
        zoneIndex,
        zones.length,
        horizon,
      );
      origins.push(origin);
      originsByWarehouse[warehouse.index]!.push(origin);
    }
  });

  const stores = file.stores.map((spec, i) =>
    compileStore(
      spec,
      indexAt(i),
      indexAt(file.warehouses.length + i),
      horizon,
      zoneDaysOf(spec.time_zone),
      zoneIndex,
      zones.length,
      warehouseById,
      zoneDaysOf,
      (serviceId, warehouseId) =>
        origins.find((o) => o.service.id === serviceId && o.warehouse.id === warehouseId),
    ),
  );
  // Stores are stock locations: they follow the warehouses, with no service picking up there.
  for (const store of stores) {
    warehouses.push(store.location);
    warehouseById.set(store.id, store.location);
    originsByWarehouse.push([]);
  }

  return {
    version: options.version ?? networkVersion(file, firstDay),
    horizon,
    warehouses,
    warehouseById,
    carriers,
    services,
    serviceById: new Map(services.map((s) => [s.id, s])),
    origins,
    originsByWarehouse,
    zones,
    countries: compileCountries(file),
    stores,
    storeById: new Map(stores.map((s) => [s.id, s])),
    storesByZone: zones.map((z) => stores.filter((s) => s.servesZone[z.index] === 1)),
    radiusStores: stores.filter((s) => s.radiusKm !== undefined),
  };
}

function networkVersion(file: NetworkFile, firstDay: Day): string {
  return createHash("sha1")
    .update(JSON.stringify(file))
    .update(`|${firstDay}`)
    .digest("hex")
    .slice(0, 12);
}
