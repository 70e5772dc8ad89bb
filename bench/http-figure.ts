/**
 * Estimate over the HTTP edge (Connect protocol, JSON, HTTP/1.1) against native gRPC Estimate, in
 * the same run on the same service process: h2load alternates the two (gRPC: 4 connections x 4
 * streams; HTTP/1.1: 16 keep-alive connections, so both keep 16 requests in flight).
 */
import { writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import type { BenchContext } from "./bench-context.js";
import { ESTIMATE_PATH } from "./echo-server.js";
import { SAMPLE_ESTIMATE, urlOf } from "./estimate-figures.js";
import { type Figure, figure } from "./figures.js";
import { encodeEstimateRequest, writeFrameFile } from "./grpc-frames.js";
import { runH2load } from "./h2load.js";
import { median } from "./paired-runs.js";

const IN_FLIGHT = 16;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

export async function httpEstimateFigure(ctx: BenchContext): Promise<Figure> {
  const httpPort = await freePort();
  const service = await ctx.startService({
    PROMISE_SQLITE_PATH: join(ctx.scratch, "sample-http.db"),
    PROMISE_HTTP_ADDRESS: `127.0.0.1:${httpPort}`,
  });
  const grpcFile = writeFrameFile(
    ctx.scratch,
    "estimate-http-grpc.grpc",
    encodeEstimateRequest(SAMPLE_ESTIMATE),
  );
  const jsonFile = join(ctx.scratch, "estimate.json");
  writeFileSync(jsonFile, JSON.stringify(SAMPLE_ESTIMATE));
  const httpUrl = `http://127.0.0.1:${httpPort}/promise.v1.PromiseService/Estimate`;
  const check = await fetch(httpUrl, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(SAMPLE_ESTIMATE),
  });
  const body = (await check.json()) as { availability?: string; options?: unknown[] };
  if (
    check.status !== 200 ||
    body.availability !== "AVAILABILITY_IN_STOCK" ||
    !body.options?.length
  ) {
    throw new Error(
      `HTTP Estimate: expected an in-stock estimate, got ${check.status} ${JSON.stringify(body)}`,
    );
  }
  const plan = ctx.pairPlan();
  ctx.log(
    `Estimate over HTTP/1.1 Connect JSON vs native gRPC (${plan.pairs} pairs, ${IN_FLIGHT} in flight)`,
  );
  const grpc: number[] = [];
  const http: number[] = [];
  const ratios: number[] = [];
  /** The same ratio per server CPU-second (what a loaded machine distorts least). */
  const perCpu: number[] = [];
  for (let i = 0; i < plan.pairs; i++) {
    const common = {
      seconds: plan.seconds,
      warmUpSeconds: plan.warmUpRunSeconds,
      cpus: plan.loadCpus,
      logFile: join(plan.scratchDir, `h2load-http-${process.pid}.log`),
    };
    const cpuA = service.cpuSeconds();
    const tA = performance.now();
    const a = await runH2load({
      ...common,
      url: urlOf(service, ESTIMATE_PATH),
      dataFile: grpcFile,
      connections: 4,
      streams: 4,
    });
    const usedA = (service.cpuSeconds() - cpuA) / ((performance.now() - tA) / 1000);
    const cpuB = service.cpuSeconds();
    const tB = performance.now();
    const b = await runH2load({
      ...common,
      url: httpUrl,
      dataFile: jsonFile,
      connections: IN_FLIGHT,
      streams: 1,
      h1: true,
      headers: ["content-type: application/json"],
    });
    const usedB = (service.cpuSeconds() - cpuB) / ((performance.now() - tB) / 1000);
    perCpu.push(b.requestsPerSecond / usedB / (a.requestsPerSecond / usedA));
    if (a.failed + a.errored > 0 || b.failed + b.errored > 0) {
      throw new Error(
        `HTTP figure: failed requests (gRPC ${a.failed + a.errored}, HTTP ${b.failed + b.errored})`,
      );
    }
    grpc.push(a.requestsPerSecond);
    http.push(b.requestsPerSecond);
    ratios.push(b.requestsPerSecond / a.requestsPerSecond);
    ctx.log(
      `  pair ${i + 1}: gRPC ${a.requestsPerSecond.toFixed(0)}/s, HTTP JSON ${b.requestsPerSecond.toFixed(0)}/s, ratio ${(b.requestsPerSecond / a.requestsPerSecond).toFixed(3)}`,
    );
  }
  await service.stop();
  const range = (xs: number[]) => `${Math.min(...xs).toFixed(0)}-${Math.max(...xs).toFixed(0)}/s`;
  return figure(
    "httpEstimate",
    median(ratios),
    `median of ${ratios.length} pairs; ratios ${ratios.map((r) => r.toFixed(3)).join(", ")}; gRPC ${range(grpc)}, HTTP JSON ${range(http)}; per server CPU-second ${median(perCpu).toFixed(3)} (${perCpu.map((r) => r.toFixed(3)).join(", ")}); same process, cache hits`,
    { grpc, http, ratios, perCpu },
  );
}
