/**
 * Estimate latency over gRPC while the learned-transit table is rebuilt, against the same with no
 * rebuild, in the same run: the real service (bench/service-process.ts, not pinned: the rebuild's
 * worker thread needs a core of its own) on a SQLite file holding the deliveries; a grpc-js client
 * in this process keeps `inFlight` Estimates going and times each one. Phases alternate: a quiet
 * phase of the rebuild's length, then a phase during one RefreshLearnedTransit, `pairs` times.
 */
import * as grpc from "@grpc/grpc-js";
import type { AdminServiceClient } from "../src/grpc/generated/promise/v1/AdminService.js";
import type { PromiseServiceClient } from "../src/grpc/generated/promise/v1/PromiseService.js";
import { loadProto } from "../src/grpc/load-proto.js";
import type { BenchContext } from "./bench-context.js";
import { estimateLatencyLoad } from "./estimate-latency-load.js";

export interface RebuildLatency {
  readonly quietP99Ms: number;
  readonly rebuildP99Ms: number;
  readonly quietP50Ms: number;
  readonly rebuildP50Ms: number;
  /** Per pair: rebuild p99 / quiet p99. */
  readonly ratios: readonly number[];
  readonly rebuildSeconds: readonly number[];
  readonly calls: number;
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
}

export async function measureRebuildLatency(
  ctx: BenchContext,
  sqlitePath: string,
  nowIso: string,
  pairs: number,
  inFlight = 4,
): Promise<RebuildLatency> {
  const server = await ctx.startService(
    {
      PROMISE_SQLITE_PATH: sqlitePath,
      PROMISE_FIXED_NOW: nowIso,
      PROMISE_INSECURE_ADMIN: "true",
      PROMISE_LOG_LEVEL: "warn",
    },
    { cpus: null, readyTimeoutMs: 120_000 },
  );
  const { proto } = loadProto();
  const address = `127.0.0.1:${server.port}`;
  const credentials = grpc.credentials.createInsecure();
  const promise = new proto.promise.v1.PromiseService(address, credentials) as PromiseServiceClient;
  const admin = new proto.promise.v1.AdminService(address, credentials) as AdminServiceClient;
  const refresh = () =>
    new Promise<number>((resolve, reject) =>
      admin.RefreshLearnedTransit({}, (err, reply) =>
        err ? reject(err) : resolve(reply!.durationSeconds),
      ),
    );
  const load = estimateLatencyLoad(promise, inFlight);
  try {
    // The start-up rebuild and a warm-up (JIT, connections).
    await refresh();
    await load(new Promise((r) => setTimeout(r, 2_000)));
    const quiet: number[] = [];
    const during: number[] = [];
    const ratios: number[] = [];
    const rebuildSeconds: number[] = [];
    let lastSeconds = 2;
    for (let i = 0; i < pairs; i++) {
      const q = await load(new Promise((r) => setTimeout(r, lastSeconds * 1000)));
      let seconds = 0;
      const d = await load(
        refresh().then((s) => {
          seconds = s;
        }),
      );
      lastSeconds = Math.max(1, seconds);
      rebuildSeconds.push(seconds);
      q.sort((a, b) => a - b);
      d.sort((a, b) => a - b);
      ratios.push(percentile(d, 0.99) / percentile(q, 0.99));
      quiet.push(...q);
      during.push(...d);
    }
    quiet.sort((a, b) => a - b);
    during.sort((a, b) => a - b);
    return {
      quietP99Ms: percentile(quiet, 0.99),
      rebuildP99Ms: percentile(during, 0.99),
      quietP50Ms: percentile(quiet, 0.5),
      rebuildP50Ms: percentile(during, 0.5),
      ratios,
      rebuildSeconds,
      calls: quiet.length + during.length,
    };
  } finally {
    promise.close();
    admin.close();
    await server.stop();
  }
}
