import cluster, { type Worker } from "node:cluster";
import type { Logger } from "pino";

export interface RunWorkersOptions {
  readonly workers: number;
  readonly logger: Logger;
  /** How long workers get to drain after SIGTERM before the primary exits anyway. */
  readonly graceMs: number;
  /** For tests; default process.exit. */
  readonly exit?: ((code: number) => void) | undefined;
}

/**
 * The primary of `PROMISE_WORKERS` mode: forks that many copies of this program, which share the
 * listening port (node:cluster hands each new connection to a worker), each with its own
 * in-memory view kept fresh from the shared store. It restarts a worker that dies unexpectedly
 * (after a short pause), passes SIGTERM/SIGINT on (every worker drains; the primary exits 0 when
 * all have) and SIGHUP (every worker reloads the network file).
 */
export function runWorkers(options: RunWorkersOptions): void {
  const { logger, workers } = options;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let stopping = false;

  const fork = (): Worker => {
    const worker = cluster.fork();
    worker.on("online", () => logger.info({ worker: worker.process.pid }, "worker started"));
    return worker;
  };
  for (let i = 0; i < workers; i++) fork();

  cluster.on("exit", (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) {
        logger.info("all workers stopped");
        exit(0);
      }
      return;
    }
    logger.error({ worker: worker.process.pid, code, signal }, "worker died: starting another");
    setTimeout(fork, 1000).unref();
  });

  const forward = (signal: NodeJS.Signals) => {
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal);
  };
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal, workers }, "stopping workers");
    forward("SIGTERM");
    setTimeout(() => {
      logger.error("workers did not stop in time: exiting");
      exit(1);
    }, options.graceMs + 5000).unref();
  };
  process.on("SIGTERM", shutdown);
  process.on("SIGINT", shutdown);
  process.on("SIGHUP", () => forward("SIGHUP"));
}
