/**
 * Issue 15: an Estimate that includes pick-up options against the same Estimate without them
 * (max_pickup_stores 0), on the same service (sample network: two Bangkok branches serve the
 * destination), over gRPC with h2load, alternating runs. Target: within 10% (ratio >= 0.9).
 */
import type { BenchContext } from "./bench-context.js";
import { ESTIMATE_PATH } from "./echo-server.js";
import { checkEstimateReply, SAMPLE_ESTIMATE, urlOf } from "./estimate-figures.js";
import { type Figure, figure } from "./figures.js";
import { callRaw, encodeEstimateRequest, writeFrameFile } from "./grpc-frames.js";
import { describePairs } from "./noise.js";
import { runPairs } from "./paired-runs.js";
import type { ServerProcess } from "./server-process.js";

export async function pickupFigure(ctx: BenchContext, service: ServerProcess): Promise<Figure> {
  const withPickup = encodeEstimateRequest(SAMPLE_ESTIMATE);
  const without = encodeEstimateRequest({ ...SAMPLE_ESTIMATE, maxPickupStores: 0 });
  const a = checkEstimateReply(await callRaw(service.port, "Estimate", without), "no pick-up");
  const b = checkEstimateReply(await callRaw(service.port, "Estimate", withPickup), "pick-up");
  if (a.pickupOptions.length !== 0 || b.pickupOptions.length === 0) {
    throw new Error(
      `expected 0 and some pick-up options, got ${a.pickupOptions.length} and ${b.pickupOptions.length}`,
    );
  }
  ctx.log(
    `Estimate with ${b.pickupOptions.length} pick-up options vs without (requests ${withPickup.length} / ${without.length} B)`,
  );
  const url = urlOf(service, ESTIMATE_PATH);
  const result = await runPairs(
    {
      name: "Estimate without pick-up",
      server: service,
      url,
      dataFile: writeFrameFile(ctx.scratch, "estimate-no-pickup.grpc", without),
    },
    {
      name: "Estimate with pick-up",
      server: service,
      url,
      dataFile: writeFrameFile(ctx.scratch, "estimate-pickup.grpc", withPickup),
    },
    ctx.pairPlan(),
    ctx.log,
  );
  const noise = describePairs(result);
  return figure(
    "pickupEstimate",
    result.ratio,
    `median of ${noise.pairs}; ratios ${noise.ratios}; without ${noise.aRange}, with ${noise.bRange} (${b.pickupOptions.length} stores); server CPU ${noise.cpu}${noise.flag}`,
    result,
  );
}
