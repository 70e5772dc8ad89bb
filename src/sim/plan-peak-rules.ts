import { type Day, formatIsoDay, isoDay } from "../engine/day.js";
import type { NetworkFile, PeakSpec } from "../network/network-schema.js";
import type { SimulationReport } from "./sim-result.js";

export interface PeakRulesChoice {
  /** Apply the buffer answers (per service) as widened promises. */
  readonly buffers: boolean;
  /** Apply the capacity answer (the cheapest plan's days, or the daily capacity). */
  readonly capacity: boolean;
}

/** A peak rule the planner adds, with why (one line a planner reads in the dry run). */
export interface PlannedRule {
  readonly rule: PeakSpec;
  readonly why: string;
}

/** The name prefix of the rules `promise apply` writes for a scenario (replaced on re-apply). */
export const plannerRulePrefix = (scenarioName: string): string => `planner (${scenarioName})`;

/**
 * The peak rules that put a simulation's answers into a network file:
 * - buffers: per service, the answer's buffer days added to the latest promised date for ship
 *   dates in the question window. Overlapping peak rules combine by the largest widening, so each
 *   day's rule widens by the network's own widening that day plus the answer (consecutive days
 *   with the same value make one rule);
 * - capacity: the cheapest plan's days (the capacity promising counted that day plus the extra),
 *   or else the smallest daily capacity over the window.
 * Rules an earlier apply of the same scenario wrote (by name) are replaced, not stacked.
 */
export function planPeakRules(
  report: SimulationReport,
  network: NetworkFile,
  choice: PeakRulesChoice,
): { readonly keep: PeakSpec[]; readonly add: PlannedRule[]; readonly removed: PeakSpec[] } {
  const prefix = plannerRulePrefix(report.scenario.name);
  const keep = network.peaks.filter((p) => !p.name.startsWith(prefix));
  const removed = network.peaks.filter((p) => p.name.startsWith(prefix));
  const { answers } = report;
  const from = isoDay(answers.windowFrom);
  const to = isoDay(answers.windowTo);
  const add: PlannedRule[] = [];

  if (choice.buffers) {
    for (const a of answers.buffer ?? []) {
      if (a.serviceId === "" || !a.found || a.bufferDays <= 0) continue;
      const own = (day: Day): number => {
        let widen = 0;
        for (const p of keep) {
          if (p.services !== undefined && !p.services.includes(a.serviceId)) continue;
          if (isoDay(p.from) <= day && day <= isoDay(p.to)) widen = Math.max(widen, p.widen_days);
        }
        return widen;
      };
      for (const [start, end, widen] of runs(from, to, (day) => own(day) + a.bufferDays)) {
        add.push({
          rule: {
            name: `${prefix}: ${a.bufferDays} buffer day${a.bufferDays === 1 ? "" : "s"} for ${a.serviceId}`,
            from: formatIsoDay(start),
            to: formatIsoDay(end),
            services: [a.serviceId],
            extra_transit_days: 0,
            widen_days: widen,
            warehouse_capacity: {},
          },
          why: `promises of ${a.serviceId} shipping ${formatIsoDay(start)}..${formatIsoDay(end)} end ${a.bufferDays} delivery day${a.bufferDays === 1 ? "" : "s"} later (widen_days ${widen}${widen === a.bufferDays ? "" : ` = the network's ${widen - a.bufferDays} + ${a.bufferDays}`}), so that ${Math.round(answers.targetOnTime * 1000) / 10}% are kept every day`,
        });
      }
    }
  }

  if (choice.capacity) {
    const base = report.runs[0]!;
    for (const plan of answers.costPlans ?? []) {
      const extra = new Map(plan.days.map((d) => [isoDay(d.date), d.extraCapacity]));
      if (extra.size === 0) continue;
      const days = [...extra.keys()].sort((a, b) => a - b);
      const capacityOn = (day: Day): number => {
        const row = base.days.find(
          (r) =>
            r.date === formatIsoDay(day) &&
            r.warehouseId === plan.warehouseId &&
            r.serviceId === "",
        );
        return (row?.capacity ?? 0) + (extra.get(day) ?? 0);
      };
      for (const [start, end, value] of runs(days[0]!, days[days.length - 1]!, (day) =>
        extra.has(day) ? capacityOn(day) : -1,
      )) {
        if (value < 0) continue;
        add.push({
          rule: {
            name: `${prefix}: capacity at ${plan.warehouseId}`,
            from: formatIsoDay(start),
            to: formatIsoDay(end),
            extra_transit_days: 0,
            widen_days: 0,
            warehouse_capacity: { [plan.warehouseId]: value },
          },
          why: `${plan.warehouseId} takes ${value.toLocaleString("en-US")} parcels a day ${formatIsoDay(start)}..${formatIsoDay(end)} (the cheapest plan's extra capacity)`,
        });
      }
    }
    if (answers.costPlans === null) {
      for (const a of answers.capacity ?? []) {
        if (a.runs === 0 || a.dailyCapacity <= 0) continue;
        add.push({
          rule: {
            name: `${prefix}: capacity at ${a.warehouseId}`,
            from: answers.windowFrom,
            to: answers.windowTo,
            extra_transit_days: 0,
            widen_days: 0,
            warehouse_capacity: { [a.warehouseId]: a.dailyCapacity },
          },
          why: `${a.warehouseId} takes ${a.dailyCapacity.toLocaleString("en-US")} parcels a day ${answers.windowFrom}..${answers.windowTo} (${a.found ? "the smallest daily capacity that keeps the target" : "the capacity from which the warehouse adds no broken promise"})`,
        });
      }
    }
  }
  return { keep, add, removed };
}

/** One peak rule as a one-line YAML flow mapping (the form `promise apply` writes and finds). */
export function ruleLine(rule: PeakSpec): string {
  const parts = [`name: ${JSON.stringify(rule.name)}`, `from: "${rule.from}"`, `to: "${rule.to}"`];
  if (rule.services !== undefined) parts.push(`services: [${rule.services.join(", ")}]`);
  if (rule.widen_days > 0) parts.push(`widen_days: ${rule.widen_days}`);
  const capacity = Object.entries(rule.warehouse_capacity);
  if (capacity.length > 0) {
    parts.push(`warehouse_capacity: { ${capacity.map(([w, c]) => `${w}: ${c}`).join(", ")} }`);
  }
  return `{ ${parts.join(", ")} }`;
}

/** Maximal runs of consecutive days with the same value: [from, to, value]. */
function runs(from: Day, to: Day, value: (day: Day) => number): [Day, Day, number][] {
  const out: [Day, Day, number][] = [];
  for (let day = from; day <= to; day++) {
    const v = value(day);
    const last = out[out.length - 1];
    if (last !== undefined && last[1] === day - 1 && last[2] === v) last[1] = day;
    else out.push([day, day, v]);
  }
  return out;
}
