import { Code, ConnectError, type Interceptor } from "@connectrpc/connect";

/** How long each RPC of PromiseService may take by default (ms), retries included. */
export const DEFAULT_DEADLINES_MS: Readonly<Record<string, number>> = {
  Estimate: 1_000,
  EstimateBatch: 2_000,
  QuoteCart: 2_000,
  // A confirm may wait for a commit group and the store's own time limit (5 s by default).
  ConfirmPromise: 8_000,
  GetPromise: 2_000,
  CancelPromise: 5_000,
  FulfilPromise: 5_000,
};

/** Codes worth another attempt: the call did not reach a server, or the server was momentarily busy. */
const RETRYABLE = new Set<Code>([Code.Unavailable, Code.ResourceExhausted]);

export interface RetryOptions {
  /** Attempts in all (1: no retry). Default 3. */
  readonly maxAttempts?: number;
  /** The first backoff (ms), doubled each time, with full jitter. Default 100. */
  readonly initialBackoffMs?: number;
  /** Default 1000. */
  readonly maxBackoffMs?: number;
}

/**
 * Whether a call may be sent again after an UNAVAILABLE or RESOURCE_EXHAUSTED answer:
 * - reads (Estimate, EstimateBatch, QuoteCart, GetPromise) always;
 * - CancelPromise and FulfilPromise (repeating one is fine by the API's contract);
 * - ConfirmPromise only with an idempotency key, which makes a repeated confirm return the first
 *   promise instead of reserving twice;
 * - anything else never.
 */
export function mayRetry(method: string, request: unknown): boolean {
  switch (method) {
    case "Estimate":
    case "EstimateBatch":
    case "QuoteCart":
    case "GetPromise":
    case "CancelPromise":
    case "FulfilPromise":
      return true;
    case "ConfirmPromise": {
      const key = (request as { idempotencyKey?: unknown }).idempotencyKey;
      return typeof key === "string" && key.trim() !== "";
    }
    default:
      return false;
  }
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      "abort",
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });

/**
 * Retries unary calls that `mayRetry` allows, with exponential backoff and full jitter, within
 * the call's own deadline (the signal ends the waiting).
 */
export function retryInterceptor(options: RetryOptions = {}): Interceptor {
  const maxAttempts = options.maxAttempts ?? 3;
  const initial = options.initialBackoffMs ?? 100;
  const max = options.maxBackoffMs ?? 1_000;
  return (next) => async (req) => {
    if (req.stream || !mayRetry(req.method.name, req.message)) return next(req);
    for (let attempt = 1; ; attempt++) {
      try {
        return await next(req);
      } catch (err) {
        const code = ConnectError.from(err).code;
        if (attempt >= maxAttempts || !RETRYABLE.has(code) || req.signal.aborted) throw err;
        const backoff = Math.min(max, initial * 2 ** (attempt - 1));
        await sleep(Math.random() * backoff, req.signal);
        if (req.signal.aborted) throw err;
      }
    }
  };
}
