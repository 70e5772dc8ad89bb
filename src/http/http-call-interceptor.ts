import { ConnectError, type Interceptor } from "@connectrpc/connect";
import * as grpc from "@grpc/grpc-js";
import type { Logger } from "pino";
import type { AccessTokens } from "../grpc/access-tokens.js";
import { callerOf, checkAccess } from "../grpc/auth-interceptor.js";
import { levelOf, REQUEST_ID, REQUEST_ID_KEY, RequestIds } from "../grpc/call-interceptor.js";
import { CallLog } from "../observability/call-log.js";
import { type CallStats, statusName } from "../observability/call-stats.js";
import { CONNECT_CODE_OF_STATUS, connectErrorOf } from "./connect-error-of-status.js";
import { METADATA, metadataOf } from "./connect-routes.js";

export interface HttpCallInterceptorOptions {
  readonly logger: Logger;
  readonly stats?: CallStats | undefined;
  readonly tokens: AccessTokens;
  readonly insecure?: boolean | undefined;
}

/** Connect code -> gRPC status number (the same numbers; kept explicit through the one table). */
const STATUS_OF_CODE = new Map<number, grpc.status>(
  Object.entries(CONNECT_CODE_OF_STATUS).map(([status, code]) => [code, Number(status)]),
);

/**
 * What the native port's call and auth interceptors do, for HTTP calls: the request id from
 * `x-request-id` (or a new one) echoed in the response header; the access check of protected
 * services (same tokens, same roles, same refusals); one call log line and the call metrics
 * (same method labels as native gRPC) when the call ends.
 */
export function createHttpCallInterceptor(options: HttpCallInterceptorOptions): Interceptor {
  const log = new CallLog(options.logger);
  const ids = new RequestIds();
  return (next) => async (req) => {
    const startedAt = performance.now();
    const label = `${req.service.typeName}/${req.method.name}`;
    const metadata = metadataOf(req.header);
    req.contextValues.set(METADATA, metadata);
    const presented = req.header.get(REQUEST_ID_KEY);
    const requestId = presented !== null && REQUEST_ID.test(presented) ? presented : ids.make();
    let code: number = grpc.status.OK;
    try {
      const refusal = checkAccess(`/${label}`, metadata, {
        tokens: options.tokens,
        insecure: options.insecure,
      });
      if (refusal !== undefined) throw connectErrorOf(refusal);
      const res = await next(req);
      res.header.set(REQUEST_ID_KEY, requestId);
      return res;
    } catch (err) {
      if (!(err instanceof ConnectError)) {
        options.logger.error({ err, method: label }, "unexpected error in an HTTP call");
      }
      const connect = err instanceof ConnectError ? err : ConnectError.from(err);
      code = STATUS_OF_CODE.get(connect.code) ?? grpc.status.UNKNOWN;
      connect.metadata.set(REQUEST_ID_KEY, requestId);
      throw err instanceof ConnectError ? err : connectErrorOf({ code: grpc.status.INTERNAL });
    } finally {
      const ms = performance.now() - startedAt;
      options.stats?.record(label, code, ms / 1000);
      const level = levelOf(code);
      log.write(level, {
        method: label,
        status: statusName(code),
        grpcCode: code,
        durationMs: Math.round(ms * 1000) / 1000,
        requestId,
        caller: callerOf(metadata)?.name,
        peer: level === "info" ? undefined : "http",
      });
    }
  };
}
