import { describeStoreFailure } from "./store-error.js";
import type { StoreLogger } from "./store-logger.js";

/** While the store stays unavailable, a line with the count of failures at most this often. */
export const STILL_UNAVAILABLE_EVERY_MS = 30_000;

/**
 * Whether the store answered lately, for the log: the first failure of an outage is logged once
 * with its cause (driver code and message, which may name the database's address; the log is
 * not public), then only counts (at most every 30 s while it lasts), then one line when an
 * operation succeeds again. No stacks: an outage is not a bug.
 */
export class StoreHealth {
  readonly #logger: StoreLogger;
  readonly #now: () => number;
  #downSinceMs: number | undefined;
  #failures = 0;
  #failuresSinceLine = 0;
  #lastLineMs = 0;

  constructor(logger: StoreLogger, now: () => number = Date.now) {
    this.#logger = logger;
    this.#now = now;
  }

  /** True between the first failure of an outage and the next success. */
  get unavailable(): boolean {
    return this.#downSinceMs !== undefined;
  }

  /** A store operation failed as UNAVAILABLE (`err` is the driver's error or ours with a cause). */
  failed(err: unknown, operation: string): void {
    const now = this.#now();
    this.#failures++;
    this.#failuresSinceLine++;
    if (this.#downSinceMs === undefined) {
      this.#downSinceMs = now;
      this.#lastLineMs = now;
      this.#failuresSinceLine = 0;
      this.#logger.warn({ operation, ...describeStoreFailure(err) }, "store unavailable");
      return;
    }
    if (now - this.#lastLineMs >= STILL_UNAVAILABLE_EVERY_MS) {
      this.#logger.warn(
        {
          failures: this.#failuresSinceLine,
          unavailableForMs: now - this.#downSinceMs,
          ...describeStoreFailure(err),
        },
        "store still unavailable",
      );
      this.#lastLineMs = now;
      this.#failuresSinceLine = 0;
    }
  }

  /** A store operation succeeded. */
  succeeded(): void {
    if (this.#downSinceMs === undefined) return;
    this.#logger.info(
      { failures: this.#failures, unavailableForMs: this.#now() - this.#downSinceMs },
      "store available again",
    );
    this.#downSinceMs = undefined;
    this.#failures = 0;
    this.#failuresSinceLine = 0;
  }
}
