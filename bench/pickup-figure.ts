/**
 * Issue 15: an Estimate that includes pick-up options against the same Estimate without them
 * (max_pickup_stores 0), on the same service (sample network: two Bangkok branches serve the
 * destination), over gRPC with h2load, alternating runs. Target: within 10% (ratio >= 0.9).
 *
 * Beside it, two figures that say what the difference is made of:
 * - `pickupEchoBytes`: the echo server answering the service's own reply with pick-ups against the
 *   echo answering its reply without (the same bytes, captured from the service): what the larger
 *   reply alone costs grpc-js, HTTP/2 and the load generator, with none of the service's work;
 * - `pickupCpuPerCall`: the service's CPU time per call (and the echo's) at a fixed rate of 2,000
 *   calls/s (h2load --rps), without / with pick-ups, alternating: CPU per call is what a
 *   saturated server's throughput follows, and, unlike throughput, a shared machine barely moves
 *   it (the server is never starved of its core at that rate).
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { BenchContext } from "./bench-context.js";
import { ESTIMATE_PATH } from "./echo-server.js";
import { checkEstimateReply, SAMPLE_ESTIMATE, urlOf } from "./estimate-figures.js";
import { type Figure, figure } from "./figures.js";
import { callRaw, encodeEstimateRequest, writeFrameFile } from "./grpc-frames.js";
import { checkGrpcOk, runH2load } from "./h2load.js";
import { describePairs } from "./noise.js";
import { median, runPairs } from "./paired-runs.js";
import type { ServerProcess } from "./server-process.js";

/** The fixed-rate runs: 4 connections x 500 calls/s. */
const FIXED_CONNECTIONS = 4;
const FIXED_RPS_PER_CONNECTION = 500;

export async function pickupFigures(ctx: BenchContext, service: ServerProcess): Promise<Figure[]> {
  const withPickup = encodeEstimateRequest(SAMPLE_ESTIMATE);
  const without = encodeEstimateRequest({ ...SAMPLE_ESTIMATE, maxPickupStores: 0 });
  const replyWithout = await callRaw(service.port, "Estimate", without);
  const replyWith = await callRaw(service.port, "Estimate", withPickup);
  const a = checkEstimateReply(replyWithout, "no pick-up");
  const b = checkEstimateReply(replyWith, "pick-up");
  if (a.pickupOptions.length !== 0 || b.pickupOptions.length === 0) {
    throw new Error(
      `expected 0 and some pick-up options, got ${a.pickupOptions.length} and ${b.pickupOptions.length}`,
    );
  }
  const stores = b.pickupOptions.length;
  ctx.log(
    `Estimate with ${stores} pick-up options vs without (requests ${withPickup.length} / ${without.length} B, replies ${replyWith.length} / ${replyWithout.length} B)`,
  );
  const url = urlOf(service, ESTIMATE_PATH);
  const fileWithout = writeFrameFile(ctx.scratch, "estimate-no-pickup.grpc", without);
  const fileWith = writeFrameFile(ctx.scratch, "estimate-pickup.grpc", withPickup);
  const result = await runPairs(
    { name: "Estimate without pick-up", server: service, url, dataFile: fileWithout },
    { name: "Estimate with pick-up", server: service, url, dataFile: fileWith },
    ctx.pairPlan(),
    ctx.log,
  );
  const noise = describePairs(result);
  const service_ = figure(
    "pickupEstimate",
    result.ratio,
    `median of ${noise.pairs}; ratios ${noise.ratios}; per server CPU-second ${result.cpuNormalizedRatio.toFixed(3)}x; without ${noise.aRange}, with ${noise.bRange} (${stores} stores; replies ${replyWithout.length} / ${replyWith.length} B); server CPU ${noise.cpu}${noise.flag}`,
    result,
  );

  // The same bytes from the echo server: the transport's share of the difference.
  const echoFileWithout = join(ctx.scratch, "echo-reply-no-pickup.bin");
  const echoFileWith = join(ctx.scratch, "echo-reply-pickup.bin");
  writeFileSync(echoFileWithout, replyWithout);
  writeFileSync(echoFileWith, replyWith);
  const echoWithout = await ctx.startService(
    {},
    { script: "echo-server.ts", args: [echoFileWithout] },
  );
  const echoWith = await ctx.startService({}, { script: "echo-server.ts", args: [echoFileWith] });
  ctx.log(
    `echo answering the reply without pick-ups (${replyWithout.length} B) vs with (${replyWith.length} B)`,
  );
  const echo = await runPairs(
    {
      name: "echo, reply without pick-ups",
      server: echoWithout,
      url: urlOf(echoWithout, ESTIMATE_PATH),
      dataFile: fileWithout,
    },
    {
      name: "echo, reply with pick-ups",
      server: echoWith,
      url: urlOf(echoWith, ESTIMATE_PATH),
      dataFile: fileWith,
    },
    ctx.pairPlan(),
    ctx.log,
  );
  const echoNoise = describePairs(echo);
  const echoFigure = figure(
    "pickupEchoBytes",
    echo.ratio,
    `median of ${echoNoise.pairs}; ratios ${echoNoise.ratios}; per server CPU-second ${echo.cpuNormalizedRatio.toFixed(3)}x; ${replyWithout.length} B ${echoNoise.aRange}, ${replyWith.length} B ${echoNoise.bRange}; server CPU ${echoNoise.cpu}${echoNoise.flag}; the service's ratio over this one: ${(result.ratio / echo.ratio).toFixed(3)}x`,
    echo,
  );

  // CPU per call at a fixed rate, service and echo, alternating.
  const targets = [
    { key: "serviceWithout", server: service, url, dataFile: fileWithout },
    { key: "serviceWith", server: service, url, dataFile: fileWith },
    {
      key: "echoWithout",
      server: echoWithout,
      url: urlOf(echoWithout, ESTIMATE_PATH),
      dataFile: fileWithout,
    },
    { key: "echoWith", server: echoWith, url: urlOf(echoWith, ESTIMATE_PATH), dataFile: fileWith },
  ] as const;
  const plan = ctx.pairPlan();
  const usPerCall = async (t: (typeof targets)[number], seconds: number) => {
    checkGrpcOk(t.url, t.dataFile);
    const cpu0 = t.server.cpuSeconds();
    const run = await runH2load({
      url: t.url,
      dataFile: t.dataFile,
      connections: FIXED_CONNECTIONS,
      streams: plan.streams,
      seconds,
      warmUpSeconds: 0,
      cpus: plan.loadCpus,
      logFile: join(ctx.scratch, "h2load-fixed.log"),
      rps: FIXED_RPS_PER_CONNECTION,
    });
    if (run.failed + run.errored > 0) throw new Error(`${t.key}: failed requests at a fixed rate`);
    return (1e6 * (t.server.cpuSeconds() - cpu0)) / run.succeeded;
  };
  for (const t of targets) await usPerCall(t, 2);
  const samples: Record<(typeof targets)[number]["key"], number[]> = {
    serviceWithout: [],
    serviceWith: [],
    echoWithout: [],
    echoWith: [],
  };
  const rounds = Math.max(plan.pairs, 3);
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 === 0 ? targets : [...targets].reverse();
    for (const t of order) samples[t.key].push(await usPerCall(t, plan.seconds));
    ctx.log(
      `  fixed ${FIXED_CONNECTIONS * FIXED_RPS_PER_CONNECTION}/s, CPU per call: service ${samples.serviceWithout[r]!.toFixed(1)} / ${samples.serviceWith[r]!.toFixed(1)} us, echo ${samples.echoWithout[r]!.toFixed(1)} / ${samples.echoWith[r]!.toFixed(1)} us (without / with pick-ups)`,
    );
  }
  const ratios = samples.serviceWithout.map((x, i) => x / samples.serviceWith[i]!);
  const echoRatios = samples.echoWithout.map((x, i) => x / samples.echoWith[i]!);
  const us = (v: number[]) => median(v).toFixed(1);
  const cpuFigure = figure(
    "pickupCpuPerCall",
    median(ratios),
    `median of ${rounds} alternating rounds at ${FIXED_CONNECTIONS * FIXED_RPS_PER_CONNECTION} calls/s; service ${us(samples.serviceWithout)} us without, ${us(samples.serviceWith)} us with pick-ups (ratios ${ratios.map((x) => x.toFixed(2)).join(" ")}); echo of the same replies ${us(samples.echoWithout)} / ${us(samples.echoWith)} us (${median(echoRatios).toFixed(3)}x)`,
    { samples, ratios, echoRatios },
  );
  await echoWithout.stop();
  await echoWith.stop();
  return [service_, echoFigure, cpuFigure];
}
