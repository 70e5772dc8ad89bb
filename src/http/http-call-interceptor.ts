import { ConnectError, type Interceptor } from "@connectrpc/connect";
import * as grpc from "@grpc/grpc-js";
import { REQUEST_ID_KEY } from "../grpc/call-interceptor.js";
import { CONNECT_CODE_OF_STATUS, connectErrorOf } from "./connect-error-of-status.js";
import { METADATA } from "./connect-routes.js";
import type { HttpCallObserver } from "./http-call-observer.js";

/** Connect code -> gRPC status number (the same numbers; kept explicit through the one table). */
export const STATUS_OF_CODE: ReadonlyMap<number, grpc.status> = new Map<number, grpc.status>(
  Object.entries(CONNECT_CODE_OF_STATUS).map(([status, code]) => [code, Number(status)]),
);

/**
 * The HTTP call observer (request id, access check, call log line and metrics, as the native
 * port's interceptors) as a connect-node interceptor, for the calls connect-node serves: the
 * request id is echoed in the response header, refusals and errors carry it too.
 */
export function createHttpCallInterceptor(observer: HttpCallObserver): Interceptor {
  return (next) => async (req) => {
    const call = observer.begin(`${req.service.typeName}/${req.method.name}`, (name) =>
      req.header.get(name),
    );
    req.contextValues.set(METADATA, call.metadata);
    let code: number = grpc.status.OK;
    try {
      if (call.refusal !== undefined) throw connectErrorOf(call.refusal);
      const res = await next(req);
      res.header.set(REQUEST_ID_KEY, call.requestId);
      return res;
    } catch (err) {
      if (!(err instanceof ConnectError)) observer.unexpected(call, err);
      const connect =
        err instanceof ConnectError ? err : connectErrorOf({ code: grpc.status.INTERNAL });
      code = STATUS_OF_CODE.get(connect.code) ?? grpc.status.UNKNOWN;
      connect.metadata.set(REQUEST_ID_KEY, call.requestId);
      throw connect;
    } finally {
      observer.end(call, code);
    }
  };
}
