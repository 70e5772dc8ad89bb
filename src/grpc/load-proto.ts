import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";
import type { ProtoGrpcType as AdminProto } from "./generated/admin.js";
import type { ProtoGrpcType as PlannerProto } from "./generated/planner.js";
import type { ProtoGrpcType as PromiseProto } from "./generated/promise.js";

/** Every service of `promise.v1`, typed with the generated types. */
export type ProtoGrpcType = PromiseProto & AdminProto & PlannerProto;

export const PROTO_FILES = [
  "promise/v1/common.proto",
  "promise/v1/promise.proto",
  "promise/v1/admin.proto",
  "promise/v1/planner.proto",
] as const;

/** The same options `npm run gen` generates the types with. */
export const PROTO_LOADER_OPTIONS: protoLoader.Options = {
  keepCase: false,
  longs: Number,
  enums: String,
  defaults: true,
  oneofs: true,
};

export const PROMISE_SERVICE_NAME = "promise.v1.PromiseService";

/**
 * The repository's `proto/` directory, found by walking up from this module (it sits two levels
 * up from `src/grpc/` and three from `dist/src/grpc/`).
 */
export function protoDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, "proto");
    if (existsSync(join(candidate, "promise", "v1", "promise.proto"))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error("proto/promise/v1/promise.proto not found above " + dir);
    dir = parent;
  }
}

export interface LoadedProto {
  readonly packageDefinition: protoLoader.PackageDefinition;
  readonly proto: ProtoGrpcType;
}

let loaded: LoadedProto | undefined;

/** Loads (once per process) the package definition of every .proto under `proto/`. */
export function loadProto(): LoadedProto {
  if (loaded === undefined) {
    const includeDir = protoDir();
    const packageDefinition = protoLoader.loadSync([...PROTO_FILES], {
      ...PROTO_LOADER_OPTIONS,
      includeDirs: [includeDir],
    });
    const proto = grpc.loadPackageDefinition(packageDefinition) as unknown as ProtoGrpcType;
    loaded = { packageDefinition, proto };
  }
  return loaded;
}
