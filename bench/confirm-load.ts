/**
 * ConfirmPromise load: a QuoteCart first (grpc-js client), then bench/confirm-client.ts in its
 * own process.
 */
import { fileURLToPath } from "node:url";
import * as grpc from "@grpc/grpc-js";
import type { PromiseServiceClient } from "../src/grpc/generated/promise/v1/PromiseService.js";
import type { QuoteCartRequest } from "../src/grpc/generated/promise/v1/QuoteCartRequest.js";
import type { QuoteCartResponse__Output } from "../src/grpc/generated/promise/v1/QuoteCartResponse.js";
import { loadProto } from "../src/grpc/load-proto.js";
import type { ConfirmClientSpec } from "./confirm-client.js";
import type { ConfirmLoadResult } from "./confirm-load-result.js";
import { runJsonScript } from "./run-json-script.js";

export function promiseClient(port: number): PromiseServiceClient {
  const { proto } = loadProto();
  return new proto.promise.v1.PromiseService(
    `127.0.0.1:${port}`,
    grpc.credentials.createInsecure(),
  );
}

export function quoteCart(
  client: PromiseServiceClient,
  request: QuoteCartRequest,
): Promise<QuoteCartResponse__Output> {
  return new Promise((resolve, reject) => {
    client.QuoteCart(request, { deadline: Date.now() + 10_000 }, (err, reply) =>
      err || reply === undefined ? reject(err) : resolve(reply),
    );
  });
}

const CLIENT = fileURLToPath(new URL("confirm-client.ts", import.meta.url));

/**
 * Runs bench/confirm-client.ts (raw gRPC over node:http2) in its own process, pinned to `cpus`
 * when given; resolves with its result. Bounded: killed 30 s after it should have finished.
 */
export function runConfirmLoad(
  spec: ConfirmClientSpec,
  cpus: string | undefined,
): Promise<ConfirmLoadResult> {
  return runJsonScript<ConfirmLoadResult>({
    script: CLIENT,
    name: "confirm client",
    spec,
    cpus,
    timeoutMs: (spec.warmUpSeconds + spec.seconds + 30) * 1000,
  });
}
