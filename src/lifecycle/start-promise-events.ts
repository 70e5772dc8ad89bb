import { randomBytes } from "node:crypto";
import type { Logger } from "pino";
import type { Config } from "../config/config.js";
import { NatsPublisher } from "../events/nats-publisher.js";
import { openPromiseEventStore } from "../events/open-promise-event-store.js";
import type { PromiseEventStore } from "../events/promise-event-store.js";
import type { PromiseEventsFeed } from "../events/promise-events-feed.js";
import { RiskMonitor } from "../risk/risk-monitor.js";
import { RiskPassWorker } from "../risk/risk-pass-in-worker.js";
import type { Store } from "../store/store.js";
import type { LiveView } from "../view/live-view.js";

/** How often events past the retention are deleted. */
const PRUNE_EVERY_MS = 10 * 60 * 1000;

export interface PromiseEvents {
  readonly events: PromiseEventStore;
  readonly monitor: RiskMonitor;
  /** The thread bulk risk passes run on (none with an in-memory SQLite database). */
  readonly riskWorker: RiskPassWorker | undefined;
  readonly publisher: NatsPublisher | undefined;
  /** What AdminService.WatchPromiseEvents and ListPromises need. */
  readonly handlers: PromiseEventsFeed;
  stop(): Promise<void>;
}

/**
 * Starts what issue 13 adds around the store: the outbox reader, the risk monitor (sweeps off the
 * request path), the NATS publisher when PROMISE_NATS_URL is set, and the retention job.
 */
export async function startPromiseEvents(
  config: Config,
  deps: { store: Store; live: LiveView; clock: () => number; logger: Logger },
): Promise<PromiseEvents> {
  const { store, live, clock, logger } = deps;
  const events = openPromiseEventStore({
    sqlitePath: config.sqlitePath,
    databaseUrl: config.databaseUrl,
    pgSchema: config.databaseSchema,
    timeoutMs: config.storeTimeoutMs,
    writerIdleMs: config.riskWorkerIdleMs,
    store,
  });
  // Bulk passes (the start, a new date, a reload) on a worker thread with its own connection,
  // started for such a pass and ended when idle; an in-memory SQLite database exists only on the
  // store's connection: there, on this thread.
  const pg = config.databaseUrl !== undefined && config.databaseUrl !== "";
  const worker =
    !pg && config.sqlitePath === ":memory:"
      ? undefined
      : new RiskPassWorker(
          pg
            ? {
                databaseUrl: config.databaseUrl,
                pgSchema: config.databaseSchema,
                timeoutMs: config.storeTimeoutMs,
                nice: config.riskPassNice,
              }
            : {
                sqlitePath: config.sqlitePath,
                timeoutMs: config.storeTimeoutMs,
                nice: config.riskPassNice,
              },
          { idleMs: config.riskWorkerIdleMs },
        );
  const monitor = new RiskMonitor({
    store,
    events,
    live,
    clock,
    logger,
    shipGraceMinutes: config.riskShipGraceMinutes,
    intervalMs: config.riskIntervalMs,
    worker,
  });
  monitor.start();
  const publisher =
    config.natsUrl === undefined
      ? undefined
      : new NatsPublisher({
          events,
          url: config.natsUrl,
          clock,
          logger,
          onChange: (listener) => store.onChange(listener),
          batch: config.natsBatch,
          pollMs: config.natsPollMs,
        });
  await publisher?.start();
  const prune = () => {
    const before = clock() - config.eventRetentionHours * 3_600_000;
    events.prune(before, publisher !== undefined).then(
      (n) => {
        if (n > 0) logger.info({ deleted: n }, "promise events past the retention deleted");
      },
      (err: unknown) => logger.warn({ err }, "promise event retention failed; retrying later"),
    );
  };
  const pruneTimer = setInterval(prune, PRUNE_EVERY_MS);
  pruneTimer.unref();
  return {
    events,
    monitor,
    riskWorker: worker,
    publisher,
    handlers: {
      events,
      onChange: (listener) => store.onChange(listener),
      logger,
      clock,
      bufferLimit: config.eventStreamBuffer,
      stallMs: config.eventStreamStallMs,
      readBatch: config.eventStreamPage,
      pageTokenSecret:
        config.pageTokenSecret === undefined
          ? randomBytes(32)
          : Buffer.from(config.pageTokenSecret, "utf8"),
    },
    async stop() {
      clearInterval(pruneTimer);
      await monitor.stop();
      await worker?.close();
      await publisher?.stop();
      await events.close();
    },
  };
}
