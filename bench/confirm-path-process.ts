/**
 * The confirm path without gRPC: the service's own wiring of the store (`openStore`, LiveView,
 * StoreSync, the promise events with their risk monitor; `bare`: the store and the view only) and
 * `Checkout.confirm` (so the real `decide`, re-quoting inside the store transaction), driven by
 * `inFlight` loops in this one process for a fixed time. What is missing against a served ConfirmPromise: request decoding,
 * interceptors, the handler, the reply encoding and grpc-js (measured by the confirm echo).
 *
 *   PROMISE_SQLITE_PATH=... node --import tsx bench/confirm-path-process.ts '<ConfirmPathSpec>'
 *   (or DATABASE_URL and PROMISE_DATABASE_SCHEMA: PostgreSQL)
 *
 * Prints one JSON line (ConfirmPathResult). CPU is this process's (every thread: user + system,
 * from process.cpuUsage); with SQLite, the time inside COMMIT comes from sqlite-commit-timer.ts;
 * with PostgreSQL, the CPU of every `postgres` process over the same window (from /proc).
 */
import { pino } from "pino";
import { clockFor } from "../src/config/clock.js";
import { loadConfig } from "../src/config/config.js";
import { serviceCheckout } from "../src/lifecycle/service-checkout.js";
import { startPromiseEvents } from "../src/lifecycle/start-promise-events.js";
import { startServiceView } from "../src/lifecycle/start-service-view.js";
import { loadNetworkFile } from "../src/network/load-network-file.js";
import { openStore } from "../src/store/open-store.js";
import { catalogSku } from "./catalog.js";
import type { ConfirmClientSpec } from "./confirm-client.js";
import type { ConfirmPathResult } from "./confirm-path-result.js";
import { runQueueWaitSeconds } from "./run-queue-wait.js";
import { commandCpuSeconds } from "./server-process.js";
import { type SqliteCommitTimes, timeSqliteCommits } from "./sqlite-commit-timer.js";

/** What the confirm client sends, without the servers (the same carts, keys and pacing). */
export interface ConfirmPathSpec extends Omit<ConfirmClientSpec, "ports" | "cpuPids"> {
  /**
   * Checkout.confirm and the store only: the view loaded once, then no StoreSync following the
   * commits, no promise events (outbox reader, risk monitor).
   */
  readonly bare?: boolean | undefined;
}

export async function runConfirmPath(spec: ConfirmPathSpec): Promise<ConfirmPathResult> {
  const commits = timeSqliteCommits();
  const config = loadConfig(process.env, []);
  const logger = pino({ level: "silent" });
  const clock = clockFor(config);
  const file = loadNetworkFile(config.networkFile);
  const store = await openStore({
    sqlitePath: config.sqlitePath,
    databaseUrl: config.databaseUrl,
    ...(config.databaseSchema === undefined ? {} : { pgSchema: config.databaseSchema }),
    timeoutMs: config.storeTimeoutMs,
    logger,
  });
  const { live, sync } = await startServiceView(config, { file, store, clock, logger });
  // Bare: the view keeps what it loaded (the catalog Checkout parses carts against) and this
  // process's own confirms (Checkout applies them), without following the store's commits.
  if (spec.bare) sync.stop();
  const events = spec.bare
    ? undefined
    : await startPromiseEvents(config, { store, live, clock, logger });
  if (process.env["BENCH_RISK_SWEEPS"] === "off") await events?.monitor.stop();
  // As the service wires it, but for the metrics counter of outcomes.
  const checkout = serviceCheckout(config, { events, live, store, clock, logger });
  const hot = spec.hotSku !== undefined && spec.hotEvery !== undefined;
  let n = 0;
  let confirmed = 0;
  let confirmedTotal = 0;
  const refused: Record<string, number> = {};
  // The measured window: timers at the end of the warm-up and after `seconds` more; what the
  // process used and answered in between.
  let measuring = false;
  // PostgreSQL's processes (every backend, the whole server) over the same window.
  const postgres = config.databaseUrl !== undefined && config.databaseUrl !== "";
  const postgresCpu = () => (postgres ? commandCpuSeconds("postgres") : 0);
  let window:
    | {
        t0: number;
        cpu0: NodeJS.CpuUsage;
        commits0: SqliteCommitTimes;
        pg0: number;
        waited0: number;
      }
    | undefined;
  let measured:
    | {
        seconds: number;
        cpu: NodeJS.CpuUsage;
        commits: SqliteCommitTimes;
        pgSeconds: number;
        waitedSeconds: number;
      }
    | undefined;
  const stopAt = new Promise<void>((resolve) => {
    setTimeout(() => {
      measuring = true;
      window = {
        t0: performance.now(),
        cpu0: process.cpuUsage(),
        commits0: { ...commits },
        pg0: postgresCpu(),
        waited0: runQueueWaitSeconds("self"),
      };
      setTimeout(() => {
        const w = window!;
        measuring = false;
        measured = {
          seconds: (performance.now() - w.t0) / 1000,
          cpu: process.cpuUsage(w.cpu0),
          pgSeconds: postgresCpu() - w.pg0,
          waitedSeconds: runQueueWaitSeconds("self") - w.waited0,
          commits: {
            commits: commits.commits - w.commits0.commits,
            commitWallUs: commits.commitWallUs - w.commits0.commitWallUs,
            commitCpuUs: commits.commitCpuUs - w.commits0.commitCpuUs,
            transactionWallUs: commits.transactionWallUs - w.commits0.transactionWallUs,
          },
        };
        resolve();
      }, spec.seconds * 1000);
    }, spec.warmUpSeconds * 1000);
  });
  let done = false;
  const one = async () => {
    const i = n++;
    const sku =
      hot && i % spec.hotEvery! === spec.hotEvery! - 1 ? spec.hotSku! : catalogSku(i % spec.skus);
    let status = "OK";
    try {
      await checkout.confirm({
        idempotencyKey: `${spec.keyPrefix}-${i}`,
        lines: [{ sku, quantity: 1 }],
        // As the handler passes it (proto3 default for a field the client leaves out).
        destination: { ...spec.destination, province: "" },
        serviceId: spec.serviceId,
        shownDeliveryLatest: spec.shownDeliveryLatest,
      });
    } catch (err) {
      status = err instanceof Error ? `${err.name}: ${err.message.slice(0, 80)}` : String(err);
      // A refusal before the store answers at once: let the timers run.
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (status === "OK") {
      confirmedTotal++;
      if (measuring) confirmed++;
    } else if (measuring) refused[status] = (refused[status] ?? 0) + 1;
  };
  const loops = Array.from({ length: spec.inFlight }, async () => {
    while (!done) await one();
  });
  await stopAt;
  done = true;
  await Promise.all(loops);
  sync.stop();
  live.stop();
  await events?.stop();
  await store.close();
  const { seconds, cpu, commits: c, pgSeconds, waitedSeconds } = measured!;
  const cpuUs = cpu.user + cpu.system;
  return {
    confirmed,
    confirmedTotal,
    refused,
    seconds,
    perSecond: confirmed / seconds,
    cpuUsPerConfirm: confirmed > 0 ? cpuUs / confirmed : Number.NaN,
    cpuCores: cpuUs / 1e6 / seconds,
    postgresCpuCores: pgSeconds / seconds,
    waited: waitedSeconds / seconds,
    ...c,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const spec = JSON.parse(process.argv[2] ?? "{}") as ConfirmPathSpec;
  const result = await runConfirmPath(spec);
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(0);
}
