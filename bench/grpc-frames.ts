/**
 * Real requests as bytes: protobuf messages encoded with the service's own (proto-loader)
 * serializers, the 5-byte gRPC message prefix h2load must send, and a raw grpc-js call that
 * returns a reply's bytes (to size the echo server's reply like the service's).
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import * as grpc from "@grpc/grpc-js";
import type { EstimateBatchRequest } from "../src/grpc/generated/promise/v1/EstimateBatchRequest.js";
import type { EstimateRequest } from "../src/grpc/generated/promise/v1/EstimateRequest.js";
import { loadProto } from "../src/grpc/load-proto.js";

type PromiseMethod = keyof ReturnType<typeof promiseDefinition>;

function promiseDefinition() {
  return loadProto().proto.promise.v1.PromiseService.service;
}

export function encodeEstimateRequest(request: EstimateRequest): Buffer {
  return promiseDefinition().Estimate.requestSerialize(request);
}

export function encodeEstimateBatchRequest(request: EstimateBatchRequest): Buffer {
  return promiseDefinition().EstimateBatch.requestSerialize(request);
}

/** Decodes a reply of a PromiseService method (as proto-loader gives it to a client). */
export function decodeReply(method: PromiseMethod, bytes: Buffer): unknown {
  return (
    promiseDefinition()[method] as grpc.MethodDefinition<unknown, unknown>
  ).responseDeserialize(bytes);
}

/** The gRPC length-prefixed message: flag 0 (not compressed), 4-byte big-endian length, bytes. */
export function grpcFrame(message: Buffer): Buffer {
  const frame = Buffer.allocUnsafe(5 + message.length);
  frame[0] = 0;
  frame.writeUInt32BE(message.length, 1);
  message.copy(frame, 5);
  return frame;
}

/** Writes the framed request to `dir/name` for h2load's `-d`; returns the path. */
export function writeFrameFile(dir: string, name: string, message: Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, grpcFrame(message));
  return path;
}

const identity = (b: Buffer) => b;

/** A client with its own connection (not shared with other clients to the same address). */
export function ownConnectionClient(port: number): grpc.Client {
  return new grpc.Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), {
    "grpc.use_local_subchannel_pool": 1,
  });
}

/** One unary call on `client` with raw bytes both ways; resolves with the reply's bytes. */
export function callRawOn(
  client: grpc.Client,
  method: PromiseMethod,
  request: Buffer,
  timeoutMs = 10_000,
): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    client.makeUnaryRequest(
      `/promise.v1.PromiseService/${method}`,
      identity,
      identity,
      request,
      { deadline: Date.now() + timeoutMs },
      (err, reply) => (err || reply === undefined ? reject(err) : resolve(reply)),
    );
  });
}

/** One unary call on a new connection; resolves with the reply's bytes. */
export function callRaw(
  port: number,
  method: PromiseMethod,
  request: Buffer,
  timeoutMs = 10_000,
): Promise<Buffer> {
  const client = ownConnectionClient(port);
  return callRawOn(client, method, request, timeoutMs).finally(() => client.close());
}
