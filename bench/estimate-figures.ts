/**
 * Estimate and EstimateBatch against the echo baseline, over gRPC with h2load: the service
 * (sample network, fresh SQLite store seeded from the network file, default settings) and the
 * echo server both pinned to the server core, alternating runs.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { EstimateBatchResponse__Output } from "../src/grpc/generated/promise/v1/EstimateBatchResponse.js";
import type { EstimateResponse__Output } from "../src/grpc/generated/promise/v1/EstimateResponse.js";
import type { BenchContext } from "./bench-context.js";
import { catalogSku } from "./catalog.js";
import { ESTIMATE_BATCH_PATH, ESTIMATE_PATH } from "./echo-server.js";
import { type Figure, figure } from "./figures.js";
import {
  callRaw,
  decodeReply,
  encodeEstimateBatchRequest,
  encodeEstimateRequest,
  writeFrameFile,
} from "./grpc-frames.js";
import { describePairs } from "./noise.js";
import { type LoadTarget, runPairs } from "./paired-runs.js";
import type { ServerProcess } from "./server-process.js";

/** The product-page request: one in-stock SKU of the sample network to Bangkok. */
export const SAMPLE_ESTIMATE = {
  sku: "SKU-MUG-001",
  quantity: 1,
  destination: { countryCode: "TH", postalCode: "10110" },
  locale: "th-TH",
};

export const BATCH_SIZE = 50;

export const urlOf = (server: ServerProcess, path: string) =>
  `http://127.0.0.1:${server.port}${path}`;

/** Checks a decoded Estimate reply has options (the figure must measure a real estimate). */
export function checkEstimateReply(bytes: Buffer, what: string): EstimateResponse__Output {
  const reply = decodeReply("Estimate", bytes) as EstimateResponse__Output;
  if (reply.availability !== "AVAILABILITY_IN_STOCK" || reply.options.length === 0) {
    throw new Error(
      `${what}: expected an in-stock estimate with options, got ${JSON.stringify(reply)}`,
    );
  }
  return reply;
}

export interface EchoBaseline {
  readonly echo: ServerProcess;
  readonly target: LoadTarget;
  /** The Estimate reply size the echo answers with, bytes. */
  readonly replyBytes: number;
  readonly requestBytes: number;
}

/**
 * Starts the echo server answering with the bytes of `service`'s reply to the sample request, and
 * the load target for it (the same frame file the service gets).
 */
export async function startEchoBaseline(
  ctx: BenchContext,
  service: ServerProcess,
): Promise<EchoBaseline & { estimateFile: string }> {
  const request = encodeEstimateRequest(SAMPLE_ESTIMATE);
  const reply = await callRaw(service.port, "Estimate", request);
  checkEstimateReply(reply, "the sample Estimate");
  const replyFile = join(ctx.scratch, "echo-reply.bin");
  writeFileSync(replyFile, reply);
  const estimateFile = writeFrameFile(ctx.scratch, "estimate.grpc", request);
  const echo = await ctx.startService({}, { script: "echo-server.ts", args: [replyFile] });
  return {
    echo,
    estimateFile,
    replyBytes: reply.length,
    requestBytes: request.length,
    target: { name: "echo", server: echo, url: urlOf(echo, ESTIMATE_PATH), dataFile: estimateFile },
  };
}

/** Estimate throughput and p99 against the echo: two figures from the same pairs. */
export async function estimateFigures(
  ctx: BenchContext,
  service: ServerProcess,
  baseline: EchoBaseline & { estimateFile: string },
): Promise<Figure[]> {
  ctx.log(
    `Estimate vs echo (request ${baseline.requestBytes} B, reply ${baseline.replyBytes} B, 4 connections x 4 streams)`,
  );
  const result = await runPairs(
    baseline.target,
    {
      name: "Estimate",
      server: service,
      url: urlOf(service, ESTIMATE_PATH),
      dataFile: baseline.estimateFile,
    },
    ctx.pairPlan(),
    ctx.log,
  );
  const noise = describePairs(result);
  return [
    figure(
      "estimateThroughput",
      result.ratio,
      `median of ${noise.pairs}; ratios ${noise.ratios}; echo ${noise.aRange}, Estimate ${noise.bRange}; server CPU ${noise.cpu}; per CPU-second ${noise.cpuNormalized}${noise.flag}`,
      result,
    ),
    figure(
      "estimateP99",
      result.p99Ratio,
      `same runs; p99 echo ${noise.aP99}, Estimate ${noise.bP99}; ratios ${noise.p99Ratios}${noise.flag}`,
    ),
  ];
}

/**
 * Estimate with the estimate cache off against the echo: every call runs the engine and encodes
 * its reply (the figure above repeats one request, so all its calls are cache hits).
 */
export async function uncachedEstimateFigure(
  ctx: BenchContext,
  baseline: EchoBaseline & { estimateFile: string },
): Promise<Figure> {
  const service = await ctx.startService({
    PROMISE_SQLITE_PATH: join(ctx.scratch, "sample-uncached.db"),
    PROMISE_ESTIMATE_CACHE_SIZE: "0",
  });
  ctx.log("Estimate with the cache off vs echo");
  const result = await runPairs(
    baseline.target,
    {
      name: "Estimate (no cache)",
      server: service,
      url: urlOf(service, ESTIMATE_PATH),
      dataFile: baseline.estimateFile,
    },
    ctx.pairPlan(),
    ctx.log,
  );
  await service.stop();
  const noise = describePairs(result);
  return figure(
    "estimateUncached",
    result.ratio,
    `median of ${noise.pairs}; ratios ${noise.ratios}; echo ${noise.aRange}, Estimate ${noise.bRange}; server CPU ${noise.cpu}; per CPU-second ${noise.cpuNormalized}${noise.flag}`,
    result,
  );
}

/** The listing-page request: 50 distinct SKUs of a catalog to Bangkok. */
export function batchRequest(skuOf: (i: number) => string = catalogSku) {
  return {
    items: Array.from({ length: BATCH_SIZE }, (_, i) => ({ sku: skuOf(i), quantity: 1 })),
    destination: SAMPLE_ESTIMATE.destination,
    locale: SAMPLE_ESTIMATE.locale,
  };
}

/** EstimateBatch of 50 SKUs: items per second against the echo's requests per second. */
export async function batchFigure(
  ctx: BenchContext,
  service: ServerProcess,
  baseline: EchoBaseline,
): Promise<Figure> {
  const request = encodeEstimateBatchRequest(batchRequest());
  const reply = decodeReply(
    "EstimateBatch",
    await callRaw(service.port, "EstimateBatch", request),
  ) as EstimateBatchResponse__Output;
  const estimates = reply.results.filter(
    (r) => r.estimate?.availability === "AVAILABILITY_IN_STOCK",
  ).length;
  if (estimates !== BATCH_SIZE) {
    throw new Error(
      `EstimateBatch: expected ${BATCH_SIZE} in-stock estimates, got ${estimates}: ${JSON.stringify(reply.results.find((r) => r.estimate?.availability !== "AVAILABILITY_IN_STOCK"))}`,
    );
  }
  const dataFile = writeFrameFile(ctx.scratch, "batch.grpc", request);
  ctx.log(`EstimateBatch of ${BATCH_SIZE} vs echo (request ${request.length} B)`);
  const result = await runPairs(
    baseline.target,
    { name: "EstimateBatch", server: service, url: urlOf(service, ESTIMATE_BATCH_PATH), dataFile },
    ctx.pairPlan(),
    ctx.log,
  );
  const noise = describePairs(result);
  const itemsRatio = result.ratio * BATCH_SIZE;
  return figure(
    "batchItems",
    itemsRatio,
    `median of ${noise.pairs}; batches/s ${noise.bRange} (x${BATCH_SIZE} items), echo ${noise.aRange}; server CPU ${noise.cpu}${noise.flag}`,
    result,
  );
}
