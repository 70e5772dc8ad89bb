import { join } from "node:path";
import protobuf from "protobufjs";
import type { FreshOptions } from "./generated/promise/v1/FreshOptions.js";
import { protoDir } from "./load-proto.js";

const FRESH_OPTIONS_TYPE = "promise.v1.FreshOptions";
const TYPE_URL_PREFIX = "type.googleapis.com/";

const BAD_REQUEST_TYPE = "google.rpc.BadRequest";
const ERROR_INFO_TYPE = "google.rpc.ErrorInfo";

interface Types {
  readonly status: protobuf.Type;
  readonly freshOptions: protobuf.Type;
  readonly badRequest: protobuf.Type;
  readonly errorInfo: protobuf.Type;
}

let types: Types | undefined;

function load(): Types {
  if (types === undefined) {
    const dir = protoDir();
    const root = new protobuf.Root();
    root.resolvePath = (_origin, target) => join(dir, target);
    root.loadSync([
      "google/rpc/status.proto",
      "google/rpc/error_details.proto",
      "promise/v1/promise.proto",
    ]);
    types = {
      status: root.lookupType("google.rpc.Status"),
      freshOptions: root.lookupType(FRESH_OPTIONS_TYPE),
      badRequest: root.lookupType(BAD_REQUEST_TYPE),
      errorInfo: root.lookupType(ERROR_INFO_TYPE),
    };
  }
  return types;
}

/**
 * A `google.rpc.Status` (the standard richer error model, sent in `grpc-status-details-bin`)
 * whose one detail is a `promise.v1.FreshOptions`: what still holds after a refused confirmation.
 */
export function encodeFreshOptionsStatus(
  code: number,
  message: string,
  fresh: FreshOptions,
): Uint8Array {
  const { status, freshOptions } = load();
  const value = freshOptions.encode(freshOptions.fromObject(fresh)).finish();
  return status
    .encode(
      status.fromObject({
        code,
        message,
        details: [{ type_url: TYPE_URL_PREFIX + FRESH_OPTIONS_TYPE, value }],
      }),
    )
    .finish();
}

/** The FreshOptions in a `grpc-status-details-bin` value, if there is one (for clients, tests). */
export function decodeFreshOptions(details: Uint8Array): Record<string, unknown> | undefined {
  const { status, freshOptions } = load();
  const decoded = status.toObject(status.decode(details), { defaults: true }) as {
    details: { type_url?: string; typeUrl?: string; value: Uint8Array }[];
  };
  for (const any of decoded.details) {
    const url = any.type_url ?? any.typeUrl;
    if (url === TYPE_URL_PREFIX + FRESH_OPTIONS_TYPE) {
      return freshOptions.toObject(freshOptions.decode(any.value), {
        defaults: true,
        enums: String,
        longs: Number,
      });
    }
  }
  return undefined;
}

/** One request field at fault, as google.rpc.BadRequest and google.rpc.ErrorInfo say it. */
export interface FieldError {
  readonly field: string;
  readonly description: string;
  /** A stable UPPER_SNAKE_CASE code, for example FIELD_INVALID. */
  readonly reason: string;
  /** ErrorInfo.domain: the service that produced it. */
  readonly domain: string;
}

/**
 * A `google.rpc.Status` whose details are a `google.rpc.BadRequest` with one field violation and
 * a `google.rpc.ErrorInfo` with the same reason code (metadata: the field), for
 * `grpc-status-details-bin`.
 */
export function encodeFieldErrorStatus(
  code: number,
  message: string,
  error: FieldError,
): Uint8Array {
  const { status, badRequest, errorInfo } = load();
  const violation = badRequest.encode(
    badRequest.fromObject({
      fieldViolations: [
        { field: error.field, description: error.description, reason: error.reason },
      ],
    }),
  );
  const info = errorInfo.encode(
    errorInfo.fromObject({
      reason: error.reason,
      domain: error.domain,
      metadata: { field: error.field },
    }),
  );
  return status
    .encode(
      status.fromObject({
        code,
        message,
        details: [
          { type_url: TYPE_URL_PREFIX + BAD_REQUEST_TYPE, value: violation.finish() },
          { type_url: TYPE_URL_PREFIX + ERROR_INFO_TYPE, value: info.finish() },
        ],
      }),
    )
    .finish();
}

/** What a `grpc-status-details-bin` value says: its code, message and the details it holds. */
export interface DecodedStatus {
  readonly code: number;
  readonly message: string;
  readonly badRequest?: {
    fieldViolations: { field: string; description: string; reason: string }[];
  };
  readonly errorInfo?: { reason: string; domain: string; metadata: Record<string, string> };
}

/** Decodes the BadRequest and ErrorInfo of a `grpc-status-details-bin` value (clients, tests). */
export function decodeStatusDetails(details: Uint8Array): DecodedStatus {
  const { status, badRequest, errorInfo } = load();
  const decoded = status.toObject(status.decode(details), { defaults: true }) as {
    code: number;
    message: string;
    details: { type_url?: string; typeUrl?: string; value: Uint8Array }[];
  };
  const result: {
    code: number;
    message: string;
    badRequest?: DecodedStatus["badRequest"];
    errorInfo?: DecodedStatus["errorInfo"];
  } = { code: decoded.code, message: decoded.message };
  for (const any of decoded.details) {
    const url = any.type_url ?? any.typeUrl;
    if (url === TYPE_URL_PREFIX + BAD_REQUEST_TYPE) {
      result.badRequest = badRequest.toObject(badRequest.decode(any.value), {
        defaults: true,
      }) as DecodedStatus["badRequest"];
    } else if (url === TYPE_URL_PREFIX + ERROR_INFO_TYPE) {
      result.errorInfo = errorInfo.toObject(errorInfo.decode(any.value), {
        defaults: true,
      }) as DecodedStatus["errorInfo"];
    }
  }
  return result;
}
