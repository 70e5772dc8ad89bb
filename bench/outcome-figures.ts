/**
 * Issue 12's figures, measured in-process against the real store (no gRPC in between):
 * - RecordShipmentEvents through its use case (ShipmentTracking): events/s on SQLite and on
 *   PostgreSQL, batches of 1,000 events (SHIPPED then DELIVERED for each promise, so every
 *   promise is fulfilled through FulfilPromise's path and then delivered);
 * - the learned-transit rebuild over 1,000,000 imported deliveries, and the event-loop delay an
 *   estimate would see while it runs (p99 of the delay of a timer ticking every millisecond,
 *   against the same with no rebuild);
 * - GetAccuracy's aggregation over 1,000,000 shipments (by service and ship week).
 */
import { join } from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import pg from "pg";
import { fixedClock } from "../src/config/clock.js";
import { advanceDelivery } from "../src/engine/advance-delivery.js";
import { addDays, dayNumber, formatIsoDay, isoDay } from "../src/engine/day.js";
import { LearnedTransitRefresher } from "../src/learning/learned-transit-refresher.js";
import { loadNetworkFile } from "../src/network/load-network-file.js";
import { accuracyReport } from "../src/outcomes/accuracy.js";
import { ShipmentTracking } from "../src/outcomes/shipment-tracking.js";
import { openStore } from "../src/store/open-store.js";
import type { ImportedDelivery, Store } from "../src/store/store.js";
import { LiveView } from "../src/view/live-view.js";
import { type BenchContext, REPO_DIR } from "./bench-context.js";
import { type Figure, figure, skipped } from "./figures.js";
import { measureRebuildLatency } from "./rebuild-latency.js";

const NOW = Date.parse("2026-06-17T03:00:00Z");
const file = () => loadNetworkFile(join(REPO_DIR, "samples/network.yaml"));

async function recordEvents(
  store: Store,
  promises: number,
): Promise<{ perSecond: number; events: number }> {
  const clock = fixedClock(NOW);
  const live = new LiveView({ file: file(), clock });
  const ids: string[] = [];
  for (let i = 0; i < promises; i += 256) {
    const group = [];
    for (let j = i; j < Math.min(promises, i + 256); j++) {
      group.push(
        store.confirm(
          {
            idempotencyKey: `bench-${j}`,
            requestHash: "h",
            skus: [],
            fromDay: dayNumber(0),
            toDay: dayNumber(0),
          },
          () => ({
            ok: true,
            promise: {
              id: `prm-bench-${j}`,
              createdAtMs: NOW - 86_400_000,
              payload: {
                destination: { countryCode: "TH", postalCode: "30000", province: "" },
                shipments: [
                  {
                    warehouseId: "bkk-1",
                    serviceId: "thaipost-ems",
                    shipDate: "2026-06-16",
                    deliveryEarliest: "2026-06-17",
                    deliveryLatest: "2026-06-19",
                    lines: [],
                    priceCents: 0,
                    backorder: false,
                  },
                ],
              },
            },
            stock: [],
            capacity: [],
          }),
        ),
      );
    }
    for (const o of await Promise.all(group)) if (o.kind === "confirmed") ids.push(o.promise.id);
  }
  const tracking = new ShipmentTracking({ store, live, clock });
  const events = ids.flatMap((id, i) => [
    {
      eventId: `s-${i}`,
      promiseId: id,
      warehouseId: "bkk-1",
      kind: "SHIPPED",
      occurredAtMs: NOW - 3_600_000,
    },
    {
      eventId: `d-${i}`,
      promiseId: id,
      warehouseId: "bkk-1",
      kind: "DELIVERED",
      occurredAtMs: NOW,
    },
  ]);
  // SHIPPED batches first, then DELIVERED: the usual order of a tracking feed.
  events.sort((a, b) => a.occurredAtMs - b.occurredAtMs);
  const started = performance.now();
  let applied = 0;
  for (let i = 0; i < events.length; i += 1_000) {
    const r = await tracking.record(events.slice(i, i + 1_000));
    applied += r.applied;
  }
  const seconds = (performance.now() - started) / 1000;
  if (applied !== events.length) throw new Error(`applied ${applied} of ${events.length} events`);
  return { perSecond: events.length / seconds, events: events.length };
}

function syntheticDeliveries(live: LiveView, n: number): ImportedDelivery[] {
  const net = live.network;
  const postals = ["30000", "40000", "10110", "50200"];
  const services = ["thaipost-ems", "kerry-express", "dhl-th-standard"];
  const rows: ImportedDelivery[] = [];
  const first = isoDay("2026-03-25");
  for (let i = 0; i < n; i++) {
    const service = net.serviceById.get(services[i % services.length]!)!;
    const ship = addDays(first, i % 80);
    const transit = 1 + ((i * 7919) % 10 === 0 ? 2 : (i * 31) % 3 === 0 ? 1 : 0);
    const delivered = advanceDelivery(service, net.horizon, ship, transit);
    rows.push({
      warehouseId: "bkk-1",
      serviceId: service.id,
      countryCode: "TH",
      postalCode: postals[i % postals.length]!,
      shipDay: ship,
      deliveredDay: delivered,
      promisedLatestDay: advanceDelivery(service, net.horizon, ship, 2),
    });
  }
  return rows;
}

async function p99DelayMs(run: () => Promise<unknown>): Promise<number> {
  const h = monitorEventLoopDelay({ resolution: 1 });
  h.enable();
  await run();
  h.disable();
  return h.percentile(99) / 1e6;
}

export async function outcomeFigures(ctx: BenchContext): Promise<Figure[]> {
  const figures: Figure[] = [];
  const promises = ctx.options.smoke ? 500 : 10_000;

  const sqlite = await openStore({ sqlitePath: join(ctx.scratch, "outcomes.db") });
  try {
    const r = await recordEvents(sqlite, promises);
    ctx.log(`  RecordShipmentEvents, SQLite: ${r.events} events at ${r.perSecond.toFixed(0)}/s`);
    figures.push(
      figure(
        "recordEventsSqlite",
        Math.round(r.perSecond),
        `${r.events} events (SHIPPED + DELIVERED of ${promises} promises), batches of 1,000, through ShipmentTracking; fresh SQLite file`,
      ),
    );

    const deliveries = ctx.options.smoke ? 20_000 : 1_000_000;
    const clock = fixedClock(NOW);
    const live = new LiveView({ file: file(), clock });
    const rows = syntheticDeliveries(live, deliveries);
    for (let i = 0; i < rows.length; i += 50_000)
      await sqlite.importDeliveries(rows.slice(i, i + 50_000));
    const refresher = new LearnedTransitRefresher({ store: sqlite, live, clock });
    const idle = await p99DelayMs(() => new Promise((resolve) => setTimeout(resolve, 1_000)));
    let rebuildSeconds = 0;
    const during = await p99DelayMs(async () => {
      const result = await refresher.refresh();
      rebuildSeconds = result.durationMs / 1000;
      // The promises delivered above are in the store too.
      if (result.used !== deliveries + promises) {
        throw new Error(`learned from ${result.used} of ${deliveries + promises}`);
      }
    });
    // The same rebuild as the service runs it: on a worker thread with its own connection.
    const inWorker = new LearnedTransitRefresher({
      store: sqlite,
      live,
      clock,
      worker: { store: { sqlitePath: join(ctx.scratch, "outcomes.db") } },
    });
    let workerSeconds = 0;
    const duringWorker = await p99DelayMs(async () => {
      const result = await inWorker.refresh();
      workerSeconds = result.durationMs / 1000;
      if (result.used !== deliveries + promises) throw new Error(`worker used ${result.used}`);
    });
    ctx.log(
      `  rebuild over ${deliveries} deliveries: ${rebuildSeconds.toFixed(2)} s in process, event-loop p99 ${during.toFixed(1)} ms (idle ${idle.toFixed(1)} ms); on a worker thread ${workerSeconds.toFixed(2)} s (worker start-up included), event-loop p99 ${duringWorker.toFixed(1)} ms`,
    );
    figures.push(
      figure(
        "learnedRebuild",
        Number(rebuildSeconds.toFixed(2)),
        `${deliveries.toLocaleString("en-US")} imported deliveries on SQLite, in process (pages of 5,000 with a yield after each): event-loop delay p99 ${during.toFixed(1)} ms (idle ${idle.toFixed(1)} ms); as the service runs it, on a worker thread: ${workerSeconds.toFixed(2)} s with the worker's start-up, event-loop p99 ${duringWorker.toFixed(1)} ms`,
        { during, idle, workerSeconds, duringWorker },
      ),
    );
    // Estimate p99 over gRPC while the service rebuilds (on its worker thread), against quiet
    // phases of the same length, alternating, in the same run.
    await sqlite.upsertStock([
      {
        sku: "SKU-TSHIRT-001",
        warehouseId: "bkk-1",
        onHand: 1_000_000,
        safetyStock: 0,
        inbound: [],
        version: 1,
      },
    ]);
    const latency = await measureRebuildLatency(
      ctx,
      join(ctx.scratch, "outcomes.db"),
      new Date(NOW).toISOString(),
      ctx.options.smoke ? 1 : 3,
    );
    const ratio = [...latency.ratios].sort((a, b) => a - b)[Math.floor(latency.ratios.length / 2)]!;
    ctx.log(
      `  Estimate over gRPC during the rebuild: p99 ${latency.rebuildP99Ms.toFixed(2)} ms vs ${latency.quietP99Ms.toFixed(2)} ms quiet (median pair ratio ${ratio.toFixed(2)}; pairs ${latency.ratios.map((r) => r.toFixed(2)).join(", ")}; rebuilds ${latency.rebuildSeconds.map((x) => x.toFixed(2)).join(", ")} s; ${latency.calls} calls)`,
    );
    figures.push(
      figure(
        "rebuildEstimateP99Ratio",
        Number(ratio.toFixed(2)),
        `Estimate p99 over gRPC during a learned-transit rebuild (worker thread) / quiet p99, median of ${latency.ratios.length} alternating pairs; p99 ${latency.rebuildP99Ms.toFixed(2)} ms vs ${latency.quietP99Ms.toFixed(2)} ms, p50 ${latency.rebuildP50Ms.toFixed(2)} vs ${latency.quietP50Ms.toFixed(2)} ms; service not pinned, 4 calls in flight`,
        { ...latency },
      ),
    );
    const started = performance.now();
    const report = await accuracyReport(
      live.network,
      sqlite.loadShipmentOutcomes(isoDay("2026-03-01"), isoDay("2026-06-30")),
      ["service", "ship_week"],
      sqlite.loadUntrackedShipments(isoDay("2026-03-01"), isoDay("2026-06-30"), {
        batchSize: 5_000,
      }),
      sqlite.loadImportedOutcomes(isoDay("2026-03-01"), isoDay("2026-06-30")),
    );
    const accuracySeconds = (performance.now() - started) / 1000;
    if (report.total.shipped !== deliveries + promises) {
      throw new Error(`accuracy saw ${report.total.shipped}`);
    }
    ctx.log(`  GetAccuracy over ${deliveries}: ${accuracySeconds.toFixed(2)} s`);
    figures.push(
      figure(
        "accuracy1m",
        Number(accuracySeconds.toFixed(2)),
        `${deliveries.toLocaleString("en-US")} shipments on SQLite, by service and ship week (${report.groups.length} groups), ${formatIsoDay(isoDay("2026-03-01"))}..2026-06-30`,
      ),
    );
  } finally {
    await sqlite.close();
  }

  const schema = `bench_outcomes_${process.pid}`;
  const admin = new pg.Client({
    connectionString: ctx.options.databaseUrl,
    connectionTimeoutMillis: 3_000,
  });
  try {
    await admin.connect();
  } catch (err) {
    figures.push(
      skipped(
        "recordEventsPostgres",
        `PostgreSQL not reachable: ${err instanceof Error ? err.message : String(err)}`,
      ),
    );
    return figures;
  }
  try {
    const store = await openStore({ databaseUrl: ctx.options.databaseUrl, pgSchema: schema });
    try {
      const n = ctx.options.smoke ? 300 : 3_000;
      const r = await recordEvents(store, n);
      ctx.log(
        `  RecordShipmentEvents, PostgreSQL: ${r.events} events at ${r.perSecond.toFixed(0)}/s`,
      );
      figures.push(
        figure(
          "recordEventsPostgres",
          Math.round(r.perSecond),
          `${r.events} events (SHIPPED + DELIVERED of ${n} promises), batches of 1,000, one process`,
        ),
      );
    } finally {
      await store.close();
    }
  } finally {
    await admin.query(`drop schema if exists ${schema} cascade`).catch(() => {});
    await admin.end();
  }
  return figures;
}
