import type { Logger } from "pino";

export interface SignalHandlerOptions {
  readonly logger: Logger;
  /** Drains and stops the service (resolves when done; `false`: some calls were cut off). */
  readonly stop: () => Promise<boolean | undefined>;
  /** Reloads the network file (SIGHUP). */
  readonly reload?: (() => unknown) | undefined;
  /** The drain bound (PROMISE_SHUTDOWN_GRACE_MS): `stop` forces calls off by then. */
  readonly graceMs: number;
  /** How long after the bound a stuck stop is abandoned with exit code 1 (default 5 s). */
  readonly backstopMs?: number | undefined;
  /** For tests; default process.exit. */
  readonly exit?: ((code: number) => void) | undefined;
}

/**
 * SIGTERM and SIGINT drain the service and exit 0 (calls still running at the grace bound are
 * cut off first; a stop that hangs beyond the bound plus `backstopMs` exits 1); a second signal
 * exits 1 at once. SIGHUP reloads the network. Returns a function that removes the handlers.
 */
export function installSignalHandlers(options: SignalHandlerOptions): () => void {
  const { logger, graceMs } = options;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let stopping = false;

  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, "second signal: exiting now");
      exit(1);
      return;
    }
    stopping = true;
    logger.info({ signal, graceMs }, "draining");
    const backstop = setTimeout(
      () => {
        logger.error({ signal }, "stopping took too long: exiting");
        exit(1);
      },
      graceMs + (options.backstopMs ?? 5000),
    );
    backstop.unref();
    options.stop().then(
      (clean) => {
        clearTimeout(backstop);
        if (clean === false) logger.warn("drain bound reached: remaining calls were cut off");
        logger.info("stopped");
        exit(0);
      },
      (err: unknown) => {
        clearTimeout(backstop);
        logger.error({ err }, "error while stopping");
        exit(1);
      },
    );
  };
  const reload = () => {
    if (stopping || options.reload === undefined) return;
    logger.info({ signal: "SIGHUP" }, "reloading the network file");
    try {
      options.reload();
    } catch (err) {
      logger.error({ err }, "reload failed");
    }
  };

  process.on("SIGTERM", shutdown);
  process.on("SIGINT", shutdown);
  process.on("SIGHUP", reload);
  return () => {
    process.off("SIGTERM", shutdown);
    process.off("SIGINT", shutdown);
    process.off("SIGHUP", reload);
  };
}
