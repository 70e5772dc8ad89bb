import type { Logger } from "pino";
import { DomainError } from "../domain/domain-error.js";
import { type OpenStoreOptions, openStore } from "../store/open-store.js";
import type { Store } from "../store/store.js";
import { describeStoreFailure } from "../store/store-error.js";

export interface RetryOptions {
  readonly logger?: Logger | undefined;
  /** First wait after a failure; doubles up to maxDelayMs. */
  readonly initialDelayMs?: number | undefined;
  readonly maxDelayMs?: number | undefined;
  /** Give up after this long (default: never). */
  readonly giveUpAfterMs?: number | undefined;
  readonly signal?: AbortSignal | undefined;
}

/**
 * Opens the store, retrying with exponential backoff while it is UNAVAILABLE (a database that is
 * still starting, a network not yet up) and saying why on every failure. Other errors (a bad URL,
 * a corrupt file) are not retried.
 */
export async function openStoreWithRetry(
  options: OpenStoreOptions,
  retry: RetryOptions = {},
): Promise<Store> {
  const started = Date.now();
  let delay = retry.initialDelayMs ?? 500;
  const maxDelay = retry.maxDelayMs ?? 10_000;
  for (let attempt = 1; ; attempt++) {
    try {
      const store = await openStore(options);
      if (attempt > 1) retry.logger?.info({ attempt }, "store reachable: starting");
      return store;
    } catch (err) {
      const transient = err instanceof DomainError && err.kind === "UNAVAILABLE";
      const elapsed = Date.now() - started;
      if (
        !transient ||
        retry.signal?.aborted === true ||
        (retry.giveUpAfterMs !== undefined && elapsed + delay > retry.giveUpAfterMs)
      ) {
        throw err;
      }
      retry.logger?.warn(
        { attempt, retryInMs: delay, ...describeStoreFailure(err) },
        "cannot reach the store yet; retrying",
      );
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(maxDelay, delay * 2);
    }
  }
}
