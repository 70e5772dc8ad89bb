import type * as grpc from "@grpc/grpc-js";
import type { ExtraService } from "../grpc/create-server.js";
import { guardRequestDecoding } from "../grpc/guard-request-decoding.js";
import { loadProto, PROMISE_SERVICE_NAME } from "../grpc/load-proto.js";
import { withEstimateEncoders } from "../grpc/memoized-encoding.js";
import type { PromiseService } from "../grpc/promise-service.js";
import type { ServedService } from "./connect-routes.js";

/**
 * The services as the native ports serve them (the same guarded definitions: string limits,
 * undecodable bytes; the same handlers), for the HTTP edge.
 */
export function servedServices(
  promiseService: PromiseService,
  extras: readonly ExtraService[],
): ServedService[] {
  const { proto } = loadProto();
  return [
    {
      name: PROMISE_SERVICE_NAME,
      definition: guardRequestDecoding(
        withEstimateEncoders(proto.promise.v1.PromiseService.service),
      ),
      implementation: promiseService.handlers as unknown as grpc.UntypedServiceImplementation,
    },
    ...extras.map((e) => ({ ...e, definition: guardRequestDecoding(e.definition) })),
  ];
}
