import type { CompiledNetwork, CompiledZone } from "../engine/compiled-network.js";
import { addDays, type Day, formatIsoDay, isoDay } from "../engine/day.js";
import type { StockSpec } from "../network/network-schema.js";
import { type DemandPlan, planDemand } from "./demand-plan.js";
import type { Scenario } from "./parse-scenario.js";
import type { ScenarioFile } from "./scenario-schema.js";
import type { SimStockInput } from "./sim-stock.js";
import { TransitModel } from "./transit-model.js";
import { WeightedPicker } from "./weighted-picker.js";

/** Everything a run needs that does not change between runs of one scenario. */
export interface SimContext {
  readonly scenario: Scenario;
  readonly file: ScenarioFile;
  readonly net: CompiledNetwork;
  readonly first: Day;
  readonly length: number;
  readonly startDay: Day;
  readonly days: number;
  readonly demand: DemandPlan;
  readonly skuPicker: WeightedPicker;
  readonly quantityPicker: WeightedPicker;
  readonly linesPicker: WeightedPicker;
  readonly destinationPicker: WeightedPicker;
  readonly skus: readonly string[];
  readonly quantities: readonly number[];
  readonly lineCounts: readonly number[];
  readonly zones: readonly CompiledZone[];
  readonly stockInput: SimStockInput;
  /** Promising capacity per warehouse and day: capacity[w * length + i], -1 = no limit. */
  readonly capacity: Int32Array;
  /** Real throughput per warehouse and day (on working days), -1 = no limit. */
  readonly throughput: Int32Array;
  /** Per warehouse: the real throughput as a share of capacity (for the capacity question). */
  readonly throughputFactor: Float64Array;
  readonly transit: TransitModel;
  /** Buffer days per service index. */
  readonly bufferDays: Int8Array;
}

/** Builds the run-independent tables of a parsed scenario. */
export function buildSimContext(scenario: Scenario): SimContext {
  const { file, net } = scenario;
  const { firstDay: first, length } = net.horizon;
  const W = net.warehouses.length;

  const capacity = new Int32Array(W * length);
  for (const warehouse of net.warehouses)
    capacity.set(warehouse.capacity, warehouse.index * length);
  for (const change of file.capacity_changes) {
    const w = net.warehouseById.get(change.warehouse)!.index;
    const from = Math.max(isoDay(change.date ?? change.from!), first);
    const to = Math.min(isoDay(change.date ?? change.to!), net.horizon.lastDay);
    for (let day = from; day <= to; day++) capacity[w * length + (day - first)] = change.capacity;
  }

  const throughput = new Int32Array(W * length);
  const throughputFactor = new Float64Array(W).fill(1);
  for (const warehouse of net.warehouses) {
    const spec = file.actual.throughput[warehouse.id];
    const factor = spec?.factor ?? 1;
    throughputFactor[warehouse.index] = factor;
    for (let i = 0; i < length; i++) {
      const k = warehouse.index * length + i;
      const byDate = spec?.dates[formatIsoDay(addDays(first, i))];
      if (byDate !== undefined) throughput[k] = byDate;
      else if (spec?.per_day !== undefined) throughput[k] = spec.per_day;
      else {
        const cap = capacity[k]!;
        throughput[k] = cap < 0 ? -1 : Math.floor(cap * factor);
      }
    }
  }

  const rows = new Map<string, StockSpec>();
  if (file.stock.from_network) {
    for (const row of scenario.network.stock) rows.set(`${row.sku}\u0000${row.warehouse}`, row);
  }
  for (const row of file.stock.rows) rows.set(`${row.sku}\u0000${row.warehouse}`, row);

  const bufferDays = new Int8Array(net.services.length);
  const buffer = file.policy.buffer_days;
  for (const service of net.services) {
    bufferDays[service.index] =
      typeof buffer === "number" ? buffer : (buffer.services[service.id] ?? buffer.default);
  }

  const { mix } = file;
  return {
    scenario,
    file,
    net,
    first,
    length,
    startDay: scenario.startDay,
    days: file.days,
    demand: planDemand(file.demand, scenario.startDay, file.days, scenario.demandTimeZone),
    skuPicker: new WeightedPicker(mix.skus.map((s) => s.weight)),
    quantityPicker: new WeightedPicker(mix.quantities.map((q) => q.weight)),
    linesPicker: new WeightedPicker(mix.lines.map((l) => l.weight)),
    destinationPicker: new WeightedPicker(mix.destinations.map((d) => d.weight)),
    skus: mix.skus.map((s) => s.sku),
    quantities: mix.quantities.map((q) => q.quantity),
    lineCounts: mix.lines.map((l) => l.count),
    zones: scenario.destinationZones,
    stockInput: {
      rows: [...rows.values()],
      inbound: file.stock.inbound,
      skus: mix.skus.map((s) => s.sku),
      unlimited: file.stock.unlimited,
    },
    capacity,
    throughput,
    throughputFactor,
    transit: new TransitModel(net, file.actual),
    bufferDays,
  };
}
