/**
 * 2 workers against 1: the service as `npm start` runs it (`src/main.ts`) with PROMISE_WORKERS=2
 * (node:cluster, one port, each worker its own view of the shared SQLite store) against
 * PROMISE_WORKERS=1 (one plain process), with h2load. Nothing is pinned here: two workers need both
 * cores, so h2load shares them in both setups (4 connections x 4 streams; the cluster primary
 * hands connections out round robin, 2 per worker).
 */
import { copyFileSync } from "node:fs";
import { join } from "node:path";
import type { EstimateResponse__Output } from "../src/grpc/generated/promise/v1/EstimateResponse.js";
import { openStore } from "../src/store/open-store.js";
import { type BenchContext, cleanEnv, SAMPLE_NETWORK } from "./bench-context.js";
import { catalogSku, SAMPLE_WAREHOUSES, writeSqliteCatalog } from "./catalog.js";
import { ESTIMATE_PATH } from "./echo-server.js";
import { checkEstimateReply, SAMPLE_ESTIMATE, urlOf } from "./estimate-figures.js";
import { type Figure, figure } from "./figures.js";
import {
  callRaw,
  callRawOn,
  decodeReply,
  encodeEstimateRequest,
  ownConnectionClient,
  writeFrameFile,
} from "./grpc-frames.js";
import { describePairs } from "./noise.js";
import { runPairs } from "./paired-runs.js";
import { type ServerProcess, spawnMain } from "./server-process.js";

export async function workersFigure(ctx: BenchContext): Promise<Figure> {
  const one = join(ctx.scratch, "workers-1.db");
  const two = join(ctx.scratch, "workers-2.db");
  await writeSqliteCatalog(one, { skus: 1_000 });
  copyFileSync(one, two);
  const start = (workers: number, path: string) =>
    spawnMain({
      env: {
        ...cleanEnv(process.env),
        PROMISE_ADDRESS: "127.0.0.1:0",
        PROMISE_NETWORK_FILE: SAMPLE_NETWORK,
        PROMISE_SQLITE_PATH: path,
        PROMISE_WORKERS: String(workers),
      },
      listeners: workers,
    });
  const single = await start(1, one);
  let double: ServerProcess | undefined;
  try {
    double = await start(2, two);
    return await measure(ctx, single, double, two);
  } finally {
    await single.stop();
    await double?.stop();
  }
}

async function measure(
  ctx: BenchContext,
  single: ServerProcess,
  double: ServerProcess,
  two: string,
): Promise<Figure> {
  const request = encodeEstimateRequest({ ...SAMPLE_ESTIMATE, sku: catalogSku(500) });
  for (const s of [single, double]) {
    checkEstimateReply(await callRaw(s.port, "Estimate", request), "cluster worker");
  }
  const dataFile = writeFrameFile(ctx.scratch, "estimate-workers.grpc", request);
  ctx.log("Estimate, PROMISE_WORKERS=2 vs 1 (src/main.ts, nothing pinned)");
  const result = await runPairs(
    { name: "1 worker", server: single, url: urlOf(single, ESTIMATE_PATH), dataFile },
    { name: "2 workers", server: double, url: urlOf(double, ESTIMATE_PATH), dataFile },
    ctx.pairPlan({ loadCpus: undefined, minServerCpu: undefined }),
    ctx.log,
  );
  const noise = describePairs(result);
  const freshMs = await stockChangeReachesWorkers(double.port, two);
  ctx.log(
    `  a stock change written to the shared store reached every worker's view in ${freshMs.toFixed(0)} ms`,
  );
  return figure(
    "workers",
    result.ratio,
    `median of ${noise.pairs}; ratios ${noise.ratios}; 1 worker ${noise.aRange}, 2 workers ${noise.bRange}; workers' CPU ${noise.cpu} cores (h2load shares the 2 cores); a stock change written to the shared SQLite store reached both workers' views in ${freshMs.toFixed(0)} ms`,
    { ...result, freshMs },
  );
}

/**
 * Writes a stock change (a SKU sold out everywhere) straight into the store file the workers
 * share, and polls over 4 connections (round robin: both workers) until every one of them answers
 * from the new stock; resolves with the milliseconds that took.
 */
async function stockChangeReachesWorkers(port: number, storePath: string): Promise<number> {
  const sku = catalogSku(7);
  const request = encodeEstimateRequest({ ...SAMPLE_ESTIMATE, sku });
  const clients = Array.from({ length: 4 }, () => ownConnectionClient(port));
  try {
    const availability = async (i: number) =>
      (
        decodeReply(
          "Estimate",
          await callRawOn(clients[i]!, "Estimate", request),
        ) as EstimateResponse__Output
      ).availability;
    for (let i = 0; i < clients.length; i++) {
      if ((await availability(i)) !== "AVAILABILITY_IN_STOCK")
        throw new Error(`${sku} is not in stock`);
    }
    const store = await openStore({ sqlitePath: storePath });
    const t0 = performance.now();
    try {
      await store.upsertStock(
        SAMPLE_WAREHOUSES.map((warehouseId) => ({
          sku,
          warehouseId,
          onHand: 0,
          safetyStock: 0,
          inbound: [],
          version: 2,
        })),
      );
    } finally {
      await store.close();
    }
    const pending = new Set(clients.keys());
    while (pending.size > 0) {
      if (performance.now() - t0 > 10_000)
        throw new Error("a worker's view did not catch up in 10 s");
      for (const i of [...pending]) {
        if ((await availability(i)) === "AVAILABILITY_UNAVAILABLE") pending.delete(i);
      }
      if (pending.size > 0) await new Promise((resolve) => setTimeout(resolve, 5));
    }
    return performance.now() - t0;
  } finally {
    for (const c of clients) c.close();
  }
}
