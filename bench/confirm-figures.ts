/**
 * ConfirmPromise throughput: on embedded SQLite (one service process pinned to the server core,
 * 16 calls in flight), and with two service processes sharing one PostgreSQL (32 in flight, 16
 * per process, with a hot SKU that runs out during the run), checked for oversell afterwards with
 * `store.checkReservations()`.
 */
import { join } from "node:path";
import pg from "pg";
import type { ConfirmPromiseRequest } from "../src/grpc/generated/promise/v1/ConfirmPromiseRequest.js";
import { loadProto } from "../src/grpc/load-proto.js";
import { openStore } from "../src/store/open-store.js";
import type { ReservationReport, Store } from "../src/store/store.js";
import type { BenchContext } from "./bench-context.js";
import { catalogSku, SAMPLE_WAREHOUSES, writeCatalog } from "./catalog.js";
import { promiseClient, quoteCart, runConfirmLoad } from "./confirm-load.js";
import type { ConfirmLoadResult } from "./confirm-load-result.js";
import { SAMPLE_ESTIMATE } from "./estimate-figures.js";
import { type Figure, figure, skipped } from "./figures.js";
import { callRaw } from "./grpc-frames.js";
import { runQueueWaitSeconds } from "./run-queue-wait.js";
import { commandCpuSeconds, type ServerProcess } from "./server-process.js";

/** SKUs confirms pick from (each with far more stock than a run can take). */
export const CONFIRM_SKUS = 1_000;
/** A daily capacity no run reaches: every confirm still takes one order of it. */
const DAILY_CAPACITY = 1_000_000;
export const HOT_SKU = "BENCH-HOT-SKU";
/** Units of the hot SKU per warehouse: the PostgreSQL run sells it out. */
const HOT_STOCK = 300;

/**
 * `BENCH_RISK_SWEEPS=off` (for measuring the confirm path alone): the services stop their risk
 * monitor once started. The bench's own figures keep the sweeps (the default).
 */
function riskSweeps(): Record<string, string> {
  return process.env["BENCH_RISK_SWEEPS"] === "off" ? { BENCH_RISK_SWEEPS: "off" } : {};
}

export async function prepareStore(store: Store, hot: boolean): Promise<void> {
  await writeCatalog((rows) => store.upsertStock(rows), { skus: CONFIRM_SKUS });
  if (hot) {
    await store.upsertStock(
      SAMPLE_WAREHOUSES.map((warehouseId) => ({
        sku: HOT_SKU,
        warehouseId,
        onHand: HOT_STOCK,
        safetyStock: 0,
        inbound: [],
        version: 1,
      })),
    );
  }
  for (const w of SAMPLE_WAREHOUSES) await store.setCapacity(w, { daily: DAILY_CAPACITY });
}

/** The option checkout would confirm: the fastest one quoted for one unit of `sku`. */
export async function chosenOption(port: number, sku: string) {
  const client = promiseClient(port);
  try {
    const quote = await quoteCart(client, {
      lines: [{ sku, quantity: 1 }],
      destination: SAMPLE_ESTIMATE.destination,
    });
    const option = quote.options[0];
    if (option === undefined) throw new Error(`QuoteCart for ${sku} gave no option`);
    return { serviceId: option.serviceId, deliveryLatest: option.deliveryLatest };
  } finally {
    client.close();
  }
}

/** The bytes of the service's reply to one real ConfirmPromise (a new key, 1 unit of SKU 0). */
async function confirmReplyBytes(
  port: number,
  idempotencyKey: string,
  option: { serviceId: string; deliveryLatest: string },
): Promise<Buffer> {
  const serialize = loadProto().proto.promise.v1.PromiseService.service.ConfirmPromise
    .requestSerialize as (r: ConfirmPromiseRequest) => Buffer;
  return callRaw(
    port,
    "ConfirmPromise",
    serialize({
      idempotencyKey,
      lines: [{ sku: catalogSku(0), quantity: 1 }],
      destination: SAMPLE_ESTIMATE.destination,
      serviceId: option.serviceId,
      shownDeliveryLatest: option.deliveryLatest,
    }),
  );
}

function refusals(result: ConfirmLoadResult): string {
  const entries = Object.entries(result.refused);
  if (entries.length === 0) return "no refusals";
  return entries.map(([k, n]) => `${n} x ${k}`).join(", ");
}

export function reportProblems(report: ReservationReport): string[] {
  const problems: string[] = [];
  if (report.overReserved > 0) problems.push(`${report.overReserved} over-reserved stock rows`);
  if (report.stockMismatches.length > 0) {
    problems.push(`${report.stockMismatches.length} stock rows whose reserved != reservations`);
  }
  if (report.loadMismatches.length > 0) {
    problems.push(`${report.loadMismatches.length} load rows whose promised != reservations`);
  }
  if (report.orphanReservations > 0) problems.push(`${report.orphanReservations} orphans`);
  return problems;
}

/**
 * Waits until the services are idle: what a service starts in the background once it answers
 * (the learned-transit rebuild on its worker thread: ~1.6 CPU-seconds over ~3 s after it is ready,
 * for an empty store) would otherwise run inside the measured window, on the same cores. Idle:
 * under 5% of a core each over half a second; at most 20 s (then measured anyway, and said).
 */
export async function settle(ctx: BenchContext, servers: readonly ServerProcess[]): Promise<void> {
  const cpu = () => servers.reduce((s, p) => s + p.cpuSeconds(), 0);
  const started = performance.now();
  let before = cpu();
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const now = cpu();
    if (now - before < 0.05 * 0.5 * servers.length) return;
    before = now;
    if (performance.now() - started > 20_000) {
      ctx.log("  the services were still busy after 20 s; measuring anyway");
      return;
    }
  }
}

/**
 * Runs the load; `cpu`: cores the servers used meanwhile; `clientCpu`: the client's; `waited`:
 * the share of the time the servers' main threads waited for a CPU (summed over the servers).
 * Over the client's measured window when it read them (ConfirmClientSpec.cpuPids), else over
 * the whole client run (start-up and warm-up included: ~10% low per confirm).
 */
export async function loadWithCpu(
  servers: readonly ServerProcess[],
  run: () => Promise<ConfirmLoadResult>,
): Promise<{
  result: ConfirmLoadResult;
  cpu: number;
  clientCpu: number;
  postgresCpu: number;
  waited: number;
}> {
  const waitedNow = () =>
    servers.reduce((s, p) => s + p.pids.reduce((w, pid) => w + runQueueWaitSeconds(pid), 0), 0);
  const cpu0 = servers.reduce((s, p) => s + p.cpuSeconds(), 0);
  const pg0 = commandCpuSeconds("postgres");
  const waited0 = waitedNow();
  const t0 = performance.now();
  const result = await run();
  const seconds = (performance.now() - t0) / 1000;
  const cpu = (servers.reduce((s, p) => s + p.cpuSeconds(), 0) - cpu0) / seconds;
  const postgresCpu = (commandCpuSeconds("postgres") - pg0) / seconds;
  const waited = (waitedNow() - waited0) / seconds;
  return {
    result,
    cpu: result.serverCpu ?? cpu,
    clientCpu: result.clientCpu ?? Number.NaN,
    postgresCpu: result.postgresCpu ?? postgresCpu,
    waited: result.serverWaited ?? waited,
  };
}

export async function confirmSqliteFigure(ctx: BenchContext): Promise<Figure> {
  const path = join(ctx.scratch, "confirm.db");
  const setup = await openStore({ sqlitePath: path });
  try {
    await prepareStore(setup, false);
  } finally {
    await setup.close();
  }
  const service = await ctx.startService({ PROMISE_SQLITE_PATH: path, ...riskSweeps() });
  const option = await chosenOption(service.port, catalogSku(0));
  await settle(ctx, [service]);
  const run = `${process.pid}-${Date.now()}`;
  // One confirm before the load: its reply's bytes are what the confirm echo answers.
  const reply = await confirmReplyBytes(service.port, `bench-${run}-reply`, option);
  ctx.log(
    `ConfirmPromise on SQLite, 16 in flight, ${ctx.options.confirmSeconds} s (${option.serviceId})`,
  );
  const { result, cpu, clientCpu, waited } = await loadWithCpu([service], () =>
    runConfirmLoad(
      {
        ports: [service.port],
        inFlight: 16,
        warmUpSeconds: ctx.options.smoke ? 0.5 : 1,
        seconds: ctx.options.confirmSeconds,
        keyPrefix: `bench-${run}`,
        skus: CONFIRM_SKUS,
        destination: SAMPLE_ESTIMATE.destination,
        serviceId: option.serviceId,
        shownDeliveryLatest: option.deliveryLatest,
        cpuPids: service.pids,
      },
      ctx.loadCpus,
    ),
  );
  await service.stop();
  const check = await openStore({ sqlitePath: path });
  let report: ReservationReport;
  try {
    report = await check.checkReservations();
  } finally {
    await check.close();
  }
  const problems = reportProblems(report);
  if (report.confirmed !== result.confirmedTotal + 1) {
    problems.push(
      `${report.confirmed} promises stored, ${result.confirmedTotal} + 1 (the reply's) confirmed to the client`,
    );
  }
  ctx.log(
    `  ${result.confirmed} confirms in ${result.seconds} s, p50 ${result.p50Ms.toFixed(1)} ms p99 ${result.p99Ms.toFixed(1)} ms, server CPU ${cpu.toFixed(2)}, client CPU ${clientCpu.toFixed(2)}, ${refusals(result)}; ${problems.length === 0 ? "reservations consistent" : problems.join("; ")}`,
  );
  return figure(
    "confirmSqlite",
    result.perSecond,
    `${result.confirmed} confirms in ${result.seconds} s (1-line carts over ${CONFIRM_SKUS} SKUs, distinct idempotency keys, raw HTTP/2 client on core 1); p50 ${result.p50Ms.toFixed(1)} ms, p99 ${result.p99Ms.toFixed(1)} ms; server CPU ${cpu.toFixed(2)} of its core (${Math.round((cpu / result.perSecond) * 1e6)} us per confirm), its main thread waited for the CPU ${(waited * 100).toFixed(0)}% of the time, client ${clientCpu.toFixed(2)}; ${refusals(result)}; ${problems.length === 0 ? "checkReservations consistent" : `PROBLEMS: ${problems.join("; ")}`}`,
    {
      result,
      report,
      serverCpu: cpu,
      clientCpu,
      waited,
      option,
      reply: reply.toString("base64"),
    },
    problems.length === 0,
  );
}

export async function confirmPostgresFigure(ctx: BenchContext): Promise<Figure> {
  const databaseUrl = ctx.options.databaseUrl;
  const schema = `bench_${process.pid}_${Date.now()}`;
  let setup: Store;
  try {
    setup = await openStore({ databaseUrl, pgSchema: schema, connectTimeoutMs: 5_000 });
  } catch (err) {
    const redacted = databaseUrl.replace(/\/\/([^:/@]+):[^@]*@/, "//$1:***@");
    return skipped(
      "confirmPostgres",
      `PostgreSQL not reachable at ${redacted} (${err instanceof Error ? err.message : String(err)})`,
    );
  }
  const servers: ServerProcess[] = [];
  try {
    await prepareStore(setup, true);
    const env = { DATABASE_URL: databaseUrl, PROMISE_DATABASE_SCHEMA: schema, ...riskSweeps() };
    // Not pinned: PostgreSQL needs the same two cores.
    servers.push(await ctx.startService(env, { cpus: null }));
    servers.push(await ctx.startService(env, { cpus: null }));
    const [a, b] = servers as [ServerProcess, ServerProcess];
    const option = await chosenOption(a.port, catalogSku(0));
    const hotOption = await chosenOption(a.port, HOT_SKU);
    if (hotOption.serviceId !== option.serviceId) {
      throw new Error(`the hot SKU quotes ${hotOption.serviceId}, not ${option.serviceId}`);
    }
    await settle(ctx, servers);
    const run = `${process.pid}-${Date.now()}`;
    ctx.log(
      `ConfirmPromise, 2 processes on PostgreSQL, 32 in flight, ${ctx.options.confirmSeconds} s; 1 call in 10 for ${HOT_SKU} (${HOT_STOCK} units per warehouse)`,
    );
    const { result, cpu, clientCpu, postgresCpu } = await loadWithCpu(servers, () =>
      runConfirmLoad(
        {
          ports: [a.port, b.port],
          inFlight: 32,
          warmUpSeconds: ctx.options.smoke ? 0.5 : 1,
          seconds: ctx.options.confirmSeconds,
          keyPrefix: `bench-${run}`,
          skus: CONFIRM_SKUS,
          hotSku: HOT_SKU,
          hotEvery: 10,
          destination: SAMPLE_ESTIMATE.destination,
          serviceId: option.serviceId,
          shownDeliveryLatest: option.deliveryLatest,
          cpuPids: servers.flatMap((s) => s.pids),
        },
        undefined,
      ),
    );
    await Promise.all(servers.map((s) => s.stop()));
    const report = await setup.checkReservations();
    const problems = reportProblems(report);
    if (report.confirmed !== result.confirmedTotal) {
      problems.push(
        `${report.confirmed} promises stored, ${result.confirmedTotal} confirmed to the client`,
      );
    }
    const hotRows = await hotStock(setup);
    const oversold = hotRows.filter((r) => r.reserved > r.onHand);
    if (oversold.length > 0) problems.push(`${HOT_SKU} oversold: ${JSON.stringify(oversold)}`);
    const hot = `${HOT_SKU} reserved/on hand: ${hotRows.map((r) => `${r.warehouseId} ${r.reserved}/${r.onHand}`).join(", ")}`;
    ctx.log(
      `  ${result.confirmed} confirms in ${result.seconds} s, p50 ${result.p50Ms.toFixed(1)} ms p99 ${result.p99Ms.toFixed(1)} ms, services' CPU ${cpu.toFixed(2)} cores, PostgreSQL ${postgresCpu.toFixed(2)}, client ${clientCpu.toFixed(2)}; ${refusals(result)}; ${hot}; ${problems.length === 0 ? "no oversell, reservations consistent" : problems.join("; ")}`,
    );
    return figure(
      "confirmPostgres",
      result.perSecond,
      `${result.confirmed} confirms in ${result.seconds} s over 2 processes (unpinned, sharing the 2 cores with PostgreSQL); p50 ${result.p50Ms.toFixed(1)} ms, p99 ${result.p99Ms.toFixed(1)} ms; CPU: services ${cpu.toFixed(2)} (${Math.round((cpu / result.perSecond) * 1e6)} us per confirm), PostgreSQL ${postgresCpu.toFixed(2)}, client ${clientCpu.toFixed(2)} cores; ${refusals(result)}; ${hot}; ${problems.length === 0 ? "no oversell (checkReservations consistent)" : `PROBLEMS: ${problems.join("; ")}`}`,
      { result, report, hotRows, servicesCpu: cpu, postgresCpu, clientCpu, option },
      problems.length === 0,
    );
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
    await setup.close();
    await dropSchema(databaseUrl, schema);
  }
}

async function hotStock(
  store: Store,
): Promise<{ warehouseId: string; onHand: number; reserved: number }[]> {
  const rows: { warehouseId: string; onHand: number; reserved: number }[] = [];
  const changes = await store.loadStock(0);
  for await (const batch of changes.batches) {
    for (const r of batch) {
      if (r.sku === HOT_SKU)
        rows.push({ warehouseId: r.warehouseId, onHand: r.onHand, reserved: r.reserved });
    }
  }
  return rows;
}

export async function dropSchema(databaseUrl: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5_000 });
  client.on("error", () => {});
  try {
    await client.connect();
    await client.query(`drop schema if exists "${schema}" cascade`);
  } catch {
    // Best effort: a leftover bench_* schema is harmless.
  } finally {
    await client.end().catch(() => {});
  }
}
