import * as grpc from "@grpc/grpc-js";
import { encodeFieldErrorStatus } from "./status-details.js";

/** ErrorInfo.domain of every error this service produces. */
export const ERROR_DOMAIN = "promise.v1";

/** Trailing metadata key carrying the request field at fault (kept beside the standard details). */
export const FIELD_METADATA_KEY = "promise-field";

/** Trailing metadata key for binary error details (a google.rpc.Status). */
export const DETAILS_METADATA_KEY = "grpc-status-details-bin";

/** The most characters of a message a field violation's description repeats. */
const MAX_DESCRIPTION_LENGTH = 1024;

/**
 * The stable reason code of a field error by its status: clients switch on these (ErrorInfo.reason
 * and FieldViolation.reason), never on the message.
 */
export const FIELD_REASON: Readonly<Partial<Record<grpc.status, string>>> = {
  [grpc.status.INVALID_ARGUMENT]: "FIELD_INVALID",
  [grpc.status.NOT_FOUND]: "FIELD_NOT_FOUND",
  [grpc.status.OUT_OF_RANGE]: "FIELD_OUT_OF_RANGE",
  [grpc.status.FAILED_PRECONDITION]: "FIELD_PRECONDITION_FAILED",
  [grpc.status.ALREADY_EXISTS]: "FIELD_ALREADY_EXISTS",
  [grpc.status.RESOURCE_EXHAUSTED]: "FIELD_TOO_LARGE",
  [grpc.status.PERMISSION_DENIED]: "FIELD_NOT_PERMITTED",
};
const OTHER_REASON = "FIELD_REJECTED";

/**
 * Sets the trailers of an error that names a request field: the old `promise-field` and a
 * `grpc-status-details-bin` google.rpc.Status with a BadRequest field violation and an ErrorInfo
 * (reason, domain, metadata.field). `message` is the status message ("field: why").
 */
export function setFieldErrorTrailers(
  metadata: grpc.Metadata,
  code: grpc.status,
  message: string,
  field: string,
): void {
  metadata.set(FIELD_METADATA_KEY, field);
  const prefix = `${field}: `;
  const why = message.startsWith(prefix) ? message.slice(prefix.length) : message;
  const description =
    why.length > MAX_DESCRIPTION_LENGTH ? `${why.slice(0, MAX_DESCRIPTION_LENGTH)}…` : why;
  const bytes = encodeFieldErrorStatus(code, message.slice(0, MAX_DESCRIPTION_LENGTH), {
    field,
    description,
    reason: FIELD_REASON[code] ?? OTHER_REASON,
    domain: ERROR_DOMAIN,
  });
  metadata.set(DETAILS_METADATA_KEY, Buffer.from(bytes));
}
