import * as grpc from "@grpc/grpc-js";
import type { Logger } from "pino";
import type { AccessTokens } from "../grpc/access-tokens.js";
import { callerOf, checkAccess } from "../grpc/auth-interceptor.js";
import { levelOf, REQUEST_ID, REQUEST_ID_KEY } from "../grpc/call-interceptor.js";
import { CallLog } from "../observability/call-log.js";
import { type CallStats, statusName } from "../observability/call-stats.js";

export interface HttpCallObserverOptions {
  readonly logger: Logger;
  readonly stats?: CallStats | undefined;
  readonly tokens: AccessTokens;
  readonly insecure?: boolean | undefined;
}

/** Reads one request header by its lower-case name (Fetch Headers or Node's IncomingHttpHeaders). */
export type HeaderReader = (name: string) => string | null;

/** One HTTP call as it starts: its metadata for the handlers, its request id, its access verdict. */
export interface ObservedCall {
  /** `package.Service/Method`, the native port's method label. */
  readonly label: string;
  readonly metadata: grpc.Metadata;
  readonly requestId: string;
  /** The refusal of a protected method (no or wrong token); undefined: the call may run. */
  readonly refusal: { readonly code: grpc.status; readonly details: string } | undefined;
  readonly startedAt: number;
}

/**
 * What the native port's call and auth interceptors do, for every HTTP call whichever route
 * serves it (connect-node's router or the Connect unary route): the request id from
 * `x-request-id` (or a new one), the access check of protected services (same tokens, same
 * roles, same refusals), and when the call ends one call log line and the call metrics, with
 * the native port's method labels.
 */
export class HttpCallObserver {
  private readonly log: CallLog;

  constructor(private readonly options: HttpCallObserverOptions) {
    this.log = new CallLog(options.logger);
  }

  /** Request metadata for the bridged handlers: the headers the native port reads. */
  static metadataOf(header: HeaderReader): grpc.Metadata {
    const metadata = new grpc.Metadata();
    const authorization = header("authorization");
    if (authorization !== null) metadata.set("authorization", authorization);
    const requestId = header(REQUEST_ID_KEY);
    if (requestId !== null) metadata.set(REQUEST_ID_KEY, requestId);
    return metadata;
  }

  begin(label: string, header: HeaderReader): ObservedCall {
    const startedAt = performance.now();
    const metadata = HttpCallObserver.metadataOf(header);
    const presented = header(REQUEST_ID_KEY);
    const requestId =
      presented !== null && REQUEST_ID.test(presented) ? presented : this.log.ids.make();
    const refusal = checkAccess(`/${label}`, metadata, {
      tokens: this.options.tokens,
      insecure: this.options.insecure,
    });
    return { label, metadata, requestId, refusal, startedAt };
  }

  /** The call's log line and metrics, once, when it ends with `code`. */
  end(call: ObservedCall, code: grpc.status): void {
    const ms = performance.now() - call.startedAt;
    this.options.stats?.record(call.label, code, ms / 1000);
    const level = levelOf(code);
    this.log.write(level, {
      method: call.label,
      status: statusName(code),
      grpcCode: code,
      durationMs: Math.round(ms * 1000) / 1000,
      requestId: call.requestId,
      caller: callerOf(call.metadata)?.name,
      peer: level === "info" ? undefined : "http",
    });
  }

  /** An error a handler should never throw: logged at error level with the method. */
  unexpected(call: ObservedCall, err: unknown): void {
    this.options.logger.error({ err, method: call.label }, "unexpected error in an HTTP call");
  }
}
