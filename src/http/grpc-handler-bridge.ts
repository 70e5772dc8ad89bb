import { EventEmitter } from "node:events";
import * as grpc from "@grpc/grpc-js";
import { setFieldErrorTrailers } from "../grpc/field-error-trailers.js";
import { UndecodableRequest } from "../grpc/guard-request-decoding.js";
import { OversizedString } from "../grpc/request-string-limits.js";

/**
 * The part of an AbortSignal a bridged call listens to (the client went away, the deadline
 * passed): connect-node's request signal, or the Connect unary route's own lighter one.
 */
export interface CancelSignal {
  readonly aborted: boolean;
  addEventListener(type: "abort", listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: "abort", listener: () => void): void;
}

/** What a bridged call carries besides its request bytes. */
export interface BridgedCall {
  /** Request metadata (the authorization header, x-request-id). */
  readonly metadata: grpc.Metadata;
  /** UTC ms; Infinity when the caller set no timeout. */
  readonly deadlineMs: number;
  readonly signal: CancelSignal;
  readonly peer: string;
}

/** The end of a bridged unary call: the reply object and its bytes, or the status it failed with. */
export type UnaryOutcome =
  | { readonly reply: object; readonly bytes: Uint8Array; readonly status?: undefined }
  | { readonly status: Partial<grpc.StatusObject>; readonly reply?: undefined };

/**
 * Decodes request bytes with the served (guarded) gRPC definition: undecodable bytes or a string
 * over its limit become the same INVALID_ARGUMENT statuses the native port answers.
 */
export function decodeRequest(
  method: grpc.MethodDefinition<unknown, unknown>,
  bytes: Uint8Array,
): { request: unknown; status?: undefined } | { status: Partial<grpc.StatusObject> } {
  const request = method.requestDeserialize(
    Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length),
  );
  if (request instanceof UndecodableRequest) {
    return {
      status: {
        code: grpc.status.INVALID_ARGUMENT,
        details: "the request is not a valid protobuf message",
      },
    };
  }
  if (request instanceof OversizedString) {
    // As the native port: the field in promise-field and in the google.rpc details.
    const metadata = new grpc.Metadata();
    setFieldErrorTrailers(metadata, grpc.status.INVALID_ARGUMENT, request.message, request.field);
    return { status: { code: grpc.status.INVALID_ARGUMENT, details: request.message, metadata } };
  }
  return { request };
}

/**
 * The HTTP edge runs the very handlers the native gRPC port serves (which only map requests onto
 * the application services: Estimator, Checkout, the admin and planner services), with a call
 * object that carries the request, its metadata and its deadline. So no rule exists twice: the
 * request decoding and string limits, the validation, the use case and the domain error table
 * are the ones native gRPC uses.
 */
export function callUnary(
  method: grpc.MethodDefinition<unknown, unknown>,
  handler: grpc.handleUnaryCall<unknown, unknown>,
  requestBytes: Uint8Array,
  call: BridgedCall,
): Promise<UnaryOutcome> {
  const decoded = decodeRequest(method, requestBytes);
  if (decoded.status !== undefined) return Promise.resolve({ status: decoded.status });
  // As the native port: a call whose deadline has passed does no work at all.
  if (Date.now() >= call.deadlineMs) {
    return Promise.resolve({
      status: {
        code: grpc.status.DEADLINE_EXCEEDED,
        details: "deadline exceeded before the call was handled",
      },
    });
  }
  return new Promise((resolve) => {
    const fake = Object.assign(new EventEmitter(), {
      request: decoded.request,
      metadata: call.metadata,
      cancelled: call.signal.aborted,
      getDeadline: () => call.deadlineMs,
      getPeer: () => call.peer,
      getPath: () => method.path,
      sendMetadata() {},
    });
    const onAbort = () => {
      fake.cancelled = true;
      fake.emit("cancelled");
    };
    call.signal.addEventListener("abort", onAbort, { once: true });
    const done: grpc.sendUnaryData<unknown> = (error, value) => {
      call.signal.removeEventListener("abort", onAbort);
      if (error !== null && error !== undefined) {
        resolve({ status: error as Partial<grpc.StatusObject> });
        return;
      }
      const reply = value as object;
      resolve({ reply, bytes: method.responseSerialize(reply) });
    };
    try {
      handler(fake as unknown as grpc.ServerUnaryCall<unknown, unknown>, done);
    } catch {
      call.signal.removeEventListener("abort", onAbort);
      resolve({ status: { code: grpc.status.INTERNAL } });
    }
  });
}
