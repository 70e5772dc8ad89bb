import { fromBinary } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import * as grpc from "@grpc/grpc-js";
import { StatusSchema } from "../../packages/client/src/generated/google/rpc/status_pb.js";
import {
  DETAILS_METADATA_KEY,
  FIELD_METADATA_KEY,
  INTERNAL_MESSAGE,
} from "../grpc/error-status.js";

/**
 * The HTTP edge's one error table: the status a call ended with (domain errors have already gone
 * through STATUS_OF_KIND, the domain table shared with native gRPC) -> the Connect code, which the
 * Connect protocol maps to an HTTP status (invalid_argument 400, not_found 404, ...).
 */
export const CONNECT_CODE_OF_STATUS: Readonly<Record<number, Code>> = {
  [grpc.status.CANCELLED]: Code.Canceled,
  [grpc.status.UNKNOWN]: Code.Unknown,
  [grpc.status.INVALID_ARGUMENT]: Code.InvalidArgument,
  [grpc.status.DEADLINE_EXCEEDED]: Code.DeadlineExceeded,
  [grpc.status.NOT_FOUND]: Code.NotFound,
  [grpc.status.ALREADY_EXISTS]: Code.AlreadyExists,
  [grpc.status.PERMISSION_DENIED]: Code.PermissionDenied,
  [grpc.status.RESOURCE_EXHAUSTED]: Code.ResourceExhausted,
  [grpc.status.FAILED_PRECONDITION]: Code.FailedPrecondition,
  [grpc.status.ABORTED]: Code.Aborted,
  [grpc.status.OUT_OF_RANGE]: Code.OutOfRange,
  [grpc.status.UNIMPLEMENTED]: Code.Unimplemented,
  [grpc.status.INTERNAL]: Code.Internal,
  [grpc.status.UNAVAILABLE]: Code.Unavailable,
  [grpc.status.DATA_LOSS]: Code.DataLoss,
  [grpc.status.UNAUTHENTICATED]: Code.Unauthenticated,
};

/** The metadata key a Connect error names the request field in (as native gRPC's trailer). */
export const CONNECT_FIELD_HEADER = FIELD_METADATA_KEY;

/**
 * A Connect error from a call's status: same message (it starts with the field, for example
 * `sku: must not be empty`), the field in the `promise-field` metadata. Codes outside the table
 * answer internal with the generic message, never the original text.
 */
export function connectErrorOf(status: Partial<grpc.StatusObject>): ConnectError {
  const code = CONNECT_CODE_OF_STATUS[status.code ?? grpc.status.UNKNOWN];
  if (code === undefined || code === Code.Internal || code === Code.Unknown) {
    return new ConnectError(INTERNAL_MESSAGE, Code.Internal);
  }
  const metadata = new Headers();
  const field = status.metadata?.get(FIELD_METADATA_KEY)[0];
  if (typeof field === "string") metadata.set(CONNECT_FIELD_HEADER, field);
  const error = new ConnectError(status.details ?? "", code, metadata);
  // The google.rpc.Status details (a refused confirm's promise.v1.FreshOptions, ...) become the
  // Connect error's details: `details` in Connect JSON, grpc-status-details-bin in gRPC-Web.
  const bytes = status.metadata?.get(DETAILS_METADATA_KEY)[0];
  if (bytes instanceof Uint8Array) {
    try {
      for (const any of fromBinary(StatusSchema, bytes).details) {
        error.details.push({
          type: any.typeUrl.slice(any.typeUrl.lastIndexOf("/") + 1),
          value: any.value,
        });
      }
    } catch {
      // Our own bytes; never malformed in practice, and the error stands without them.
    }
  }
  return error;
}
