import { type OutgoingHttpHeaders, sensitiveHeaders } from "node:http2";
import * as grpc from "@grpc/grpc-js";
import type { Level, Logger } from "pino";
import { CallLog } from "../observability/call-log.js";
import type { CallStats, MethodCalls } from "../observability/call-stats.js";
import { RequestIds } from "../observability/request-ids.js";
import { callerOf } from "./auth-interceptor.js";
import { deadlineMsOf } from "./deadline.js";
import { boundStatus } from "./error-status.js";
import { setFieldErrorTrailers } from "./field-error-trailers.js";
import { UndecodableRequest } from "./guard-request-decoding.js";
import { OversizedString } from "./request-string-limits.js";

/**
 * Request metadata carrying the caller's request id: echoed in the response headers when the
 * caller sent a usable one; an error status always carries the call's id (made when none came).
 */
export const REQUEST_ID_KEY = "x-request-id";

/** Accepted request ids: 1-128 printable ASCII characters; anything else is replaced. */
export const REQUEST_ID = /^[\x21-\x7e]{1,128}$/;

export interface CallInterceptorOptions {
  /** Where each call's line goes (see CallLog). */
  readonly logger: Logger;
  /** Where calls are counted and timed (Metrics.calls); none: not counted. */
  readonly stats?: CallStats | undefined;
}

const NEVER_INDEXED = [REQUEST_ID_KEY];

/**
 * Response metadata that carries the request id as a never-indexed header (HPACK, RFC 7541
 * 6.2.3): a value that differs on every call only churns the connection's header table, and
 * inserting it measured ~5% of a cached estimate's cost. grpc-js copies the object this
 * `toHttp2Headers` returns, symbol keys included, into the headers it gives node:http2, which
 * reads the never-index list from `http2.sensitiveHeaders`.
 */
class ResponseHeaders extends grpc.Metadata {
  constructor(private readonly requestId: string) {
    super();
  }

  override toHttp2Headers(): OutgoingHttpHeaders {
    const headers = super.toHttp2Headers() as OutgoingHttpHeaders & {
      [sensitiveHeaders]?: readonly string[];
    };
    headers[REQUEST_ID_KEY] = this.requestId;
    headers[sensitiveHeaders] = NEVER_INDEXED;
    return headers;
  }
}

/** A status as grpc-js passes it through interceptors (its PartialStatusObject, not exported). */
type PartialStatus = Pick<grpc.StatusObject, "code" | "details"> & {
  metadata?: grpc.Metadata | null;
};

/** The listener half of the interface grpc-js calls on interceptors (not exported by grpc-js). */
interface InterceptingServerListener {
  onReceiveMetadata(metadata: grpc.Metadata): void;
  onReceiveMessage(message: unknown): void;
  onReceiveHalfClose(): void;
  onCancel(): void;
}

export function levelOf(code: grpc.status): Level {
  switch (code) {
    case grpc.status.INTERNAL:
    case grpc.status.UNKNOWN:
    case grpc.status.DATA_LOSS:
      return "error";
    case grpc.status.DEADLINE_EXCEEDED:
    case grpc.status.RESOURCE_EXHAUSTED:
    case grpc.status.UNAVAILABLE:
    case grpc.status.UNAUTHENTICATED:
    case grpc.status.PERMISSION_DENIED:
      return "warn";
    default:
      return "info";
  }
}

/**
 * The grpc-status grpc-js itself already sent on the call's HTTP/2 stream (in the headers of a
 * trailers-only answer, or in the trailers), when it answered without the interceptor chain. Reads
 * grpc-js's `stream` field, which is not public API: undefined when it is not there.
 */
function statusSentBy(call: grpc.ServerInterceptingCallInterface): grpc.status | undefined {
  const stream = (call as { stream?: { sentHeaders?: object; sentTrailers?: object } }).stream;
  const sent =
    (stream?.sentTrailers as Record<string, unknown> | undefined)?.["grpc-status"] ??
    (stream?.sentHeaders as Record<string, unknown> | undefined)?.["grpc-status"];
  const code = Number(sent);
  return sent !== undefined && Number.isInteger(code) && code > 0 ? code : undefined;
}

/**
 * One object per call that sits between grpc-js and the handler (it is both the call the handler
 * talks to and the listener grpc-js feeds), so observing a call costs one allocation plus the
 * response headers' request id.
 */
class ObservedCall implements grpc.ServerInterceptingCallInterface, InterceptingServerListener {
  private listener: InterceptingServerListener | undefined;
  private metadata: grpc.Metadata | undefined;
  /**
   * The caller's id, or the number of the id made for the call (its text is made only when it
   * is sent: RequestIds); "" before the metadata came.
   */
  private requestId: string | number = "";
  /** The caller sent a usable request id: the answer's headers carry it back. */
  private echoId = false;
  private headersSent = false;
  private done = false;
  private readonly startedAt = performance.now();

  constructor(
    private readonly next: grpc.ServerInterceptingCallInterface,
    private readonly method: MethodContext,
  ) {}

  // --- inbound (grpc-js -> handler) ---

  start(listener: InterceptingServerListener): void {
    this.listener = listener;
    this.next.start(this);
  }

  onReceiveMetadata(metadata: grpc.Metadata): void {
    const id = metadata.get(REQUEST_ID_KEY)[0];
    this.echoId = typeof id === "string" && REQUEST_ID.test(id);
    this.requestId = this.echoId ? (id as string) : this.method.log.ids.take();
    this.metadata = metadata;
    this.listener!.onReceiveMetadata(metadata);
  }

  onReceiveMessage(message: unknown): void {
    if (message instanceof UndecodableRequest) {
      this.refuse(grpc.status.INVALID_ARGUMENT, "the request is not a valid protobuf message");
      return;
    }
    if (message instanceof OversizedString) {
      this.refuse(grpc.status.INVALID_ARGUMENT, message.message, message.field);
      return;
    }
    this.listener!.onReceiveMessage(message);
  }

  onReceiveHalfClose(): void {
    // The handler starts now: a call whose deadline has passed does no work at all.
    const deadline = deadlineMsOf(this.next);
    if (deadline !== Number.POSITIVE_INFINITY && Date.now() >= deadline) {
      this.refuse(grpc.status.DEADLINE_EXCEEDED, "deadline exceeded before the call was handled");
      return;
    }
    this.listener!.onReceiveHalfClose();
  }

  onCancel(): void {
    // grpc-js also calls this after every status it sent; before one, the call was cut off by
    // the client, the deadline timer or the transport — or grpc-js answered by itself without
    // passing through here (RESOURCE_EXHAUSTED for a request over the size limit).
    if (!this.done) {
      this.finish(
        statusSentBy(this.next) ??
          (Date.now() >= deadlineMsOf(this.next)
            ? grpc.status.DEADLINE_EXCEEDED
            : grpc.status.CANCELLED),
      );
    }
    this.listener?.onCancel();
  }

  // --- outbound (handler -> grpc-js) ---

  sendMetadata(metadata: grpc.Metadata): void {
    if (this.headersSent) {
      this.next.sendMetadata(metadata);
      return;
    }
    this.headersSent = true;
    if (!this.echoId) {
      this.next.sendMetadata(metadata);
      return;
    }
    const headers = new ResponseHeaders(this.requestId as string);
    headers.merge(metadata);
    this.next.sendMetadata(headers);
  }

  sendMessage(message: unknown, callback: () => void): void {
    if (!this.headersSent) {
      this.headersSent = true;
      // Without an id to echo, grpc-js sends its default headers itself (as for any call).
      if (this.echoId) this.next.sendMetadata(new ResponseHeaders(this.requestId as string));
    }
    this.next.sendMessage(message, callback);
  }

  sendStatus(status: PartialStatus): void {
    if (!this.done) this.finish(status.code);
    // An error's message and trailers stay within MAX_STATUS_BYTES, whatever the handler said.
    const bounded = status.code === grpc.status.OK ? status : boundStatus(status);
    if (this.headersSent) {
      this.next.sendStatus(bounded);
      return;
    }
    // A trailers-only answer: the request id goes with the status (a made one too: an error is
    // what a caller would look up in the log).
    this.headersSent = true;
    const metadata = bounded.metadata ? bounded.metadata.clone() : new grpc.Metadata();
    const id = this.requestId;
    if (id !== "") {
      metadata.set(REQUEST_ID_KEY, typeof id === "number" ? this.method.log.ids.text(id) : id);
    }
    this.next.sendStatus({ code: bounded.code, details: bounded.details, metadata });
  }

  startRead(): void {
    this.next.startRead();
  }

  getPeer(): string {
    return this.next.getPeer();
  }

  getDeadline(): grpc.Deadline {
    return this.next.getDeadline();
  }

  getHost(): string {
    return this.next.getHost();
  }

  getAuthContext() {
    return this.next.getAuthContext();
  }

  getConnectionInfo() {
    return this.next.getConnectionInfo();
  }

  getMetricsRecorder() {
    return this.next.getMetricsRecorder();
  }

  // --- bookkeeping ---

  private refuse(code: grpc.status, details: string, field?: string): void {
    let metadata: grpc.Metadata | null = null;
    if (field !== undefined) {
      metadata = new grpc.Metadata();
      setFieldErrorTrailers(metadata, code, details, field);
    }
    this.sendStatus({ code, details, metadata });
  }

  private finish(code: grpc.status): void {
    this.done = true;
    const ms = performance.now() - this.startedAt;
    const method = this.method;
    method.calls?.record(code, ms / 1000);
    const level = levelOf(code);
    method.log.call(
      level,
      method.label,
      code,
      Math.round(ms * 1000) / 1000,
      this.requestId,
      this.metadata === undefined ? undefined : callerOf(this.metadata)?.name,
      level === "info" ? undefined : this.next.getPeer(),
    );
  }
}

/** What every call of one method shares. */
interface MethodContext {
  /** `package.Service/Method`, as in logs and metrics. */
  readonly label: string;
  readonly log: CallLog;
  /** The method's calls in `stats` (looked up once per method). */
  readonly calls: MethodCalls | undefined;
}

/**
 * Every call, first: takes the request id from `x-request-id` (or makes one for the log line)
 * and echoes the caller's id in the response headers; an answer without headers (an error status)
 * carries the call's id, made or not, in its trailers; answers INVALID_ARGUMENT for
 * undecodable requests (see guardRequestDecoding) and DEADLINE_EXCEEDED, without running the
 * handler, for a call whose deadline has passed by the time it would start; then, when the call
 * ends, writes one log line (method, status, duration, request id, caller) and counts and times
 * it in `stats`.
 *
 * Put it first in `interceptors` (before the auth interceptor) so it sees every answer.
 */
export function createCallInterceptor(options: CallInterceptorOptions): grpc.ServerInterceptor {
  const methods = new Map<string, MethodContext>();
  const log = new CallLog(options.logger, new RequestIds());
  return (method, call) => {
    let context = methods.get(method.path);
    if (context === undefined) {
      const label = method.path.slice(1);
      context = {
        label,
        log,
        calls: options.stats?.forMethod(label),
      };
      methods.set(method.path, context);
    }
    return new ObservedCall(call, context) as unknown as grpc.ServerInterceptingCall;
  };
}
