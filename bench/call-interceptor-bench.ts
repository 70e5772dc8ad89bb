/**
 * The gRPC call interceptor's own work per call, in one process: createCallInterceptor (request
 * id, deadline check, call log line through a LineBuffer to /dev/null as createLogger sets it up,
 * the call's metrics) around a stand-in for grpc-js's call that answers at once, driven the way
 * grpc-js drives a unary call (start, metadata, message, half-close, message sent, OK status,
 * onCancel). Timed by process CPU time over slices; prints the median microseconds per call.
 *
 *   node --import tsx bench/call-interceptor-bench.ts [slices] [callsPerSlice]
 *
 * TREE=<dir> measures another tree's sources (for example a worktree of main) with this
 * driver, so two trees can be compared in alternating runs.
 */
import { openSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";

const tree = resolve(process.env["TREE"] ?? join(import.meta.dirname, ".."));
const { createCallInterceptor } = (await import(
  join(tree, "src/grpc/call-interceptor.ts")
)) as typeof import("../src/grpc/call-interceptor.js");
const { LineBuffer } = (await import(
  join(tree, "src/observability/line-buffer.ts")
)) as typeof import("../src/observability/line-buffer.js");
const { CallStats } = (await import(
  join(tree, "src/observability/call-stats.ts")
)) as typeof import("../src/observability/call-stats.js");

// The tree's own pino and grpc-js (pino's symbols differ between two copies of the module).
const requireInTree = createRequire(join(tree, "package.json"));
const { pino } = requireInTree("pino") as typeof import("pino");
const grpc = requireInTree("@grpc/grpc-js") as typeof import("@grpc/grpc-js");

const slices = Number(process.argv[2] ?? 9);
const calls = Number(process.argv[3] ?? 100_000);
// Main's LineBuffer wants a string sink (utf8 mode), this branch's a Buffer sink (buffer mode).
const bufferMode = Object.hasOwn(LineBuffer.prototype, "room");
const sink = pino.destination({
  dest: openSync("/dev/null", "w"),
  sync: true,
  ...(bufferMode ? { contentMode: "buffer" as const } : {}),
});
// biome-ignore lint/suspicious/noExplicitAny: either tree's sink type
const lines = new LineBuffer(sink as any, { minLength: 4096, flushMs: 250 });
const logger = pino({ level: "info", base: { service: "promise" } }, lines);
const stats = new CallStats();
const interceptor = createCallInterceptor({ logger, stats });
const method = {
  path: "/promise.v1.PromiseService/Estimate",
  requestStream: false,
  responseStream: false,
  requestDeserialize: (b: Buffer) => b,
  responseSerialize: (b: Buffer) => b,
};
const request = { sku: "SKU-MUG-001" };
const reply = Buffer.alloc(300);
const noop = () => {};

/** What grpc-js's base call does for the interceptor, minus the transport. */
class StandInCall {
  listener: {
    onReceiveMetadata(m: unknown): void;
    onReceiveMessage(m: unknown): void;
    onReceiveHalfClose(): void;
    onCancel(): void;
  } | null = null;
  start(listener: NonNullable<StandInCall["listener"]>) {
    this.listener = listener;
  }
  sendMetadata(_m: unknown) {}
  sendMessage(_m: unknown, callback: () => void) {
    callback();
  }
  sendStatus(_s: unknown) {}
  startRead() {}
  getPeer() {
    return "127.0.0.1:5000";
  }
  getDeadline() {
    return Number.POSITIVE_INFINITY;
  }
  getHost() {
    return "127.0.0.1";
  }
  getAuthContext() {
    return {};
  }
  getConnectionInfo() {
    return {};
  }
  getMetricsRecorder() {
    return {};
  }
}

function oneCall(): void {
  const base = new StandInCall();
  // biome-ignore lint/suspicious/noExplicitAny: grpc-js's internal call interface
  const call = interceptor(method as any, base as any) as any;
  const status = { code: grpc.status.OK, details: "OK", metadata: null };
  call.start({
    onReceiveMetadata: () => call.startRead(),
    onReceiveMessage: noop,
    onReceiveHalfClose: () => call.sendMessage(reply, () => call.sendStatus(status)),
    onCancel: noop,
  });
  const l = base.listener!;
  l.onReceiveMetadata(new grpc.Metadata());
  l.onReceiveMessage(request);
  l.onReceiveHalfClose();
  l.onCancel();
}

for (let i = 0; i < calls; i++) oneCall();
const samples: number[] = [];
for (let s = 0; s < slices; s++) {
  const t0 = process.cpuUsage();
  for (let i = 0; i < calls; i++) oneCall();
  const t = process.cpuUsage(t0);
  samples.push((t.user + t.system) / calls);
}
lines.flush();
const sorted = [...samples].sort((a, b) => a - b);
const counted = stats.count("promise.v1.PromiseService/Estimate", 0);
console.log(
  JSON.stringify({
    tree,
    usPerCall: Number(sorted[sorted.length >> 1]!.toFixed(3)),
    counted,
  }),
);
