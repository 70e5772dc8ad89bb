/**
 * The ConfirmPromise load generator: raw gRPC over node:http2 (no grpc-js), `inFlight` calls at
 * once spread over one connection per port, each request with its own idempotency key, for a
 * fixed time. h2load cannot vary the key per request, and a grpc-js client spends ~0.3-0.4 ms of
 * CPU per confirm (building, encoding and decoding objects): with every call of a commit group
 * answered at once, server and client then work in turns and the figure measures the client.
 * This one encodes the request with the service's own proto-loader serializer, sends the gRPC
 * frame and reads only the status.
 *
 *   node --import tsx bench/confirm-client.ts '<ConfirmClientSpec as JSON>'
 *
 * Prints one JSON line (ConfirmLoadResult).
 */
import http2 from "node:http2";
import type { ConfirmPromiseRequest } from "../src/grpc/generated/promise/v1/ConfirmPromiseRequest.js";
import { loadProto } from "../src/grpc/load-proto.js";
import { catalogSku } from "./catalog.js";
import type { ConfirmLoadResult } from "./confirm-load-result.js";
import { grpcFrame } from "./grpc-frames.js";
import { runQueueWaitSeconds } from "./run-queue-wait.js";
import { commandCpuSeconds, processCpuSeconds } from "./server-process.js";

export interface ConfirmClientSpec {
  readonly ports: readonly number[];
  readonly inFlight: number;
  readonly warmUpSeconds: number;
  readonly seconds: number;
  /** Keys are `${keyPrefix}-${n}`. */
  readonly keyPrefix: string;
  /** Lines cycle over catalogSku(0 .. skus - 1). */
  readonly skus: number;
  /** Every `hotEvery`-th call (n % hotEvery === hotEvery - 1) is for `hotSku` instead. */
  readonly hotSku?: string | undefined;
  readonly hotEvery?: number | undefined;
  readonly destination: { readonly countryCode: string; readonly postalCode: string };
  readonly serviceId: string;
  readonly shownDeliveryLatest: string;
  /** The servers' pids: their CPU (and PostgreSQL's) is read at the window's edges. */
  readonly cpuPids?: readonly number[] | undefined;
}

const PATH = "/promise.v1.PromiseService/ConfirmPromise";
const STATUS_NAMES = [
  "OK",
  "CANCELLED",
  "UNKNOWN",
  "INVALID_ARGUMENT",
  "DEADLINE_EXCEEDED",
  "NOT_FOUND",
  "ALREADY_EXISTS",
  "PERMISSION_DENIED",
  "RESOURCE_EXHAUSTED",
  "FAILED_PRECONDITION",
  "ABORTED",
  "OUT_OF_RANGE",
  "UNIMPLEMENTED",
  "INTERNAL",
  "UNAVAILABLE",
  "DATA_LOSS",
  "UNAUTHENTICATED",
];

export async function runConfirmClient(spec: ConfirmClientSpec): Promise<ConfirmLoadResult> {
  const serialize = loadProto().proto.promise.v1.PromiseService.service.ConfirmPromise
    .requestSerialize as (r: ConfirmPromiseRequest) => Buffer;
  const hot = spec.hotSku !== undefined && spec.hotEvery !== undefined;
  const encode = (i: number) =>
    grpcFrame(
      serialize({
        idempotencyKey: `${spec.keyPrefix}-${i}`,
        lines: [
          {
            sku:
              hot && i % spec.hotEvery! === spec.hotEvery! - 1
                ? spec.hotSku!
                : catalogSku(i % spec.skus),
            quantity: 1,
          },
        ],
        destination: spec.destination,
        serviceId: spec.serviceId,
        shownDeliveryLatest: spec.shownDeliveryLatest,
      }),
    );
  // Requests are encoded before the run (up to 8,000 per second of it; beyond that on the fly),
  // so the client's work per call is little more than the HTTP/2 stream.
  const bodies: (Buffer | undefined)[] = Array.from(
    { length: Math.ceil((spec.warmUpSeconds + spec.seconds) * 8_000) },
    (_, i) => encode(i),
  );
  const headers = {
    ":method": "POST",
    ":path": PATH,
    "content-type": "application/grpc",
    te: "trailers",
  };
  const sessions = spec.ports.map((port) => http2.connect(`http://127.0.0.1:${port}`));
  for (const s of sessions) s.on("error", () => {});
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  const measureFrom = start + spec.warmUpSeconds * 1000;
  const measureTo = measureFrom + spec.seconds * 1000;
  // The servers' CPU, their wait for a CPU and PostgreSQL's CPU at the window's edges (timers:
  // the loops yield to them at every answer).
  const pids = spec.cpuPids ?? [];
  const sample = () => ({
    cpu: pids.reduce((s, pid) => s + processCpuSeconds(pid), 0),
    waited: pids.reduce((s, pid) => s + runQueueWaitSeconds(pid), 0),
    postgres: commandCpuSeconds("postgres"),
    at: performance.now(),
  });
  let edges: { from?: ReturnType<typeof sample>; to?: ReturnType<typeof sample> } = {};
  if (pids.length > 0) {
    setTimeout(() => {
      edges = { from: sample() };
    }, measureFrom - performance.now()).unref();
    setTimeout(() => {
      edges.to = sample();
    }, measureTo - performance.now()).unref();
  }
  let n = 0;
  let confirmed = 0;
  let confirmedTotal = 0;
  const refused: Record<string, number> = {};
  const latencies: number[] = [];

  const one = (session: http2.ClientHttp2Session) =>
    new Promise<void>((resolve) => {
      const i = n++;
      const payload = bodies[i] ?? encode(i);
      bodies[i] = undefined;
      const t0 = performance.now();
      let status: string | undefined;
      let message = "";
      const read = (h: http2.IncomingHttpHeaders) => {
        const s = h["grpc-status"];
        if (typeof s === "string") {
          status = s;
          const m = h["grpc-message"];
          message = typeof m === "string" ? decodeURIComponent(m) : "";
        }
      };
      const stream = session.request(headers);
      stream.on("response", read);
      stream.on("trailers", read);
      stream.on("data", () => {});
      stream.on("error", () => {});
      stream.on("close", () => {
        const t1 = performance.now();
        const counted = t1 >= measureFrom && t1 < measureTo;
        if (status === "0") {
          confirmedTotal++;
          if (counted) {
            confirmed++;
            latencies.push(t1 - t0);
          }
        } else if (counted) {
          const name =
            status === undefined ? "NO_STATUS" : (STATUS_NAMES[Number(status)] ?? status);
          const key = `${name}: ${message.slice(0, 80)}`;
          refused[key] = (refused[key] ?? 0) + 1;
        }
        resolve();
      });
      stream.end(payload);
    });

  const loops = Array.from({ length: spec.inFlight }, async (_, k) => {
    const session = sessions[k % sessions.length]!;
    while (performance.now() < measureTo) await one(session);
  });
  try {
    await Promise.all(loops);
  } finally {
    for (const s of sessions) s.close();
  }
  const cpu = process.cpuUsage(cpu0);
  const clientCpu = (cpu.user + cpu.system) / 1000 / (performance.now() - start);
  // The loops end at the first answer after the window; its timer normally ran before that.
  if (edges.from !== undefined && edges.to === undefined) edges.to = sample();
  const { from, to } = edges;
  const window =
    from !== undefined && to !== undefined
      ? (() => {
          const s = (to.at - from.at) / 1000;
          return {
            serverCpu: (to.cpu - from.cpu) / s,
            serverWaited: (to.waited - from.waited) / s,
            postgresCpu: (to.postgres - from.postgres) / s,
          };
        })()
      : {};
  latencies.sort((a, b) => a - b);
  const at = (p: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? Number.NaN;
  return {
    confirmed,
    confirmedTotal,
    refused,
    seconds: spec.seconds,
    perSecond: confirmed / spec.seconds,
    p50Ms: at(0.5),
    p99Ms: at(0.99),
    clientCpu,
    ...window,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const spec = JSON.parse(process.argv[2] ?? "{}") as ConfirmClientSpec;
  const result = await runConfirmClient(spec);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
