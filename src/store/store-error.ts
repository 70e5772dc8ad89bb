import { DomainError } from "../engine/domain-error.js";

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

/** PostgreSQL SQLSTATEs that mean "the server is (temporarily) not there". */
const PG_UNAVAILABLE_STATES = new Set([
  "57P01", // admin_shutdown
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now
  "53300", // too_many_connections
  "58030", // io_error
  "57014", // query_canceled: statement_timeout (a lock held too long elsewhere)
]);

const PG_CONNECTION_MESSAGES = [
  /connection terminated/i,
  /connection error/i,
  /not queryable/i,
  /timeout exceeded when trying to connect/i,
  /connection timeout/i,
  /cannot use a pool after calling end/i,
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

/** Maps driver errors to DomainErrors where they have a meaning; returns anything else as is. */
export function toStoreError(err: unknown): unknown {
  if (err instanceof DomainError) return err;
  if (isUnavailableError(err)) {
    const message = err instanceof Error ? err.message : String(err);
    return new DomainError("UNAVAILABLE", `store unavailable: ${message || "connection failed"}`);
  }
  if (
    typeof err === "object" &&
    err !== null &&
    (err as { code?: unknown }).code === "SQLITE_FULL"
  ) {
    return new DomainError("RESOURCE_EXHAUSTED", "store is full (disk)");
  }
  return err;
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
