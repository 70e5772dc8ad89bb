import type { IncomingMessage, ServerResponse } from "node:http";
import { type DescMethod, fromJsonString, toBinary } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import { compressionNegotiate } from "@connectrpc/connect/protocol";
import {
  codeToHttpStatus,
  errorToJsonBytes,
  parseContentType,
  parseTimeout,
} from "@connectrpc/connect/protocol-connect";
import { compressionBrotli, compressionGzip } from "@connectrpc/connect-node";
import * as grpc from "@grpc/grpc-js";
import { LRUCache } from "lru-cache";
import { REQUEST_ID_KEY } from "../grpc/call-interceptor.js";
import { connectErrorOf } from "./connect-error-of-status.js";
import { DESCRIPTORS, type ServedService } from "./connect-routes.js";
import { type CancelSignal, callUnary, type UnaryOutcome } from "./grpc-handler-bridge.js";
import { STATUS_OF_CODE } from "./http-call-interceptor.js";
import type { HttpCallObserver, ObservedCall } from "./http-call-observer.js";
import { jsonDecodeStatus } from "./json-field-error.js";
import { JsonReplies } from "./json-replies.js";

export interface ConnectUnaryRouteOptions {
  /** The services exactly as the native gRPC ports serve them. */
  readonly services: readonly ServedService[];
  readonly observer: HttpCallObserver;
  /** The largest request and response message in bytes (the native port's limits). */
  readonly readMaxBytes: number;
  readonly writeMaxBytes: number;
}

interface UnaryMethod {
  readonly label: string;
  readonly desc: DescMethod;
  readonly definition: grpc.MethodDefinition<unknown, unknown>;
  readonly handler: grpc.handleUnaryCall<unknown, unknown>;
  /**
   * Recent JSON request bodies -> their protobuf bytes (a product page asks the same Estimate
   * again and again; the same text is the same message).
   */
  readonly jsonRequests: LRUCache<string, Uint8Array>;
}

/** As connect-node: gzip or brotli when the client accepts it, for bodies of 1 KiB or more. */
const COMPRESSIONS = [compressionGzip, compressionBrotli];
const COMPRESS_MIN_BYTES = 1024;
const JSON_TYPE = "application/json";
/** JSON requests kept (per method) are at most this long: 1,024 x 2 KiB at most. */
const KEPT_REQUEST_CHARS = 2048;
const PROTO_TYPE = "application/proto";

/** A request's cancellation: the client went away, or its deadline passed. */
class CallCancellation implements CancelSignal {
  aborted = false;
  private listener: (() => void) | undefined;

  addEventListener(_type: "abort", listener: () => void): void {
    this.listener = listener;
  }

  removeEventListener(_type: "abort", listener: () => void): void {
    if (this.listener === listener) this.listener = undefined;
  }

  abort(): void {
    if (this.aborted) return;
    this.aborted = true;
    const listener = this.listener;
    this.listener = undefined;
    listener?.();
  }
}

function headerOf(req: IncomingMessage, name: string): string | null {
  const value = req.headers[name];
  if (value === undefined) return null;
  return Array.isArray(value) ? value.join(", ") : value;
}

/** The request body, refused over `maxBytes` (declared or read) as connect-node does. */
function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = Number(req.headers["content-length"] ?? 0);
  if (declared > maxBytes) return Promise.reject(tooLarge(declared, maxBytes, "readMaxBytes"));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    req.on("data", (chunk: Buffer) => {
      length += chunk.length;
      if (length > maxBytes) {
        req.removeAllListeners("data");
        req.resume();
        reject(tooLarge(length, maxBytes, "readMaxBytes"));
        return;
      }
      chunks.push(chunk);
    });
    req.once("end", () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    // A client that goes away mid-body: the call is cancelled, not an unexpected error.
    req.once("error", () => reject(new ConnectError("the request was cut off", Code.Canceled)));
  });
}

function tooLarge(size: number, max: number, limit: string): ConnectError {
  return new ConnectError(
    `message size ${size} is larger than configured ${limit} ${max}`,
    Code.ResourceExhausted,
  );
}

/**
 * The Connect protocol's unary calls (POST, `application/json` or `application/proto`,
 * uncompressed request) for every unary method of the served services, straight on Node's
 * request and response. connect-node serves everything else on the port (gRPC-Web, server
 * streams, GET, compressed requests) and answered these too; this route exists for speed: on a
 * cached Estimate, connect-node's per-request machinery (universal request and response objects,
 * abort controllers and signals, async iterables) and protobuf-es's JSON encoding of every reply
 * cost 4-5 times the native gRPC call (bench/http-figure.ts, bench/README.md).
 *
 * Nothing about the call itself is new: the same handlers run through the same bridge
 * (callUnary: the guarded decoding, the validation, the application service, the one error
 * table), the same observer does the request id, access check, log line and metrics, and the
 * wire format is connect's own (its content-type parsing, timeout parsing, error JSON, HTTP
 * status of each code, compression negotiation).
 */
export class ConnectUnaryRoutes {
  private readonly methods = new Map<string, UnaryMethod>();
  private readonly json = new JsonReplies();

  constructor(private readonly options: ConnectUnaryRouteOptions) {
    for (const service of options.services) {
      const desc = DESCRIPTORS.get(service.name);
      if (desc === undefined) continue;
      for (const method of desc.methods) {
        if (method.methodKind !== "unary") continue;
        const definition = service.definition[method.name] as
          | grpc.MethodDefinition<unknown, unknown>
          | undefined;
        const handler = service.implementation[method.name] as
          | grpc.handleUnaryCall<unknown, unknown>
          | undefined;
        if (definition === undefined || handler === undefined) continue;
        this.methods.set(`/${desc.typeName}/${method.name}`, {
          label: `${desc.typeName}/${method.name}`,
          desc: method,
          definition,
          handler,
          jsonRequests: new LRUCache({ max: 1024 }),
        });
      }
    }
  }

  /**
   * Serves `req` when it is a Connect unary call of a served method and answers true; false:
   * not one (connect-node serves it).
   */
  serve(path: string, req: IncomingMessage, res: ServerResponse): boolean {
    if (req.method !== "POST") return false;
    const method = this.methods.get(path);
    if (method === undefined) return false;
    const type = parseContentType(headerOf(req, "content-type"));
    if (type === undefined || type.stream) return false;
    const encoding = headerOf(req, "content-encoding");
    if (encoding !== null && encoding !== "identity") return false;
    void this.run(method, type.binary, req, res);
    return true;
  }

  private async run(
    method: UnaryMethod,
    binary: boolean,
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<void> {
    const { observer } = this.options;
    const call = observer.begin(method.label, (name) => headerOf(req, name));
    const cancellation = new CallCancellation();
    let gone = false;
    const onClose = () => {
      if (res.writableFinished) return;
      gone = true;
      cancellation.abort();
    };
    res.once("close", onClose);
    let timer: NodeJS.Timeout | undefined;
    let code: grpc.status = grpc.status.OK;
    try {
      const accepted = compressionNegotiate(
        COMPRESSIONS,
        null,
        headerOf(req, "accept-encoding"),
        "Accept-Encoding",
      ).response;
      const timeout = parseTimeout(headerOf(req, "connect-timeout-ms"), Number.MAX_SAFE_INTEGER);
      if (timeout.error !== undefined) throw timeout.error;
      if (call.refusal !== undefined) throw connectErrorOf(call.refusal);
      const body = await readBody(req, this.options.readMaxBytes);
      const requestBytes = binary ? body : jsonRequestBytes(method, body);
      const bridged = {
        metadata: call.metadata,
        deadlineMs:
          timeout.timeoutMs === undefined
            ? Number.POSITIVE_INFINITY
            : Date.now() + timeout.timeoutMs,
        signal: cancellation,
        peer: "http",
      };
      let outcome: Promise<UnaryOutcome> = callUnary(
        method.definition,
        method.handler,
        requestBytes,
        bridged,
      );
      if (timeout.timeoutMs !== undefined) {
        // As grpc-js on the native port: the call is cancelled at its deadline and answered
        // DEADLINE_EXCEEDED, whatever the handler does later.
        const ms = timeout.timeoutMs;
        const expired = new Promise<UnaryOutcome>((resolve) => {
          timer = setTimeout(() => {
            cancellation.abort();
            resolve({
              status: { code: grpc.status.DEADLINE_EXCEEDED, details: "Deadline exceeded" },
            });
          }, ms);
        });
        outcome = Promise.race([outcome, expired]);
      }
      const ended = await outcome;
      if (ended.status !== undefined) throw connectErrorOf(ended.status);
      let reply: Uint8Array = binary
        ? ended.bytes
        : this.json.encode(method.desc.output, ended.reply, ended.bytes);
      if (reply.length > this.options.writeMaxBytes) {
        throw tooLarge(reply.length, this.options.writeMaxBytes, "writeMaxBytes");
      }
      const headers: Record<string, string | number> = {
        "content-type": binary ? PROTO_TYPE : JSON_TYPE,
        [REQUEST_ID_KEY]: call.requestId,
      };
      if (accepted !== null && reply.length >= COMPRESS_MIN_BYTES) {
        reply = await accepted.compress(reply);
        headers["content-encoding"] = accepted.name;
      }
      headers["content-length"] = reply.length;
      if (!gone) res.writeHead(200, headers).end(reply);
    } catch (err) {
      code = this.fail(call, err, res, gone);
    } finally {
      if (timer !== undefined) clearTimeout(timer);
      res.off("close", onClose);
      // A client that went away before its answer: CANCELLED, as on the native port.
      observer.end(call, gone && code === grpc.status.OK ? grpc.status.CANCELLED : code);
    }
  }

  /** Answers the error as connect-node does (Connect error JSON, its HTTP status); its status. */
  private fail(call: ObservedCall, err: unknown, res: ServerResponse, gone: boolean): grpc.status {
    if (!(err instanceof ConnectError)) this.options.observer.unexpected(call, err);
    const error =
      err instanceof ConnectError ? err : connectErrorOf({ code: grpc.status.INTERNAL });
    const code = STATUS_OF_CODE.get(error.code) ?? grpc.status.UNKNOWN;
    if (gone || res.headersSent) return code;
    const body = errorToJsonBytes(error, undefined);
    const headers: Record<string, string | number> = {};
    error.metadata.forEach((value, key) => {
      headers[key] = value;
    });
    headers["content-type"] = JSON_TYPE;
    headers[REQUEST_ID_KEY] = call.requestId;
    headers["content-length"] = body.length;
    res.writeHead(codeToHttpStatus(error.code), headers).end(body);
    return code;
  }
}

/** A Connect JSON request as the protobuf bytes the native handlers decode (as connect-node). */
function jsonRequestBytes(method: UnaryMethod, body: Buffer): Uint8Array {
  const text = body.toString("utf8");
  const known = method.jsonRequests.get(text);
  if (known !== undefined) return known;
  let message: ReturnType<typeof fromJsonString>;
  try {
    message = fromJsonString(method.desc.input, text, { ignoreUnknownFields: true });
  } catch (e) {
    throw connectErrorOf(jsonDecodeStatus(method.desc.input, e));
  }
  const bytes = toBinary(method.desc.input, message);
  if (text.length <= KEPT_REQUEST_CHARS) method.jsonRequests.set(text, bytes);
  return bytes;
}
