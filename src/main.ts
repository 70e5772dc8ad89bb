import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { type Logger, pino } from "pino";
import { clockFor } from "./config/clock.js";
import { type Config, ConfigError, loadConfig } from "./config/config.js";
import { createServer, type PromiseServer, startServer, stopServer } from "./grpc/create-server.js";
import { loadNetworkFile } from "./network/load-network-file.js";
import { NetworkFileError } from "./network/network-file-error.js";
import { LiveView } from "./view/live-view.js";

export interface RunningService {
  /** The bound port (useful with port 0). */
  readonly port: number;
  readonly live: LiveView;
  readonly server: PromiseServer;
  /** Drains and stops: health NOT_SERVING, in-flight calls finish, then the server closes. */
  stop(graceMs?: number): Promise<void>;
}

export function createLogger(config: Pick<Config, "logLevel">): Logger {
  return pino({ level: config.logLevel, base: { service: "promise" } });
}

/** Wires config -> network file -> compiled network -> live view -> gRPC server, and listens. */
export async function startService(config: Config, logger: Logger): Promise<RunningService> {
  const clock = clockFor(config);
  const file = loadNetworkFile(config.networkFile);
  const live = new LiveView({ file, clock, logger });
  live.start();
  const server = createServer({
    live,
    clock,
    logger,
    batchItemLimit: config.batchItemLimit,
    estimateCacheSize: config.estimateCacheSize,
  });
  let port: number;
  try {
    port = await startServer(server, config.address);
  } catch (err) {
    live.stop();
    throw err;
  }
  logger.info(
    {
      address: config.address,
      port,
      networkFile: config.networkFile,
      networkVersion: live.network.version,
      skus: live.stock.skuCount,
      fixedNow: config.fixedNowMs === undefined ? undefined : new Date(config.fixedNowMs),
    },
    "promise service listening",
  );
  return {
    port,
    live,
    server,
    async stop(graceMs) {
      live.stop();
      await stopServer(server, graceMs);
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
  let service: RunningService;
  try {
    service = await startService(config, logger);
  } catch (err) {
    if (err instanceof NetworkFileError) {
      logger.fatal({ issues: err.issues, file: err.source }, err.message);
    } else {
      logger.fatal({ err }, "the service could not start");
    }
    process.exit(1);
  }

  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, "second signal: exiting now");
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, "draining");
    service.stop().then(
      () => {
        logger.info("stopped");
        process.exit(0);
      },
      (err: unknown) => {
        logger.error({ err }, "error while stopping");
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", shutdown);
  process.on("SIGINT", shutdown);
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
