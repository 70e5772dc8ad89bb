import { DomainError } from "../domain/domain-error.js";

const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ECONNABORTED",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENETDOWN",
]);

/**
 * PostgreSQL SQLSTATEs that mean "the database cannot serve this right now; retry later" (class
 * 08, connection exception, is matched as a class).
 */
const PG_UNAVAILABLE_STATES = new Set([
  "57P01", // admin_shutdown: the backend was terminated (pg_terminate_backend, fast shutdown)
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now: starting up, shutting down, in recovery
  "53300", // too_many_connections
  "55000", // object_not_in_prerequisite_state: "database … is not currently accepting connections"
  "58030", // io_error
  "57014", // query_canceled: statement_timeout (a lock held too long elsewhere)
]);

/**
 * Conflicts between concurrent transactions: retried by the store; still failing after its
 * retries, they are UNAVAILABLE too.
 */
const PG_RETRYABLE_STATES = new Set([
  "40001", // serialization_failure
  "40P01", // deadlock_detected
]);

/**
 * What a public caller is told when the store cannot serve: no address, no driver message (those
 * go to the log, once per outage: see StoreHealth).
 */
export const STORE_UNAVAILABLE_MESSAGE = "the store is unavailable right now; retry later";

const PG_CONNECTION_MESSAGES = [
  /connection terminated/i,
  /connection error/i,
  /not queryable/i,
  /timeout exceeded when trying to connect/i,
  /connection timeout/i,
  /cannot use a pool after calling end/i,
  /^query read timeout$/i, // pg's own query_timeout: no answer in time
];

const SQLITE_UNAVAILABLE = /^SQLITE_(BUSY|LOCKED|IOERR|CANTOPEN|READONLY|PROTOCOL)/;

/** True when `err` says the database cannot be reached or used right now (retry later). */
export function isUnavailableError(err: unknown): boolean {
  if (err instanceof DomainError) return err.kind === "UNAVAILABLE";
  if (err instanceof AggregateError) return err.errors.some(isUnavailableError);
  if (typeof err !== "object" || err === null) return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === "string") {
    if (NETWORK_CODES.has(code) || PG_UNAVAILABLE_STATES.has(code)) return true;
    if (PG_RETRYABLE_STATES.has(code)) return true;
    if (code.startsWith("08")) return true; // SQLSTATE class 08: connection exception
    if (SQLITE_UNAVAILABLE.test(code)) return true;
  }
  const message = (err as { message?: unknown }).message;
  if (typeof message === "string" && PG_CONNECTION_MESSAGES.some((re) => re.test(message))) {
    return true;
  }
  const cause = (err as { cause?: unknown }).cause;
  return cause !== undefined && cause !== err && isUnavailableError(cause);
}

/** True for a conflict with a concurrent transaction worth running again (40001, 40P01). */
export function isRetryableConflict(err: unknown): boolean {
  if (typeof err !== "object" || err === null) return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === "string" && PG_RETRYABLE_STATES.has(code)) return true;
  const cause = (err as { cause?: unknown }).cause;
  return cause !== undefined && cause !== err && isRetryableConflict(cause);
}

/**
 * UNAVAILABLE with the public message; `cause` (the driver's error, with addresses and codes)
 * stays on the error for the log.
 */
export function storeUnavailable(cause: unknown): DomainError {
  const error = new DomainError("UNAVAILABLE", STORE_UNAVAILABLE_MESSAGE);
  error.cause = cause;
  return error;
}

/** What the log says about a store failure: the driver's code and message, never a stack. */
export function describeStoreFailure(err: unknown): { code?: string; reason: string } {
  let e: unknown = err;
  // Our own UNAVAILABLE wraps the driver's error.
  while (e instanceof DomainError && e.cause !== undefined && e.cause !== e) e = e.cause;
  if (e instanceof AggregateError && e.errors.length > 0) e = e.errors[0];
  const code = typeof e === "object" && e !== null ? (e as { code?: unknown }).code : undefined;
  const reason = e instanceof Error ? e.message : String(e);
  return typeof code === "string" ? { code, reason } : { reason };
}

/** Maps driver errors to DomainErrors where they have a meaning; returns anything else as is. */
export function toStoreError(err: unknown): unknown {
  if (err instanceof DomainError) return err;
  if (isUnavailableError(err)) return storeUnavailable(err);
  if (
    typeof err === "object" &&
    err !== null &&
    (err as { code?: unknown }).code === "SQLITE_FULL"
  ) {
    return new DomainError("RESOURCE_EXHAUSTED", "store is full (disk)");
  }
  return err;
}

/**
 * `read` with the driver's errors mapped as the store maps its own (toStoreError): a database that
 * cannot be reached is UNAVAILABLE with the public message, never a driver error that a transport
 * would answer as INTERNAL. For the reads callers wait on (GetPromise's risk, the event stream,
 * ListPromises).
 */
export async function withStoreErrors<T>(read: () => Promise<T> | T): Promise<T> {
  try {
    return await read();
  } catch (err) {
    throw toStoreError(err);
  }
}

export function storeClosedError(): DomainError {
  return new DomainError("UNAVAILABLE", "store is closed");
}

/** Cancelling a fulfilled promise, or fulfilling a cancelled one (field `id`). */
export function promiseStatusError(action: "cancel" | "fulfil"): DomainError {
  return new DomainError(
    "FAILED_PRECONDITION",
    action === "cancel"
      ? "the promise was fulfilled (shipped) and can no longer be cancelled"
      : "the promise was cancelled and cannot be fulfilled",
    "id",
  );
}
