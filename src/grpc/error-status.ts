import * as grpc from "@grpc/grpc-js";
import type { Logger } from "pino";
import { DomainError, type DomainErrorKind } from "../engine/domain-error.js";
import {
  DETAILS_METADATA_KEY,
  FIELD_METADATA_KEY,
  setFieldErrorTrailers,
} from "./field-error-trailers.js";

/** The one table from domain error kinds to gRPC status codes. */
export const STATUS_OF_KIND: Readonly<Record<DomainErrorKind, grpc.status>> = {
  INVALID_ARGUMENT: grpc.status.INVALID_ARGUMENT,
  NOT_FOUND: grpc.status.NOT_FOUND,
  FAILED_PRECONDITION: grpc.status.FAILED_PRECONDITION,
  ALREADY_EXISTS: grpc.status.ALREADY_EXISTS,
  OUT_OF_RANGE: grpc.status.OUT_OF_RANGE,
  RESOURCE_EXHAUSTED: grpc.status.RESOURCE_EXHAUSTED,
  UNAVAILABLE: grpc.status.UNAVAILABLE,
  UNAUTHENTICATED: grpc.status.UNAUTHENTICATED,
  PERMISSION_DENIED: grpc.status.PERMISSION_DENIED,
  DEADLINE_EXCEEDED: grpc.status.DEADLINE_EXCEEDED,
  CANCELLED: grpc.status.CANCELLED,
};

/**
 * `promise-field`: the request field at fault (for example `destination.postal_code` or
 * `items[3].sku`); the status message also starts with it. `grpc-status-details-bin`: a
 * google.rpc.Status (field errors: BadRequest and ErrorInfo; refused confirmations: FreshOptions).
 */
export { DETAILS_METADATA_KEY, FIELD_METADATA_KEY } from "./field-error-trailers.js";

export const INTERNAL_MESSAGE = "internal error";

/**
 * The most bytes an error's status message plus its trailers take on the wire (HTTP/2 header
 * names and values, before HPACK). 8 KB is the smallest metadata limit common gRPC clients
 * accept; a larger trailer block makes some of them stall the whole connection.
 */
export const MAX_STATUS_BYTES = 8192;
/** The most bytes the (percent-encoded) status message may take (and DETAILS_LEFT_OUT). */
export const MAX_STATUS_MESSAGE_BYTES = 1024;
/** Room kept for grpc-status, content-type, the request id and HTTP/2's per-field overhead. */
const RESERVED_STATUS_BYTES = 640;
/** Appended to the message of a status whose `grpc-status-details-bin` did not fit. */
export const DETAILS_LEFT_OUT = " (details left out: larger than 8 KB)";
/** HTTP/2 counts 32 bytes per header field besides its name and value (RFC 7540 6.5.2). */
const FIELD_OVERHEAD = 32;

/** What `text` takes as grpc-message (grpc-js sends encodeURI of it). */
function encodedLength(text: string): number {
  // Printable ASCII is by far the common case: encodeURI keeps it as it is, except % and spaces.
  if (/^[\x21-\x24\x26-\x7e]*$/.test(text)) return text.length;
  return encodeURI(text).length;
}

/** Lone surrogates (which encodeURI refuses) replaced by U+FFFD. */
function wellFormed(text: string): string {
  return text.replace(
    /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g,
    "\ufffd",
  );
}

/** `text` cut so that it takes at most `max` bytes as grpc-message, marked when cut. */
function boundMessage(raw: string, max: number): string {
  const text = wellFormed(raw);
  if (encodedLength(text) <= max) return text;
  const suffix = `… (${text.length} characters)`;
  const room = max - encodeURI(suffix).length;
  // The longest prefix whose encoding fits (a character takes 1 to 9 bytes encoded).
  let low = 0;
  let high = Math.min(text.length, room);
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (encodedLength(safePrefix(text, mid)) <= room) low = mid;
    else high = mid - 1;
  }
  const end = safePrefix(text, low).length;
  return text.slice(0, end) + suffix;
}

/** The first `n` characters of `text`, less a trailing half of a surrogate pair. */
function safePrefix(text: string, n: number): string {
  const code = text.charCodeAt(n - 1);
  return n > 0 && code >= 0xd800 && code <= 0xdbff ? text.slice(0, n - 1) : text.slice(0, n);
}

function metadataEntrySize(key: string, value: string | Buffer): number {
  const bytes = typeof value === "string" ? value.length : Math.ceil(value.length / 3) * 4;
  return key.length + bytes + FIELD_OVERHEAD;
}

/**
 * An error status that fits in MAX_STATUS_BYTES: the message is cut to MAX_STATUS_MESSAGE_BYTES
 * (marked `… (N characters)`), and trailers that do not fit in what is left are left out, the
 * largest first (in practice only `grpc-status-details-bin` can be that large). Statuses that
 * fit are returned as they are.
 */
export function boundStatus<S extends { details: string; metadata?: grpc.Metadata | null }>(
  status: S,
): S {
  let details = boundMessage(status.details ?? "", MAX_STATUS_MESSAGE_BYTES);
  let metadata = status.metadata ?? null;
  if (metadata !== null) {
    const room = MAX_STATUS_BYTES - RESERVED_STATUS_BYTES - encodedLength(details);
    const entries: Array<{ key: string; size: number }> = [];
    let total = 0;
    for (const [key, values] of Object.entries(metadata.toJSON())) {
      const size = values.reduce<number>((sum, v) => sum + metadataEntrySize(key, v), 0);
      entries.push({ key, size });
      total += size;
    }
    if (total > room) {
      metadata = metadata.clone();
      entries.sort((a, b) => b.size - a.size);
      for (const entry of entries) {
        if (total <= room) break;
        metadata.remove(entry.key);
        total -= entry.size;
        if (entry.key === DETAILS_METADATA_KEY) details += DETAILS_LEFT_OUT;
      }
    }
  }
  if (details === status.details && metadata === (status.metadata ?? null)) return status;
  return { ...status, details, metadata };
}

/**
 * The status a failed call answers with. A DomainError maps through STATUS_OF_KIND, with its field
 * in the message, in `promise-field` and as a google.rpc.BadRequest field violation plus a
 * google.rpc.ErrorInfo in `grpc-status-details-bin` (or its own byte `details` there). Anything
 * else is a bug: it is logged with its stack and answered INTERNAL with a generic message.
 */
export function toStatus(err: unknown, logger: Logger, method: string): Partial<grpc.StatusObject> {
  if (err instanceof DomainError) {
    const metadata = new grpc.Metadata();
    const code = STATUS_OF_KIND[err.kind];
    if (err.details instanceof Uint8Array) {
      // The error's own details (fresh options) win; the field still travels in promise-field.
      if (err.field !== undefined) metadata.set(FIELD_METADATA_KEY, err.field);
      metadata.set(DETAILS_METADATA_KEY, Buffer.from(err.details));
    } else if (err.field !== undefined) {
      setFieldErrorTrailers(metadata, code, err.message, err.field);
    }
    return { code, details: err.message, metadata };
  }
  logger.error({ err, method }, "unexpected error in a call");
  return { code: grpc.status.INTERNAL, details: INTERNAL_MESSAGE };
}
