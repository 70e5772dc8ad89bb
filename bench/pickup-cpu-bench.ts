/**
 * Issue 15, in one process: the CPU time of the sample Estimate (Bangkok 10110, th-TH, 1 mug)
 * answered by the Estimator through the native gRPC presenter and encoded (estimateBytes), with
 * pick-up options (2 stores) and without (max_pickup_stores 0), in alternating slices of the same
 * process. Both are cache hits after the first call, as on a product page. What a call costs
 * besides (gRPC framing, HTTP/2, request decoding) is the same for both, so the end-to-end ratio
 * is at least this one. Prints one JSON line.
 */
import { readFileSync } from "node:fs";
import { type EstimateScope, Estimator } from "../src/checkout/estimator.js";
import { fixedClock } from "../src/config/clock.js";
import { estimateBytes } from "../src/grpc/memoized-encoding.js";
import { protoEstimatePresenter } from "../src/grpc/promise-service.js";
import { parseNetworkFile } from "../src/network/parse-network-file.js";
import { LiveView } from "../src/view/live-view.js";

export interface PickupCpuResult {
  /** CPU microseconds per call, median over the slices. */
  readonly withoutUs: number;
  readonly withUs: number;
  /** Per pair of slices: CPU without / CPU with; and their median. */
  readonly ratios: readonly number[];
  readonly ratio: number;
  readonly pickupOptions: number;
  readonly callsPerSlice: number;
}

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

export function runPickupCpuBench(
  pairs = 15,
  callsPerSlice = 20_000,
  networkPath = "samples/network.yaml",
): PickupCpuResult {
  const file = parseNetworkFile(readFileSync(networkPath, "utf8"), networkPath);
  // Wednesday 9 December 2026, 10:00 in Bangkok: both Bangkok branches are open.
  const clock = fixedClock(Date.parse("2026-12-09T03:00:00Z"));
  const live = new LiveView({ file, clock });
  const estimator = new Estimator({
    live,
    clock,
    presenter: protoEstimatePresenter(),
    batchItemLimit: 100,
    estimateCacheSize: 10_000,
  });
  const item = { sku: "SKU-MUG-001", quantity: 1 };
  const base = {
    destination: { countryCode: "TH", postalCode: "10110", province: "" },
    locale: "th-TH",
    confidence: "STANDARD",
  } as const;
  const withPickups: EstimateScope = { ...base, maxPickupStores: 3 };
  const without: EstimateScope = { ...base, maxPickupStores: 0 };
  const first = estimator.estimate(item, withPickups);
  const pickupOptions = first.pickupOptions?.length ?? 0;
  if (pickupOptions === 0 || (estimator.estimate(item, without).pickupOptions ?? []).length > 0) {
    throw new Error("expected pick-up options with, and none without");
  }
  let sink = 0;
  const slice = (scope: EstimateScope) => {
    const start = process.cpuUsage();
    for (let i = 0; i < callsPerSlice; i++) {
      sink += estimateBytes(estimator.estimate(item, scope)).length;
    }
    const used = process.cpuUsage(start);
    return (used.user + used.system) / callsPerSlice;
  };
  // Warm-up (JIT) of both paths.
  slice(without);
  slice(withPickups);
  const a: number[] = [];
  const b: number[] = [];
  const ratios: number[] = [];
  for (let p = 0; p < pairs; p++) {
    // Alternate which goes first, so a drift in the machine's speed favours neither.
    const [x, y] =
      p % 2 === 0
        ? [slice(without), slice(withPickups)]
        : (() => {
            const w = slice(withPickups);
            return [slice(without), w] as const;
          })();
    a.push(x);
    b.push(y);
    ratios.push(x / y);
  }
  if (sink === 0) throw new Error("no bytes");
  return {
    withoutUs: median(a),
    withUs: median(b),
    ratios,
    ratio: median(ratios),
    pickupOptions,
    callsPerSlice,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const pairs = Number(process.argv[2] ?? 15);
  const calls = Number(process.argv[3] ?? 20_000);
  console.log(JSON.stringify(runPickupCpuBench(pairs, calls)));
}
