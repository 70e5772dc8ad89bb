import cluster from "node:cluster";
import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { type Logger, pino } from "pino";
import { clockFor } from "./config/clock.js";
import { type Config, ConfigError, loadConfig, SETTINGS } from "./config/config.js";
import { setMemoryLimits } from "./config/memory-limits.js";
import { loadAccessTokens } from "./grpc/access-tokens.js";
import { createAdminService } from "./grpc/admin-service.js";
import type { PromiseServer } from "./grpc/create-server.js";
import { createPeakPlannerService } from "./grpc/peak-planner-service.js";
import { type ServiceEndpoints, startEndpoints } from "./grpc/service-endpoints.js";
import { SimulationSlots } from "./grpc/simulation-slots.js";
import { type HttpEdge, startHttpEdge } from "./http/http-edge.js";
import { servedServices } from "./http/served-services.js";
import { defaultWebDir } from "./http/widget-files.js";
import { LearnedTransitRefresher } from "./learning/learned-transit-refresher.js";
import { openStoreWithRetry } from "./lifecycle/open-store-with-retry.js";
import { type ReloadResult, reloadNetwork } from "./lifecycle/reload-network.js";
import { runWorkers } from "./lifecycle/run-workers.js";
import { serviceCheckout } from "./lifecycle/service-checkout.js";
import { installSignalHandlers } from "./lifecycle/signal-handlers.js";
import { startPromiseEvents } from "./lifecycle/start-promise-events.js";
import { type ServiceView, startServiceView } from "./lifecycle/start-service-view.js";
import { loadNetworkFile } from "./network/load-network-file.js";
import { NetworkFileError } from "./network/network-file-error.js";
import { type ByteSink, LineBuffer } from "./observability/line-buffer.js";
import { createMetrics, type Metrics } from "./observability/metrics.js";
import { type MetricsServer, startMetricsServer } from "./observability/metrics-server.js";
import { ShipmentTracking } from "./outcomes/shipment-tracking.js";
import type { RiskMonitor } from "./risk/risk-monitor.js";
import type { RiskPassWorker } from "./risk/risk-pass-in-worker.js";
import {
  createCarrierServiceRoute,
  SHOPIFY_CARRIER_SERVICE_PATH,
} from "./shopify/carrier-service-route.js";
import type { Store } from "./store/store.js";
import type { LiveView } from "./view/live-view.js";
import type { StoreSync } from "./view/store-sync.js";

export interface RunningService {
  /** The bound port (useful with port 0). */
  readonly port: number;
  readonly live: LiveView;
  readonly store: Store;
  readonly sync: StoreSync;
  readonly server: PromiseServer;
  /** Every gRPC port (public, admin, planner) and its services. */
  readonly endpoints: ServiceEndpoints;
  readonly metrics: Metrics;
  /** The risk monitor (the bench stops its sweeps to measure confirms alone). */
  readonly riskMonitor: RiskMonitor;
  /** The thread bulk risk passes run on while there is such a pass (none with SQLite in memory). */
  readonly riskWorker: RiskPassWorker | undefined;
  /** The `/metrics` HTTP server, when PROMISE_METRICS_ADDRESS is set. */
  readonly metricsServer: MetricsServer | undefined;
  /** The HTTP edge (Connect, gRPC-Web, widget, Shopify), when PROMISE_HTTP_ADDRESS is set. */
  readonly httpEdge: HttpEdge | undefined;
  /** Re-reads the network file and swaps it in; a bad file keeps the old one (SIGHUP, admin). */
  reloadNetwork(): ReloadResult;
  /**
   * Drains and stops: health NOT_SERVING, (after PROMISE_DRAIN_DELAY_MS) new calls refused,
   * in-flight calls finish; calls still running after `graceMs` (default
   * PROMISE_SHUTDOWN_GRACE_MS) are cut off. Resolves false when some were.
   */
  stop(graceMs?: number): Promise<boolean>;
}

/** The one buffered stdout of this process (shared by every createLogger). */
let stdoutLines: LineBuffer | undefined;

/**
 * JSON lines on stdout, buffered: written 4 KB at a time with a blocking write(2), at the latest
 * 250 ms after they were logged, and whatever is left when the process exits (process.exit
 * included). With one line per call, pino's default destination (an asynchronous fs.write
 * through the libuv thread pool per line) cost ~9% of Estimate throughput and a write(2) per line
 * a few more (bench/README.md). What a SIGKILL or a machine crash can lose: the last 250 ms of
 * log lines, never a promise.
 */
export function createLogger(
  config: Pick<Config, "logLevel"> & Partial<Pick<Config, "logBufferBytes" | "logFlushMs">>,
): Logger {
  if (stdoutLines === undefined) {
    // In "buffer" content mode SonicBoom writes the Buffers it is given (its types only describe
    // the string mode).
    const stdout = pino.destination({ dest: 1, sync: true, contentMode: "buffer" });
    const lines = new LineBuffer(stdout as unknown as ByteSink, {
      minLength: config.logBufferBytes ?? Number(SETTINGS.logBufferBytes.default),
      flushMs: config.logFlushMs ?? Number(SETTINGS.logFlushMs.default),
    });
    process.once("exit", () => lines.flush());
    stdoutLines = lines;
  }
  return pino({ level: config.logLevel, base: { service: "promise" } }, stdoutLines);
}

/** Wires config -> network file -> compiled network -> live view -> gRPC server, and listens. */
export async function startService(config: Config, logger: Logger): Promise<RunningService> {
  const clock = clockFor(config);
  setMemoryLimits({
    destinationMemo: config.destinationMemoSize,
    labelLocales: config.labelLocaleLimit,
    labelsPerLocale: config.labelsPerLocale,
    pickupOptions: config.pickupOptionCacheSize,
    pickupLabels: config.pickupLabelCacheSize,
    pickupLabelFormats: config.pickupLabelFormats,
  });
  const file = loadNetworkFile(config.networkFile);
  const store = await openStoreWithRetry(
    {
      sqlitePath: config.sqlitePath,
      databaseUrl: config.databaseUrl,
      ...(config.databaseSchema === undefined ? {} : { pgSchema: config.databaseSchema }),
      timeoutMs: config.storeTimeoutMs,
      logger,
    },
    { logger },
  );
  let view: ServiceView;
  try {
    view = await startServiceView(config, { file, store, clock, logger });
  } catch (err) {
    await store.close();
    throw err;
  }
  const { live, sync } = view;
  const metrics = createMetrics();
  metrics.setStalenessSource(() => {
    const since = sync.staleSinceMs;
    return since === undefined ? 0 : (clock() - since) / 1000;
  });
  // Risk on every open promise, the event outbox's readers and the broker (issue 13).
  const promiseEvents = await startPromiseEvents(config, { store, live, clock, logger });
  const checkout = serviceCheckout(config, {
    events: promiseEvents,
    live,
    store,
    clock,
    logger,
    onOutcome: (outcome, reason) =>
      metrics.promises.inc({ outcome: outcome === "refused" ? "failed" : outcome, reason }),
  });
  const reload = () =>
    reloadNetwork({
      live,
      path: config.networkFile,
      clock,
      logger,
      counter: metrics.networkReloads,
    });
  // The rebuild runs on a worker thread with its own store connection (an in-memory SQLite
  // database cannot be shared with it: then in process).
  const inMemory = config.databaseUrl === undefined && config.sqlitePath === ":memory:";
  const learning = new LearnedTransitRefresher({
    store,
    live,
    clock,
    logger,
    worker: inMemory
      ? undefined
      : {
          store: {
            sqlitePath: config.sqlitePath,
            databaseUrl: config.databaseUrl,
            ...(config.databaseSchema === undefined ? {} : { pgSchema: config.databaseSchema }),
            timeoutMs: config.storeTimeoutMs,
            poolSize: 2,
          },
        },
  });
  learning.start();
  metrics.observeOnTime(() => learning.onTimeLast7Days);
  const slots = new SimulationSlots(config.maxConcurrentSimulations);
  metrics.observeSimulations(slots);
  const extraServices = [
    createAdminService({
      store,
      live,
      sync,
      reload,
      logger,
      learning,
      clock,
      promiseEvents: promiseEvents.handlers,
      tracking: new ShipmentTracking({
        store,
        live,
        clock,
        onDelivered: (shipment, outcome) =>
          metrics.deliveries.inc({ service: shipment.serviceId, outcome }),
      }),
    }),
    createPeakPlannerService({
      logger,
      slots,
      defaultNetwork: () => live.networkFile,
      historyStore: store,
    }),
  ];
  let endpoints: ServiceEndpoints;
  let metricsServer: MetricsServer | undefined;
  let httpEdge: HttpEdge | undefined;
  const tokens = loadAccessTokens(config);
  try {
    endpoints = await startEndpoints(
      config,
      {
        live,
        clock,
        logger,
        batchItemLimit: config.batchItemLimit,
        estimateCacheSize: config.estimateCacheSize,
        estimateCacheBytes: config.estimateCacheBytes,
        dominatedOptions: config.dominatedOptions,
        checkout,
        extraServices,
      },
      { logger, tokens, stats: metrics.calls },
    );
  } catch (err) {
    live.stop();
    learning.stop();
    await promiseEvents.stop();
    sync.stop();
    await store.close();
    throw err;
  }
  const server = endpoints.public;
  const port = endpoints.endpoints[0]!.port;
  metrics.observeCache(server.promiseService.cache);
  metrics.observeCapacity(live, clock);
  if (config.metricsAddress !== undefined) {
    try {
      metricsServer = await startMetricsServer(config.metricsAddress, metrics.registry, logger);
    } catch (err) {
      await endpoints.stop(0);
      live.stop();
      learning.stop();
      await promiseEvents.stop();
      sync.stop();
      await store.close();
      throw err;
    }
  }
  if (config.httpAddress !== undefined) {
    try {
      httpEdge = await startHttpEdge({
        address: config.httpAddress,
        services: servedServices(endpoints.public.promiseService, extraServices),
        logger,
        stats: metrics.calls,
        tokens,
        insecure: config.insecureAdmin,
        corsOrigins: config.httpCorsOrigins,
        readMaxBytes: config.maxReceiveMessageBytes,
        writeMaxBytes: config.maxSendMessageBytes,
        streamBuffer: config.httpStreamBuffer,
        webDir: defaultWebDir(),
        postRoutes: new Map([
          [
            SHOPIFY_CARRIER_SERVICE_PATH,
            createCarrierServiceRoute({
              checkout,
              storeDown: () => sync.staleSinceMs !== undefined,
              secret: config.shopifySecret,
              logger,
              stats: metrics.calls,
            }),
          ],
        ]),
      });
    } catch (err) {
      await endpoints.stop(0);
      await metricsServer?.close();
      live.stop();
      learning.stop();
      await promiseEvents.stop();
      sync.stop();
      await store.close();
      throw err;
    }
  }
  logger.info(
    {
      address: config.address,
      port,
      networkFile: config.networkFile,
      networkVersion: live.network.version,
      skus: live.stock.skuCount,
      store: store.engine,
      ports: Object.fromEntries(
        endpoints.endpoints.flatMap((e) => e.serviceNames.map((name) => [name, e.port])),
      ),
      tls: config.tlsCertFile === undefined ? "off" : config.tlsClientCaFile ? "mutual" : "on",
      metricsPort: metricsServer?.port,
      httpPort: httpEdge?.port,
      fixedNow: config.fixedNowMs === undefined ? undefined : new Date(config.fixedNowMs),
    },
    "promise service listening",
  );
  return {
    port,
    live,
    store,
    sync,
    server,
    endpoints,
    metrics,
    riskMonitor: promiseEvents.monitor,
    riskWorker: promiseEvents.riskWorker,
    metricsServer,
    httpEdge,
    reloadNetwork: reload,
    async stop(graceMs = config.shutdownGraceMs) {
      live.stop();
      learning.stop();
      const [clean] = await Promise.all([
        endpoints.stop(graceMs, config.drainDelayMs),
        httpEdge?.close(graceMs),
      ]);
      await promiseEvents.stop();
      sync.stop();
      await store.close();
      await metricsServer?.close();
      return clean;
    },
  };
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig(process.env, process.argv.slice(2));
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const logger = createLogger(config);
  if (config.workers > 1 && cluster.isPrimary) {
    runWorkers({ workers: config.workers, logger, graceMs: config.shutdownGraceMs });
    return;
  }
  let service: RunningService;
  try {
    service = await startService(config, logger);
  } catch (err) {
    if (err instanceof ConfigError) {
      logger.fatal({ issues: err.issues }, err.message);
      process.exit(2);
    } else if (err instanceof NetworkFileError) {
      logger.fatal({ issues: err.issues, file: err.source }, err.message);
    } else {
      logger.fatal({ err }, "the service could not start");
    }
    process.exit(1);
  }

  installSignalHandlers({
    logger,
    graceMs: config.shutdownGraceMs,
    stop: () => service.stop(),
    reload: () => service.reloadNetwork(),
  });
}

function isEntryPoint(): boolean {
  const entry = process.argv[1];
  if (entry === undefined) return false;
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) await main();
