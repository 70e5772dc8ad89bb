import { join } from "node:path";
import protobuf from "protobufjs";
import type { FreshOptions } from "./generated/promise/v1/FreshOptions.js";
import { protoDir } from "./load-proto.js";

const FRESH_OPTIONS_TYPE = "promise.v1.FreshOptions";
const TYPE_URL_PREFIX = "type.googleapis.com/";

interface Types {
  readonly status: protobuf.Type;
  readonly freshOptions: protobuf.Type;
}

let types: Types | undefined;

function load(): Types {
  if (types === undefined) {
    const dir = protoDir();
    const root = new protobuf.Root();
    root.resolvePath = (_origin, target) => join(dir, target);
    root.loadSync(["google/rpc/status.proto", "promise/v1/promise.proto"]);
    types = {
      status: root.lookupType("google.rpc.Status"),
      freshOptions: root.lookupType(FRESH_OPTIONS_TYPE),
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
