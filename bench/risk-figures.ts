/**
 * Issue 13's figures, on SQLite:
 * - riskSweep: the risk pass after a network reload that touches 1,000,000 confirmed promises,
 *   against the real service over gRPC, with Estimate's p99 during the pass against quiet phases
 *   (see riskSweep below);
 * - eventsStream: WatchPromiseEvents delivering the outbox from sequence 0 to one gRPC stream
 *   (client and server in this process, so they share its core).
 */
import { spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as grpc from "@grpc/grpc-js";
import Database from "better-sqlite3";
import { parse } from "yaml";
import { Checkout } from "../src/checkout/checkout.js";
import { loadConfig } from "../src/config/config.js";
import type { AdminServiceClient } from "../src/grpc/generated/promise/v1/AdminService.js";
import type { PromiseServiceClient } from "../src/grpc/generated/promise/v1/PromiseService.js";
import { loadProto } from "../src/grpc/load-proto.js";
import { createLogger, startService } from "../src/main.js";
import { networkFileSchema } from "../src/network/network-schema.js";
import { openStore } from "../src/store/open-store.js";
import { LiveView } from "../src/view/live-view.js";
import { StoreSync } from "../src/view/store-sync.js";
import { type BenchContext, REPO_DIR } from "./bench-context.js";
import { estimateLatencyLoad } from "./estimate-latency-load.js";
import { type Figure, figure } from "./figures.js";
import { niceThreadsCpuSeconds } from "./server-process.js";

const NOW = Date.parse("2026-06-17T03:00:00Z");
/**
 * The CPU priority of the risk pass's threads: PROMISE_RISK_PASS_NICE of the bench's own
 * environment (the bench starts services with a clean one), handed to the service.
 */
const PASS_NICE = loadConfig(process.env, []).riskPassNice;
const LANE =
  "        to: [th-bkk-metro, th-upcountry, th-remote]\n        transit_days: { min: 1, max: 1 }";
const LONGER =
  "        to: [th-bkk-metro, th-upcountry, th-remote]\n        transit_days: { min: 1, max: 2 }";

/**
 * `count - 1` more confirmed promises copied from one real confirm in one INSERT ... SELECT (same
 * payload and window, new ids, one millisecond apart), with copies of its promise_leg rows (a
 * confirm writes those itself since migration 0013); the store's trigger writes each one's
 * CONFIRMED event as for any confirm. They hold no reservations (the stock, capacity and pickup
 * figures stay those of the one real confirm, so no cut is ranked).
 */
function copyPromises(path: string, sourceId: string, count: number): void {
  const db = new Database(path);
  db.pragma("cache_size = -400000");
  db.prepare(
    `insert into promise (id, idempotency_key, request_hash, status, payload, created_at_ms)
     with recursive n(i) as (select 1 union all select i + 1 from n where i < ?)
     select 'bench-' || substr('0000000' || i, -7), 'bench-' || i, s.request_hash, 'confirmed',
       s.payload, s.created_at_ms + i
     from n, promise s where s.id = ?`,
  ).run(count - 1, sourceId);
  db.prepare(
    `insert into promise_leg (promise_id, warehouse_id, service_id, ship_day, earliest_day,
       latest_day, country_code, postal_code, province, promise_earliest_day, promise_latest_day)
     with recursive n(i) as (select 1 union all select i + 1 from n where i < ?)
     select 'bench-' || substr('0000000' || i, -7), l.warehouse_id, l.service_id, l.ship_day,
       l.earliest_day, l.latest_day, l.country_code, l.postal_code, l.province,
       l.promise_earliest_day, l.promise_latest_day
     from n, promise_leg l where l.promise_id = ?`,
  ).run(count - 1, sourceId);
  db.close();
}

/** A SQLite file with `count` confirmed promises, Kerry Express from bkk-1 to 30000. */
export async function promisesFile(path: string, count: number, yaml: string): Promise<void> {
  const store = await openStore({ sqlitePath: path });
  const clock = () => NOW;
  const file = networkFileSchema.parse(parse(yaml));
  const live = new LiveView({ file, clock, seedStock: false });
  const sync = new StoreSync({ store, live, clock });
  try {
    await sync.start(file);
    await store.upsertStock([
      {
        sku: "SKU-TSHIRT-001",
        warehouseId: "bkk-1",
        onHand: 10_000_000,
        safetyStock: 0,
        inbound: [],
        version: NOW,
      },
    ]);
    await sync.refresh();
    const { promise } = await new Checkout({ live, store, clock }).confirm({
      idempotencyKey: "bench-source",
      lines: [{ sku: "SKU-TSHIRT-001", quantity: 1 }],
      destination: { countryCode: "TH", postalCode: "30000", province: "" },
      serviceId: "kerry-express",
    });
    sync.stop();
    await store.close();
    copyPromises(path, promise.id, count);
  } finally {
    sync.stop();
  }
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
}

/**
 * The risk pass after a network reload that touches every open promise, against the real service
 * over gRPC: `promises` confirmed promises on SQLite; the service started on them (its start-up
 * pass reads them all and writes nothing: each is ON_TRACK); then, in turn, a quiet phase of
 * Estimates and a ReloadNetwork that lengthens Kerry Express's lane from bkk-1 (transit max 1 -> 2
 * days: every promise AT_RISK, each risk and AT_RISK event written) with Estimates kept going
 * until the pass is over; then the lane back (every promise BACK_ON_TRACK). A grpc-js client in
 * this process keeps `inFlight` Estimates going and times each one.
 */
async function riskSweep(ctx: BenchContext, promises: number): Promise<Figure> {
  const yaml = readFileSync(join(REPO_DIR, "samples/network.yaml"), "utf8");
  if (!yaml.includes(LANE)) throw new Error("samples/network.yaml: Kerry's lane moved");
  const path = join(ctx.scratch, "risk.db");
  const networkPath = join(ctx.scratch, "risk-network.yaml");
  writeFileSync(networkPath, yaml);
  const setupStart = performance.now();
  await promisesFile(path, promises, yaml);
  const setupSeconds = (performance.now() - setupStart) / 1000;
  ctx.log(`  risk sweep: ${promises} promises written in ${setupSeconds.toFixed(1)} s`);

  const server = await ctx.startService(
    {
      PROMISE_SQLITE_PATH: path,
      PROMISE_NETWORK_FILE: networkPath,
      PROMISE_FIXED_NOW: new Date(NOW).toISOString(),
      PROMISE_INSECURE_ADMIN: "true",
      PROMISE_LOG_LEVEL: "warn",
      PROMISE_RISK_INTERVAL_MS: "0",
      PROMISE_RISK_PASS_NICE: String(PASS_NICE),
    },
    // Not pinned: the pass's worker thread takes the other core, as in production.
    { cpus: null, readyTimeoutMs: 300_000 },
  );
  const { proto } = loadProto();
  const address = `127.0.0.1:${server.port}`;
  const credentials = grpc.credentials.createInsecure();
  const client = new proto.promise.v1.PromiseService(address, credentials) as PromiseServiceClient;
  const admin = new proto.promise.v1.AdminService(address, credentials) as AdminServiceClient;
  const inFlight = 4;
  const load = estimateLatencyLoad(client, inFlight);
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  /** Resolves once the monitor has finished a check after `checks` and is idle. */
  const passOver = async (checks: number, timeoutMs: number) => {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const { risk } = await server.probe(10_000);
      if (risk !== undefined && risk.checks > checks && !risk.busy) return risk;
      if (performance.now() > deadline) throw new Error("the risk pass did not end in time");
      await sleep(50);
    }
  };
  const reload = (text: string) => {
    writeFileSync(networkPath, text);
    return new Promise<void>((resolve, reject) =>
      admin.ReloadNetwork({}, (err, reply) =>
        err ? reject(err) : reply?.reloaded ? resolve() : reject(new Error("not reloaded")),
      ),
    );
  };
  try {
    // The start-up pass over every promise (nothing to write), then a warm-up.
    const startUp = await passOver(0, 600_000);
    ctx.log(
      `  risk sweep: the service's start-up pass read ${startUp.last?.promises} promises in ${((startUp.last?.ms ?? 0) / 1000).toFixed(1)} s`,
    );
    await load(sleep(2_000));
    const quiet: number[] = [];
    const during: number[] = [];
    const ratios: number[] = [];
    const seconds: number[] = [];
    const passSeconds: number[] = [];
    const cpuSeconds: number[] = [];
    /** The service's CPU-seconds minus the Estimates served meanwhile (at the quiet CPU per call). */
    const passCpuSeconds: number[] = [];
    /**
     * The CPU-seconds of the pass's own threads (the pass worker and the risk writer, the
     * service's only threads at nice 10): robust to other load on the machine, unlike the
     * estimate above (a loaded machine changes the CPU per Estimate between the phases).
     */
    const passThreadCpuSeconds: number[] = [];
    const nicedCpu = () => {
      const all = new Map<string, number>();
      for (const pid of server.pids) {
        for (const [tid, s] of niceThreadsCpuSeconds(pid, PASS_NICE)) all.set(tid, s);
      }
      return all;
    };
    let changed = 0;
    const texts = [yaml.replace(LANE, LONGER), yaml];
    let lastSeconds = 5;
    for (const text of texts) {
      const quietCpuStart = server.cpuSeconds();
      const q = await load(sleep(Math.min(20, lastSeconds) * 1000));
      const cpuPerCall = (server.cpuSeconds() - quietCpuStart) / Math.max(1, q.length);
      const { risk } = await server.probe(10_000);
      const before = risk?.checks ?? 0;
      const cpuStart = server.cpuSeconds();
      const threadsStart = nicedCpu();
      const start = performance.now();
      let result: Awaited<ReturnType<typeof passOver>> | undefined;
      const pass = reload(text).then(async () => {
        // The reload's pass is the first check that sees the new network (within 100 ms).
        for (;;) {
          result = await passOver(before, 600_000);
          if ((result.last?.promises ?? 0) >= promises) return;
        }
      });
      const d = await load(pass);
      const wall = (performance.now() - start) / 1000;
      cpuSeconds.push(server.cpuSeconds() - cpuStart);
      // (A thread that ended during the pass is not counted: the pass's threads outlive it.)
      let threads = 0;
      for (const [tid, s] of nicedCpu()) threads += s - (threadsStart.get(tid) ?? 0);
      passThreadCpuSeconds.push(threads);
      // The Estimate load is a closed loop: a longer pass serves more Estimates, so the service's
      // CPU during it grows with its wall time. What the pass itself cost is this difference.
      passCpuSeconds.push(cpuSeconds.at(-1)! - d.length * cpuPerCall);
      seconds.push(wall);
      passSeconds.push((result?.last?.ms ?? 0) / 1000);
      changed += result?.last?.changed ?? 0;
      lastSeconds = wall;
      q.sort((a, b) => a - b);
      d.sort((a, b) => a - b);
      ratios.push(percentile(d, 0.99) / percentile(q, 0.99));
      // (Not push(...): a long pass times more calls than a call's arguments can hold.)
      for (const x of q) quiet.push(x);
      for (const x of d) during.push(x);
      ctx.log(
        `  risk sweep: ${result?.last?.promises} promises, ${result?.last?.changed} changed: ${wall.toFixed(2)} s from the reload (the pass itself ${passSeconds.at(-1)!.toFixed(2)} s), service ${cpuSeconds.at(-1)!.toFixed(2)} CPU-s (${d.length} Estimates meanwhile; the pass alone about ${passCpuSeconds.at(-1)!.toFixed(2)} CPU-s at the quiet phase's ${(cpuPerCall * 1e6).toFixed(0)} us per Estimate; its threads ${passThreadCpuSeconds.at(-1)!.toFixed(2)} CPU-s); Estimate p99 ${percentile(d, 0.99).toFixed(1)} ms vs ${percentile(q, 0.99).toFixed(1)} ms quiet (${ratios.at(-1)!.toFixed(2)}x)`,
      );
    }
    quiet.sort((a, b) => a - b);
    during.sort((a, b) => a - b);
    const worst = Math.max(...seconds);
    const ratio = percentile(during, 0.99) / percentile(quiet, 0.99);
    return figure(
      "riskSweep",
      worst,
      `${promises} confirmed promises on SQLite, the real service over gRPC: a ReloadNetwork moving every one (AT_RISK, then BACK_ON_TRACK: ${changed} risks and events written in ${texts.length} passes), ` +
        `seconds from the reload call until the pass is over ${seconds.map((x) => x.toFixed(2)).join(", ")} (the pass itself ${passSeconds.map((x) => x.toFixed(2)).join(", ")}), service CPU-seconds ${cpuSeconds.map((x) => x.toFixed(2)).join(", ")} (the pass alone, less the Estimates served meanwhile: ${passCpuSeconds.map((x) => x.toFixed(2)).join(", ")}; the pass's threads: ${passThreadCpuSeconds.map((x) => x.toFixed(2)).join(", ")}); ` +
        `Estimate p99 (${inFlight} in flight) during the passes ${percentile(during, 0.99).toFixed(1)} ms vs ${percentile(quiet, 0.99).toFixed(1)} ms quiet: ${ratio.toFixed(2)}x (per pass ${ratios.map((x) => x.toFixed(2)).join(", ")}; goal <= 2x); setup ${setupSeconds.toFixed(0)} s`,
      {
        promises,
        changed,
        seconds,
        passSeconds,
        cpuSeconds,
        passCpuSeconds,
        passThreadCpuSeconds,
        p99Ratio: ratio,
        pairRatios: ratios,
        quietP99Ms: percentile(quiet, 0.99),
        duringP99Ms: percentile(during, 0.99),
        calls: quiet.length + during.length,
      },
    );
  } finally {
    client.close();
    admin.close();
    await server.stop();
  }
}

async function eventsStream(ctx: BenchContext, count: number): Promise<Figure> {
  const path = join(ctx.scratch, "events.db");
  (await openStore({ sqlitePath: path })).close();
  const db = new Database(path);
  const insert = db.prepare(
    `insert into promise (id, idempotency_key, request_hash, status, payload, created_at_ms)
     values (?, ?, 'h', 'confirmed', '{}', ?)`,
  );
  db.transaction(() => {
    for (let i = 0; i < count; i++) insert.run(`ev-${i}`, `ev-${i}`, i);
  })();
  db.close();
  const config = loadConfig({
    PROMISE_ADDRESS: "127.0.0.1:0",
    PROMISE_SQLITE_PATH: path,
    PROMISE_LOG_LEVEL: "silent",
    PROMISE_INSECURE_ADMIN: "true",
    PROMISE_RISK_INTERVAL_MS: "0",
  });
  const service = await startService(config, createLogger(config));
  try {
    // The service's first risk pass is over before the stream starts.
    await new Promise((r) => setTimeout(r, 500));
    let cpuStart = process.cpuUsage();
    const { events, ms } = await consume(service.port, count, () => {
      cpuStart = process.cpuUsage();
    });
    const cpu = process.cpuUsage(cpuStart);
    const perSecond = events / (ms / 1000);
    const perCpuSecond = events / ((cpu.user + cpu.system) / 1e6);
    ctx.log(
      `  WatchPromiseEvents: ${events} events at ${perSecond.toFixed(0)}/s (${perCpuSecond.toFixed(0)} per CPU-second of the service)`,
    );
    return figure(
      "eventsStream",
      perSecond,
      `${events} events from sequence 0 to one stream over loopback gRPC, the consumer in a process of its own (counting messages, not decoding them); ` +
        `${perCpuSecond.toFixed(0)} events per CPU-second of the service process (what one core gives; a loaded machine stretches the wall time, not this)`,
      { perCpuSecond },
    );
  } finally {
    await service.stop(200);
  }
}

/** Runs bench/events-stream-client.ts against the service until it has `count` events. */
function consume(
  port: number,
  count: number,
  onStart: () => void,
): Promise<{ events: number; ms: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        join(REPO_DIR, "bench/events-stream-client.ts"),
        String(port),
        String(count),
      ],
      { stdio: ["pipe", "pipe", "inherit"] },
    );
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      // Connected: the measured part starts now.
      if (out === "ready\n") {
        out = "";
        onStart();
        child.stdin.end("go\n");
      }
    });
    child.on("error", reject);
    child.on("exit", (code) => {
      if (code !== 0) reject(new Error(`the stream client exited with ${code}`));
      else resolve(JSON.parse(out) as { events: number; ms: number });
    });
  });
}

export async function riskFigures(ctx: BenchContext): Promise<Figure[]> {
  const smoke = ctx.options.smoke;
  // BENCH_RISK_PROMISES / BENCH_RISK_EVENTS change the counts (the sweep's goal is about 1,000,000).
  const promises = Number(process.env.BENCH_RISK_PROMISES ?? (smoke ? 2_000 : 1_000_000));
  const events = Number(process.env.BENCH_RISK_EVENTS ?? (smoke ? 5_000 : 100_000));
  const only = process.env.BENCH_RISK_ONLY;
  const figures: Figure[] = [];
  if (only !== "stream") figures.push(await riskSweep(ctx, promises));
  if (only !== "sweep") figures.push(await eventsStream(ctx, events));
  return figures;
}
