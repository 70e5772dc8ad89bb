/**
 * Memory under a real product-page load (issue 18): a service holding 1,000,000 SKUs x 3
 * warehouses serves a mixed Estimate/EstimateBatch load over many distinct SKUs, destinations,
 * quantities and locales (bench/mixed-load.ts) for 5 minutes, so the estimate cache fills up.
 * Its RSS is sampled every 10 s:
 *   - memoryRss: the highest RSS seen from the first minute on (at least 60 s of that load);
 *   - memorySoak: the growth from the end of the first minute to the end of the soak.
 * And the SKU index against the Map it replaced (skuLookup, in one process, same run).
 */
import { spawn, spawnSync } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { BenchContext } from "./bench-context.js";
import { catalogSku, writeSqliteCatalog } from "./catalog.js";
import { firstEstimate } from "./catalog-figures.js";
import { type Figure, figure } from "./figures.js";
import type { MixedLoadResult } from "./mixed-load.js";
import type { SkuLookupResult } from "./sku-lookup-bench.js";
import { hasTaskset } from "./tools.js";

const MB = 1024 * 1024;
const MIXED_LOAD = fileURLToPath(new URL("mixed-load.ts", import.meta.url));
const SKU_LOOKUP = fileURLToPath(new URL("sku-lookup-bench.ts", import.meta.url));

function pinned(cpus: string | undefined, command: string[]): string[] {
  return cpus !== undefined && hasTaskset() ? ["taskset", "-c", cpus, ...command] : command;
}

/** Runs the mixed load against `port` for `seconds` in a child on the load core. */
function mixedLoad(
  ctx: BenchContext,
  port: number,
  seconds: number,
  skus: number,
): Promise<MixedLoadResult> {
  const [command, ...args] = pinned(ctx.loadCpus, [
    process.execPath,
    "--import",
    "tsx",
    MIXED_LOAD,
    String(port),
    String(seconds),
    String(skus),
  ]);
  return new Promise((resolve, reject) => {
    const child = spawn(command!, args, { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), (seconds + 60) * 1000);
    child.on("exit", (code) => {
      clearTimeout(timer);
      if (code !== 0) reject(new Error(`mixed load exited with ${code}`));
      else resolve(JSON.parse(out.trim().split("\n").pop() ?? "{}") as MixedLoadResult);
    });
  });
}

export async function memoryFigures(ctx: BenchContext): Promise<Figure[]> {
  const smoke = ctx.options.smoke;
  const skus = ctx.options.catalogSkus;
  const soakSeconds = ctx.options.soakSeconds;
  // The first minute, or half of a shorter soak (then memoryRss is not "after 60 s").
  const firstMinute = smoke ? 10 : Math.min(60, Math.floor(soakSeconds / 2));
  const sampleEvery = smoke ? 2 : 10;

  const lookup = skuLookup(ctx, smoke ? 100_000 : skus);
  ctx.log(
    `  SKU lookup: SkuIndex ${lookup.indexNs.toFixed(0)} ns, Map ${lookup.mapNs.toFixed(0)} ns; ${lookup.indexBytesPerSku.toFixed(0)} vs ${lookup.mapBytesPerSku.toFixed(0)} bytes per SKU`,
  );

  const path = join(ctx.scratch, "catalog-memory.db");
  ctx.log(`writing ${skus.toLocaleString("en-US")} SKUs x 3 warehouses for the soak`);
  await writeSqliteCatalog(path, { skus });
  const service = await ctx.startService(
    { PROMISE_SQLITE_PATH: path },
    { readyTimeoutMs: 180_000 },
  );
  await firstEstimate(service, catalogSku(skus - 1), 120_000);
  const atStart = (await service.probe()).rss[0]!;
  ctx.log(
    `  RSS after start ${(atStart / MB).toFixed(0)} MB; mixed load for ${soakSeconds} s, RSS every ${sampleEvery} s`,
  );
  const started = performance.now();
  const samples: Array<{ seconds: number; rssMb: number }> = [];
  const load = mixedLoad(ctx, service.port, soakSeconds, skus);
  let done = false;
  void load.finally(() => {
    done = true;
  });
  while (!done) {
    await new Promise((resolve) => setTimeout(resolve, sampleEvery * 1000));
    if (done) break;
    const rss = (await service.probe()).rss[0]!;
    const seconds = (performance.now() - started) / 1000;
    samples.push({ seconds: Math.round(seconds), rssMb: rss / MB });
  }
  const result = await load;
  const afterLoad = await service.probe();
  samples.push({
    seconds: Math.round((performance.now() - started) / 1000),
    rssMb: afterLoad.rss[0]! / MB,
  });
  await service.stop();
  const fromFirstMinute = samples.filter((s) => s.seconds >= firstMinute);
  const atMinute = fromFirstMinute[0] ?? samples[samples.length - 1]!;
  const last = samples[samples.length - 1]!;
  const peak = Math.max(...fromFirstMinute.map((s) => s.rssMb));
  const series = samples.map((s) => `${s.seconds}s ${s.rssMb.toFixed(0)}`).join(", ");
  ctx.log(
    `  ${result.calls.toLocaleString("en-US")} calls (${result.failed} failed); RSS MB: ${series}`,
  );
  const label = `${skus.toLocaleString("en-US")} SKUs x 3`;
  return [
    figure(
      "memoryRss",
      peak,
      `${label}; highest RSS from ${firstMinute} s on of ${soakSeconds} s of mixed Estimate/EstimateBatch (${result.calls.toLocaleString("en-US")} calls, ${result.failed} failed); after start ${(atStart / MB).toFixed(0)} MB, at ${atMinute.seconds} s ${atMinute.rssMb.toFixed(0)} MB`,
      { samples, calls: result.calls, failed: result.failed, rssAfterStartMb: atStart / MB },
      result.failed === 0,
    ),
    figure(
      "memorySoak",
      last.rssMb - atMinute.rssMb,
      `${label}; RSS at ${last.seconds} s minus RSS at ${atMinute.seconds} s (${last.rssMb.toFixed(0)} - ${atMinute.rssMb.toFixed(0)} MB); samples: ${series}`,
      { samples },
    ),
    figure(
      "skuLookup",
      lookup.indexNs / lookup.mapNs,
      `${lookup.skus.toLocaleString("en-US")} SKUs, median of ${lookup.rounds} alternating rounds of 200,000 lookups of fresh strings: SkuIndex ${lookup.indexNs.toFixed(0)} ns, Map ${lookup.mapNs.toFixed(0)} ns per lookup; memory ${lookup.indexBytesPerSku.toFixed(0)} bytes per SKU off the V8 heap vs ${lookup.mapBytesPerSku.toFixed(0)} bytes of V8 heap (Map + strings)`,
      lookup,
    ),
  ];
}

function skuLookup(ctx: BenchContext, skus: number): SkuLookupResult {
  const [command, ...args] = pinned(ctx.serverCpus, [
    process.execPath,
    "--expose-gc",
    "--import",
    "tsx",
    SKU_LOOKUP,
    String(skus),
    ctx.options.smoke ? "3" : "9",
  ]);
  const run = spawnSync(command!, args, { encoding: "utf8", timeout: 300_000 });
  if (run.status !== 0) throw new Error(`sku-lookup-bench failed: ${run.stderr}`);
  return JSON.parse(run.stdout.trim().split("\n").pop() ?? "{}") as SkuLookupResult;
}
