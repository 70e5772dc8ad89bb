/**
 * Simulator benchmark (not a test): a 30-day scenario of 1,000,000 orders on the sample network
 * (Thai and Vietnamese demand, 10% two-line carts, capacity-aware promising, real throughput
 * below capacity in the 11.11 week), timed end to end. Prints seconds and orders per second.
 *
 *   node --import tsx bench/sim-bench.ts [orders] [--runs N]
 *
 * It prints the CPU time of the run too (the goal: under 10 s of CPU for 1,000,000 orders). With
 * --runs N it then plays N seeds on worker threads, one per core, as `promise simulate --runs N`
 * does, and prints the wall time, the CPU time per run and the cores used.
 */
import { writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { stringify } from "yaml";
import { parseScenarioFile } from "../src/sim/parse-scenario.js";
import { runSeedsInWorkers, seedsFrom } from "../src/sim/run-seeds-in-workers.js";
import { simulateSync } from "../src/sim/simulate.js";
import { benchScenario } from "./sim-scenario.js";

const runsAt = process.argv.indexOf("--runs");
const runs = runsAt >= 0 ? Number(process.argv[runsAt + 1]) : 1;
const positional = process.argv
  .slice(2)
  .filter((a, i, all) => a !== "--runs" && all[i - 1] !== "--runs");
const orders = Number(positional[0] ?? 1_000_000);
const scenario = benchScenario(orders);
const samples = fileURLToPath(new URL("../samples/", import.meta.url));
const t0 = performance.now();
const parsed = parseScenarioFile(stringify(scenario), `${samples}bench-scenario.yaml`, {
  baseDir: samples,
});
const t1 = performance.now();
const cpu0 = process.cpuUsage();
const report = simulateSync(parsed);
const cpu = process.cpuUsage(cpu0);
const t2 = performance.now();
const summary = report.runs[0]!.summary;
const seconds = (t2 - t1) / 1000;
console.log(`scenario: ${report.scenario.name}`);
console.log(`parse + compile: ${((t1 - t0) / 1000).toFixed(2)} s`);
console.log(
  `simulated ${summary.orders.toLocaleString("en-US")} orders (${summary.shipments.toLocaleString("en-US")} shipments) in ${seconds.toFixed(2)} s: ${Math.round(summary.orders / seconds).toLocaleString("en-US")} orders/s`,
);
console.log(
  `CPU time of the run: ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s (goal: under 10 s)`,
);
console.log(
  `on time ${summary.onTimeRate}, broken ${summary.broken.toLocaleString("en-US")}, unavailable ${summary.ordersUnavailable.toLocaleString("en-US")}, pushed by capacity ${summary.pushedByCapacity.toLocaleString("en-US")}`,
);

if (runs > 1) {
  const path = join(tmpdir(), `promise-sim-bench-${process.pid}.yaml`);
  writeFileSync(path, stringify({ ...scenario, network: `${samples}network.yaml` }));
  const w0 = performance.now();
  const c0 = process.cpuUsage();
  const job = runSeedsInWorkers(
    { scenarioYaml: "", scenarioPath: path, source: path, answerQuestions: true },
    seedsFrom(42, runs),
  );
  const reports = await job.result;
  const c1 = process.cpuUsage(c0);
  const wall = (performance.now() - w0) / 1000;
  const cpuRun = (c1.user + c1.system) / 1e6 / runs;
  console.log(
    `--runs ${runs} on ${Math.min(availableParallelism(), runs)} worker threads: ${wall.toFixed(1)} s wall, ${cpuRun.toFixed(2)} s CPU per run (all threads / runs), ${((c1.user + c1.system) / 1e6 / wall).toFixed(2)} cores busy; broken per run: ${reports.map((r) => r.runs[0]!.summary.broken).join(", ")}`,
  );
}
