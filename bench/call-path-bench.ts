/**
 * The service's own work per cached Estimate, in one process, without grpc-js: the guarded
 * request decoding, the handler (scopeOf + Estimator.estimate), the reply serializer (reused
 * bytes), and the call's log line and metrics (CallLog to /dev/null through a LineBuffer as
 * createLogger sets it up, CallStats). Each stage is timed by process CPU time over alternating
 * slices; prints one JSON line with the median microseconds per call of each stage.
 *
 *   node --import tsx bench/call-path-bench.ts [slices] [callsPerSlice]
 *
 * CALL_PATH_STAGE=<stage> runs one stage only: with `node --trace-gc --max-semi-space-size=1`,
 * the count of scavenges over a run against CALL_PATH_STAGE=none gives the bytes a stage
 * allocates per call (about 1 MB per scavenge).
 */
import { openSync, readFileSync } from "node:fs";
import { pino } from "pino";
import { Estimator } from "../src/checkout/estimator.js";
import { fixedClock } from "../src/config/clock.js";
import { guardRequestDecoding } from "../src/grpc/guard-request-decoding.js";
import { loadProto } from "../src/grpc/load-proto.js";
import { withEstimateEncoders } from "../src/grpc/memoized-encoding.js";
import {
  estimateScopeOf,
  protoEstimatePresenter,
  type scopeOf,
} from "../src/grpc/promise-service.js";
import { parseNetworkFile } from "../src/network/parse-network-file.js";
import { CallLog } from "../src/observability/call-log.js";
import { CallStats } from "../src/observability/call-stats.js";
import { type ByteSink, LineBuffer } from "../src/observability/line-buffer.js";
import { LiveView } from "../src/view/live-view.js";
import { SAMPLE_ESTIMATE } from "./estimate-figures.js";
import { encodeEstimateRequest } from "./grpc-frames.js";

const slices = Number(process.argv[2] ?? 9);
const calls = Number(process.argv[3] ?? 50_000);
const path = "samples/network.yaml";
const file = parseNetworkFile(readFileSync(path, "utf8"), path);
const clock = fixedClock(Date.parse("2026-12-09T03:00:00Z"));
const live = new LiveView({ file, clock });
const estimator = new Estimator({
  live,
  clock,
  presenter: protoEstimatePresenter(),
  batchItemLimit: 100,
  estimateCacheSize: 10_000,
});
const definition = guardRequestDecoding(
  withEstimateEncoders(loadProto().proto.promise.v1.PromiseService.service),
);
const method = definition.Estimate;
const bytes = encodeEstimateRequest(SAMPLE_ESTIMATE);
const sink = pino.destination({
  dest: openSync("/dev/null", "w"),
  sync: true,
  contentMode: "buffer",
});
const lines = new LineBuffer(sink as unknown as ByteSink, { minLength: 4096, flushMs: 250 });
const log = new CallLog(pino({ level: "info", base: { service: "promise" } }, lines));
const stats = new CallStats();

type Request = Parameters<typeof scopeOf>[0] & { sku: string; quantity: number };
const stages: Record<string, () => void> = {
  decode() {
    method.requestDeserialize(bytes);
  },
  handler() {
    const req = method.requestDeserialize(bytes) as Request;
    estimator.estimate(req, estimateScopeOf(req));
  },
  serialize() {
    const req = method.requestDeserialize(bytes) as Request;
    method.responseSerialize(estimator.estimate(req, estimateScopeOf(req)));
  },
  logAndCount() {
    stats.record("promise.v1.PromiseService/Estimate", 0, 0.0004);
    log.write("info", {
      method: "promise.v1.PromiseService/Estimate",
      status: "OK",
      grpcCode: 0,
      durationMs: 0.412,
      requestId: "AbCdEfGh.1a2b",
    });
  },
};
const only = process.env["CALL_PATH_STAGE"];
const names = Object.keys(stages).filter((n) => only === undefined || n === only);
const samples: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
for (const n of names) for (let i = 0; i < calls; i++) stages[n]!();
for (let s = 0; s < slices; s++) {
  for (const n of names) {
    const stage = stages[n]!;
    const t0 = process.cpuUsage();
    for (let i = 0; i < calls; i++) stage();
    const t = process.cpuUsage(t0);
    samples[n]!.push((t.user + t.system) / calls);
  }
}
const median = (v: number[]) => [...v].sort((a, b) => a - b)[v.length >> 1]!;
const out = Object.fromEntries(names.map((n) => [n, Number(median(samples[n]!).toFixed(3))]));
lines.flush();
console.log(JSON.stringify(out));
