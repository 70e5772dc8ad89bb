/**
 * Issue 15, beside the h2load figure: bench/pickup-cpu-bench.ts in a child pinned to the server
 * core. CPU time per call is far less sensitive to a shared machine than throughput; the figure
 * is CPU without / CPU with pick-ups for the Estimator and the reply's encoding alone, a lower
 * bound of the end-to-end ratio (the transport's cost per call, the same for both, is left out).
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { BenchContext } from "./bench-context.js";
import { type Figure, figure } from "./figures.js";
import type { PickupCpuResult } from "./pickup-cpu-bench.js";
import { hasTaskset } from "./tools.js";

const PICKUP_CPU_BENCH = fileURLToPath(new URL("pickup-cpu-bench.ts", import.meta.url));

export function pickupCpuFigure(ctx: BenchContext): Figure {
  const pairs = ctx.options.smoke ? 3 : 15;
  const calls = ctx.options.smoke ? 2_000 : 20_000;
  const node = [
    process.execPath,
    "--import",
    "tsx",
    PICKUP_CPU_BENCH,
    String(pairs),
    String(calls),
  ];
  const [command, ...args] =
    ctx.serverCpus !== undefined && hasTaskset()
      ? ["taskset", "-c", ctx.serverCpus, ...node]
      : node;
  const run = spawnSync(command!, args, { encoding: "utf8", timeout: 300_000 });
  if (run.status !== 0) {
    throw new Error(`pickup-cpu-bench failed (${run.status ?? run.signal}): ${run.stderr}`);
  }
  const r = JSON.parse(run.stdout.trim().split("\n").pop() ?? "") as PickupCpuResult;
  const ratios = r.ratios.map((x) => x.toFixed(2));
  ctx.log(
    `  in one process: ${r.withoutUs.toFixed(2)} us CPU per call without pick-up, ${r.withUs.toFixed(2)} us with (${r.pickupOptions} stores); ratios ${ratios.join(" ")}`,
  );
  return figure(
    "pickupEstimateCpu",
    r.ratio,
    `median of ${r.ratios.length} alternating slices of ${r.callsPerSlice.toLocaleString("en-US")} calls (cache hits); ${r.withoutUs.toFixed(2)} us without, ${r.withUs.toFixed(2)} us with pick-ups: ${(r.withUs - r.withoutUs).toFixed(2)} us more per call, against tens of us of gRPC per call`,
    r,
  );
}
