/**
 * The engine alone (no gRPC): bench/engine-bench.ts's `runEngineBench` in a child pinned to the
 * server core, a few times; the figure is the median.
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { BenchContext } from "./bench-context.js";
import type { EngineBenchResult } from "./engine-bench.js";
import { type Figure, figure } from "./figures.js";
import { median } from "./paired-runs.js";
import { hasTaskset } from "./tools.js";

const ENGINE_BENCH = fileURLToPath(new URL("engine-bench.ts", import.meta.url));

type EngineRun = EngineBenchResult & { readonly cpuFraction: number };

function runOnce(seconds: number, cpus: string | undefined): EngineRun {
  const node = [process.execPath, "--import", "tsx", ENGINE_BENCH, String(seconds)];
  const [command, ...args] =
    cpus !== undefined && hasTaskset() ? ["taskset", "-c", cpus, ...node] : node;
  const result = spawnSync(command!, args, {
    encoding: "utf8",
    timeout: (seconds + 30) * 1000,
  });
  if (result.status !== 0) {
    throw new Error(`engine-bench failed (${result.status ?? result.signal}): ${result.stderr}`);
  }
  const line = result.stdout.trim().split("\n").pop() ?? "";
  return JSON.parse(line) as EngineRun;
}

export function engineFigure(ctx: BenchContext): Figure {
  const runs = ctx.options.smoke ? 1 : 3;
  const seconds = ctx.options.smoke ? 0.5 : 3;
  const results: EngineRun[] = [];
  for (let i = 0; i < runs; i++) {
    const r = runOnce(seconds, ctx.serverCpus);
    ctx.log(
      `  engine run ${i + 1}: ${r.estimatesPerSecond.toLocaleString("en-US")} estimates/s (${r.warehouses} warehouses x ${r.services} services, ${r.optionsPerEstimate.toFixed(2)} options each, CPU ${r.cpuFraction.toFixed(2)}); all options kept: ${r.showEstimatesPerSecond.toLocaleString("en-US")}/s, ${r.showOptionsPerEstimate.toFixed(2)} options, hide/show ${r.hideOverShow.toFixed(3)}`,
    );
    results.push(r);
  }
  const rates = results.map((r) => r.estimatesPerSecond);
  const first = results[0]!;
  const hideOverShow = median(results.map((r) => r.hideOverShow));
  return figure(
    "engine",
    median(rates),
    `median of ${runs} x ${seconds} s on one pinned core, dominated options hidden (the default); range ${Math.min(...rates).toLocaleString("en-US")}-${Math.max(...rates).toLocaleString("en-US")}/s; ${first.warehouses} warehouses x ${first.services} services, ${first.optionsPerEstimate.toFixed(2)} options per estimate (${first.showOptionsPerEstimate.toFixed(2)} before hiding); hide/show ${hideOverShow.toFixed(3)} in alternating slices (the dominance pass's cost); CPU ${Math.min(...results.map((r) => r.cpuFraction)).toFixed(2)}+ of wall`,
    results,
  );
}
