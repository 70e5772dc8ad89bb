import type * as grpc from "@grpc/grpc-js";
import type { Logger } from "pino";
import { toStatus } from "./error-status.js";

/**
 * A unary handler from an (async) function of the request: its result is the reply, and anything
 * it throws goes through the one error table (`toStatus`), optionally after `mapError`.
 */
export function asyncUnary<Req, Res>(
  method: string,
  logger: Logger,
  handle: (request: Req, call: grpc.ServerUnaryCall<Req, Res>) => Promise<Res> | Res,
  mapError: (err: unknown) => unknown = (err) => err,
): (call: grpc.ServerUnaryCall<Req, Res>, callback: grpc.sendUnaryData<Res>) => void {
  return (call, callback) => {
    Promise.resolve()
      .then(() => handle(call.request, call))
      .then(
        (response) => callback(null, response),
        (err: unknown) => callback(toStatus(mapError(err), logger, method)),
      );
  };
}
