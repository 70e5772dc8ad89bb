import * as grpc from "@grpc/grpc-js";
import type { Logger } from "pino";
import { DomainError, type DomainErrorKind } from "../engine/domain-error.js";

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
 * Trailing metadata key carrying the request field at fault (for example `destination.postal_code`
 * or `items[3].sku`); the status message also starts with it.
 */
export const FIELD_METADATA_KEY = "promise-field";

/** Trailing metadata key for binary error details (a DomainError whose `details` are bytes). */
export const DETAILS_METADATA_KEY = "grpc-status-details-bin";

export const INTERNAL_MESSAGE = "internal error";

/**
 * The status a failed call answers with. A DomainError maps through STATUS_OF_KIND, with its field
 * in the message and in `promise-field`, and byte `details` in `grpc-status-details-bin`. Anything
 * else is a bug: it is logged with its stack and answered INTERNAL with a generic message.
 */
export function toStatus(err: unknown, logger: Logger, method: string): Partial<grpc.StatusObject> {
  if (err instanceof DomainError) {
    const metadata = new grpc.Metadata();
    if (err.field !== undefined) metadata.set(FIELD_METADATA_KEY, err.field);
    if (err.details instanceof Uint8Array)
      metadata.set(DETAILS_METADATA_KEY, Buffer.from(err.details));
    return { code: STATUS_OF_KIND[err.kind], details: err.message, metadata };
  }
  logger.error({ err, method }, "unexpected error in a call");
  return { code: grpc.status.INTERNAL, details: INTERNAL_MESSAGE };
}
