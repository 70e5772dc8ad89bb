/**
 * Issue 16: the peak planner's speed. One 1,000,000-order, 30-day scenario on the sample network
 * (bench/sim-scenario.ts) simulated in this process: its CPU time (goal: under 10 s a run); then
 * the same scenario with `--runs 2` on worker threads (one per core, as `promise simulate --runs`
 * does): its wall time over the single run's wall time, a same-run ratio (2 would mean no
 * parallelism; on 2 idle cores it approaches 1, plus each worker's TypeScript loading).
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import { parseScenarioFile } from "../src/sim/parse-scenario.js";
import { runSeedsInWorkers, seedsFrom } from "../src/sim/run-seeds-in-workers.js";
import { simulateSync } from "../src/sim/simulate.js";
import type { BenchContext } from "./bench-context.js";
import { type Figure, figure } from "./figures.js";
import { benchScenario, SAMPLES_DIR } from "./sim-scenario.js";

export async function simFigures(ctx: BenchContext): Promise<Figure[]> {
  const orders = ctx.options.smoke ? 20_000 : 1_000_000;
  const scenario = benchScenario(orders);
  const parsed = parseScenarioFile(stringify(scenario), join(SAMPLES_DIR, "bench-scenario.yaml"), {
    baseDir: SAMPLES_DIR,
  });
  const w0 = performance.now();
  const c0 = process.cpuUsage();
  const report = simulateSync(parsed);
  const c1 = process.cpuUsage(c0);
  const wallOne = (performance.now() - w0) / 1000;
  const cpu = (c1.user + c1.system) / 1e6;
  const summary = report.runs[0]!.summary;
  ctx.log(
    `  simulator: ${summary.orders.toLocaleString("en-US")} orders, ${summary.shipments.toLocaleString("en-US")} shipments: ${cpu.toFixed(2)} s CPU, ${wallOne.toFixed(2)} s wall`,
  );

  const path = join(ctx.scratch, "sim-bench-scenario.yaml");
  writeFileSync(path, stringify({ ...scenario, network: join(SAMPLES_DIR, "network.yaml") }));
  const w1 = performance.now();
  const c2 = process.cpuUsage();
  const job = runSeedsInWorkers(
    { scenarioYaml: "", scenarioPath: path, source: path, answerQuestions: true },
    seedsFrom(42, 2),
  );
  const reports = await job.result;
  const c3 = process.cpuUsage(c2);
  const wallTwo = (performance.now() - w1) / 1000;
  const cpuTwo = (c3.user + c3.system) / 1e6;
  ctx.log(
    `  simulator --runs 2: ${wallTwo.toFixed(2)} s wall, ${(cpuTwo / 2).toFixed(2)} s CPU per run, broken ${reports.map((r) => r.runs[0]!.summary.broken).join(", ")}`,
  );
  return [
    figure(
      "simCpu",
      Math.round(cpu * 100) / 100,
      `${summary.orders.toLocaleString("en-US")} orders in 30 days, one run in this process (process CPU time, user + system); wall ${wallOne.toFixed(1)} s`,
      { orders: summary.orders, shipments: summary.shipments, cpu, wallOne },
    ),
    figure(
      "simRuns",
      Math.round((wallTwo / wallOne) * 100) / 100,
      `--runs 2 on worker threads (one per core): ${wallTwo.toFixed(1)} s wall against ${wallOne.toFixed(1)} s for one run; ${(cpuTwo / 2).toFixed(2)} s CPU per run including each worker's TypeScript loading`,
      { wallOne, wallTwo, cpuPerRun: cpuTwo / 2 },
    ),
  ];
}
