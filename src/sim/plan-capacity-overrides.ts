import { formatIsoDay, isoDay } from "../engine/day.js";
import type { SimulationReport } from "./sim-result.js";

/** One date's capacity at a warehouse as `promise apply --set-capacity` would set it. */
export interface CapacityOverride {
  readonly warehouseId: string;
  readonly date: string;
  /** The capacity promising counted that day in the simulation (null: no limit). */
  readonly before: number | null;
  readonly after: number;
}

/**
 * The capacity answers as per-date overrides (AdminService.SetCapacity): the cheapest plan's
 * days (the capacity promising counted that day plus the extra), or, without costs, the
 * smallest daily capacity on every day of the window the warehouse works (closed days keep 0).
 * `before` is what the simulation counted that day (the network's capacity with the
 * scenario's changes).
 */
export function planCapacityOverrides(report: SimulationReport): CapacityOverride[] {
  const base = report.runs[0]!;
  const capacityOn = (warehouseId: string, date: string): number | null | undefined =>
    base.days.find((r) => r.date === date && r.warehouseId === warehouseId && r.serviceId === "")
      ?.capacity;
  const out: CapacityOverride[] = [];
  const { answers } = report;
  if (answers.costPlans !== null) {
    for (const plan of answers.costPlans) {
      for (const day of plan.days) {
        if (day.extraCapacity <= 0) continue;
        const before = capacityOn(plan.warehouseId, day.date) ?? null;
        out.push({
          warehouseId: plan.warehouseId,
          date: day.date,
          before,
          after: (before ?? 0) + day.extraCapacity,
        });
      }
    }
    return out;
  }
  for (const a of answers.capacity ?? []) {
    if (a.runs === 0 || a.dailyCapacity <= 0) continue;
    for (let day = isoDay(answers.windowFrom); day <= isoDay(answers.windowTo); day++) {
      const date = formatIsoDay(day);
      const before = capacityOn(a.warehouseId, date);
      // Closed days (capacity 0 in the simulation) stay closed.
      if (before === 0 || before === undefined) continue;
      out.push({ warehouseId: a.warehouseId, date, before, after: a.dailyCapacity });
    }
  }
  return out;
}
