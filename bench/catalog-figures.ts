/**
 * Scale with the catalog: a service holding 1,000,000 SKUs x 3 warehouses (written through the
 * store into a fresh SQLite file before it starts) against one holding 1,000, on the same Estimate
 * request; its start-up time and its memory.
 */
import { join } from "node:path";
import type { EstimateResponse__Output } from "../src/grpc/generated/promise/v1/EstimateResponse.js";
import type { BenchContext } from "./bench-context.js";
import { catalogSku, SAMPLE_WAREHOUSES, writeSqliteCatalog } from "./catalog.js";
import { ESTIMATE_PATH } from "./echo-server.js";
import { checkEstimateReply, SAMPLE_ESTIMATE, urlOf } from "./estimate-figures.js";
import { type Figure, figure } from "./figures.js";
import { callRaw, decodeReply, encodeEstimateRequest, writeFrameFile } from "./grpc-frames.js";
import { describePairs } from "./noise.js";
import { runPairs } from "./paired-runs.js";
import type { ServerProcess } from "./server-process.js";

const MB = 1024 * 1024;

function heap(memory: NodeJS.MemoryUsage | undefined): string {
  if (memory === undefined) return "heap n/a";
  const mb = (n: number) => (n / MB).toFixed(0);
  return `V8 heap ${mb(memory.heapUsed)} used of ${mb(memory.heapTotal)} MB, off-heap ${mb(memory.external)} MB`;
}

/** Polls until `sku` gets an in-stock estimate; resolves with performance.now() of that reply. */
export async function firstEstimate(server: ServerProcess, sku: string, timeoutMs: number) {
  const request = encodeEstimateRequest({ ...SAMPLE_ESTIMATE, sku });
  const deadline = performance.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const reply = await callRaw(server.port, "Estimate", request, 5_000);
      const decoded = decodeReply("Estimate", reply) as EstimateResponse__Output;
      if (decoded.availability === "AVAILABILITY_IN_STOCK") return performance.now();
      last = decoded.availability;
    } catch (err) {
      last = err instanceof Error ? err.message : err;
    }
    if (performance.now() > deadline) {
      throw new Error(`${sku} never got an in-stock estimate (last: ${String(last)})`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export async function catalogFigures(ctx: BenchContext, small: ServerProcess): Promise<Figure[]> {
  const skus = ctx.options.catalogSkus;
  const rows = skus * SAMPLE_WAREHOUSES.length;
  const path = join(ctx.scratch, "catalog-large.db");
  ctx.log(
    `writing ${skus.toLocaleString("en-US")} SKUs x ${SAMPLE_WAREHOUSES.length} warehouses through the store`,
  );
  const writeSeconds = await writeSqliteCatalog(path, { skus });
  ctx.log(`  ${rows.toLocaleString("en-US")} rows in ${writeSeconds.toFixed(1)} s`);

  const large = await ctx.startService({ PROMISE_SQLITE_PATH: path }, { readyTimeoutMs: 180_000 });
  // Serving = the last SKU of the catalog gets an estimate (the whole catalog is in the view).
  const servingAt = await firstEstimate(large, catalogSku(skus - 1), 120_000);
  const startupSeconds = (servingAt - large.spawnedAtMs) / 1000;
  const afterStart = await large.probe();
  const rssAfterStart = afterStart.rss[0]!;
  ctx.log(
    `  start-up to serving ${startupSeconds.toFixed(2)} s (ready after ${(large.startMs / 1000).toFixed(2)} s), RSS ${(rssAfterStart / MB).toFixed(0)} MB`,
  );

  const request = encodeEstimateRequest({ ...SAMPLE_ESTIMATE, sku: catalogSku(500) });
  checkEstimateReply(await callRaw(small.port, "Estimate", request), "1,000-SKU catalog");
  checkEstimateReply(await callRaw(large.port, "Estimate", request), "large catalog");
  const dataFile = writeFrameFile(ctx.scratch, "estimate-catalog.grpc", request);
  ctx.log(`Estimate, ${skus.toLocaleString("en-US")} SKUs vs 1,000 SKUs`);
  const result = await runPairs(
    { name: "1k SKUs", server: small, url: urlOf(small, ESTIMATE_PATH), dataFile },
    { name: `${skus} SKUs`, server: large, url: urlOf(large, ESTIMATE_PATH), dataFile },
    ctx.pairPlan(),
    ctx.log,
  );
  const noise = describePairs(result);
  const afterLoad = await large.probe();
  const rssAfterLoad = afterLoad.rss[0]!;
  const smallRss = (await small.probe()).rss[0]!;
  const rss = Math.max(rssAfterStart, rssAfterLoad);
  await large.stop();
  const label = `${skus.toLocaleString("en-US")} SKUs x ${SAMPLE_WAREHOUSES.length}`;
  return [
    figure(
      "catalogScale",
      result.ratio,
      `${label}; median of ${noise.pairs}; ratios ${noise.ratios}; 1k ${noise.aRange}, large ${noise.bRange}; server CPU ${noise.cpu}${noise.flag}`,
      result,
    ),
    figure(
      "catalogRss",
      rss / MB,
      `${label}; after start ${(rssAfterStart / MB).toFixed(0)} MB (${heap(afterStart.memory?.[0])}), after the load runs ${(rssAfterLoad / MB).toFixed(0)} MB (${heap(afterLoad.memory?.[0])}); the 1,000-SKU service: ${(smallRss / MB).toFixed(0)} MB`,
      { afterStart, afterLoad },
    ),
    figure(
      "catalogStartup",
      startupSeconds,
      `${label}; from spawning \`node --import tsx\` to the last SKU's first estimate (ready message after ${(large.startMs / 1000).toFixed(1)} s); writing the catalog through the store took ${writeSeconds.toFixed(1)} s (not counted)`,
    ),
  ];
}
