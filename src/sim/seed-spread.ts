import type { SimulationReport } from "./sim-result.js";
import type { Band, ConfidentAnswer, RunSpread, SpreadReport } from "./spread-report.js";

/**
 * The value at quantile q of sorted values, interpolated between neighbours (the usual
 * "type 7" definition: q = 0.5 of 10 values is the mean of the 5th and 6th).
 */
export function quantile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(sorted.length - 1, lo + 1);
  const value = sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
  return Math.round(value * 10_000) / 10_000;
}

export function bandOf(values: readonly (number | null)[]): Band {
  const sorted = values.filter((v): v is number => v !== null).sort((a, b) => a - b);
  return {
    median: quantile(sorted, 0.5),
    p10: quantile(sorted, 0.1),
    p90: quantile(sorted, 0.9),
  };
}

const count = (n: number): string => n.toLocaleString("en-US");
const pct = (r: number): string => `${(r * 100).toFixed(r * 100 === Math.round(r * 100) ? 0 : 1)}%`;

/**
 * The spread of N runs of one scenario with different seeds (the same scenario otherwise):
 * medians and p10-p90 bands of the key figures and of every day, and the planner's answers that
 * hold in at least `confidence` of the runs. A run's capacity (or buffer) answer is the smallest
 * that keeps the target in that run, and more never hurts there, so the value holding in k of N
 * runs is the k-th smallest of the runs' answers.
 */
export function summarizeSpread(
  reports: readonly SimulationReport[],
  confidence: number,
): SpreadReport {
  const first = reports[0]!;
  const n = reports.length;
  const target = first.scenario.targetOnTime;
  const policies: RunSpread[] = first.runs.map((run, r) => {
    const runs = reports.map((report) => report.runs[r]!);
    const dates = [
      ...new Set(
        runs.flatMap((x) => x.days.filter((d) => d.warehouseId === "").map((d) => d.date)),
      ),
    ].sort();
    const byDate = runs.map(
      (x) => new Map(x.days.filter((d) => d.warehouseId === "").map((d) => [d.date, d])),
    );
    return {
      label: run.label,
      onTimeRate: bandOf(runs.map((x) => x.summary.onTimeRate)),
      broken: bandOf(runs.map((x) => x.summary.broken)),
      maxBacklog: bandOf(
        runs.map((x) => Math.max(0, ...x.summary.warehouses.map((w) => w.maxBacklog))),
      ),
      daysBelowTarget: bandOf(runs.map((x) => x.summary.daysBelowTarget)),
      promisedLeadDaysMean: bandOf(runs.map((x) => x.summary.promisedLeadDaysMean)),
      days: dates.map((date) => ({
        date,
        onTimeRate: bandOf(byDate.map((m) => m.get(date)?.onTimeRate ?? null)),
        broken: bandOf(byDate.map((m) => m.get(date)?.broken ?? 0)),
        backlog: bandOf(byDate.map((m) => m.get(date)?.backlog ?? 0)),
      })),
    };
  });

  const need = Math.max(1, Math.ceil(confidence * n - 1e-9));
  const confident = (
    kind: ConfidentAnswer["kind"],
    id: string,
    perRun: number[],
    found: boolean[],
  ): ConfidentAnswer => {
    const value = [...perRun].sort((a, b) => a - b)[need - 1]!;
    const holdsIn = perRun.filter((v, i) => v <= value && found[i]).length;
    const foundInEveryRun = found.every(Boolean);
    const what =
      kind === "capacity"
        ? `${count(value)} a day at ${id}`
        : `${value} buffer day${value === 1 ? "" : "s"} ${id === "" ? "more for every service" : `for ${id}`}`;
    const atMost = perRun.filter((v) => v <= value).length;
    const foundRuns = found.filter(Boolean).length;
    let statement: string;
    if (foundInEveryRun) {
      statement = `${what} holds ${pct(target)} on time in ${holdsIn} of ${n} runs`;
    } else if (kind === "capacity") {
      statement = `${what} is where the warehouse stops adding broken promises in ${atMost} of ${n} runs; capacity alone holds ${pct(target)} on time in ${foundRuns} of ${n} runs (the carriers break the rest)`;
    } else {
      statement = `${what} holds ${pct(target)} on time in ${holdsIn} of ${n} runs (in ${n - foundRuns} no buffer up to the maximum asked does)`;
    }
    return { kind, id, value, holdsIn, runs: n, perRun, foundInEveryRun, statement };
  };
  const answers: ConfidentAnswer[] = [];
  for (const a of first.answers.capacity ?? []) {
    const per = reports.map((r) =>
      r.answers.capacity?.find((x) => x.warehouseId === a.warehouseId),
    );
    answers.push(
      confident(
        "capacity",
        a.warehouseId,
        per.map((x) => x?.dailyCapacity ?? 0),
        per.map((x) => x?.found ?? false),
      ),
    );
  }
  for (const a of first.answers.buffer ?? []) {
    const per = reports.map((r) => r.answers.buffer?.find((x) => x.serviceId === a.serviceId));
    answers.push(
      confident(
        "buffer",
        a.serviceId,
        per.map((x) => x?.bufferDays ?? 0),
        per.map((x) => x?.found ?? false),
      ),
    );
  }
  return {
    runs: n,
    seeds: reports.map((r) => r.scenario.seed),
    confidence,
    targetOnTime: target,
    policies,
    answers,
  };
}
