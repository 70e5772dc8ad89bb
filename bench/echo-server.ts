/**
 * The baseline: a minimal grpc-js unary server that answers every call with the same bytes.
 *
 *   node --import tsx bench/echo-server.ts <reply-file>
 *
 * It serves `/promise.v1.PromiseService/Estimate` (and `EstimateBatch`, `ConfirmPromise`), so
 * h2load (or bench/confirm-client.ts) sends it exactly the frames it sends the service, and replies
 * with the bytes of a real reply captured from the service (same size, same content): the
 * Estimate reply, or a ConfirmPromise reply for the confirm echo (bench/confirm-echo-figure.ts). Same grpc-js, same server options as the service's
 * public port (message size limits from the same config, insecure credentials, 127.0.0.1): only
 * the service's own work is missing — request decoding, interceptors, the handler, the encoder.
 *
 * Started by bench/run.ts as a child with an IPC channel: it sends `ready` once
 * bound, and exits on `stop` or when the parent goes away.
 */
import { readFileSync } from "node:fs";
import * as grpc from "@grpc/grpc-js";
import { loadConfig } from "../src/config/config.js";
import { isMessage, type ParentMessage, type ProbeReply, type ReadyMessage } from "./bench-ipc.js";

export const ESTIMATE_PATH = "/promise.v1.PromiseService/Estimate";
export const ESTIMATE_BATCH_PATH = "/promise.v1.PromiseService/EstimateBatch";
export const CONFIRM_PROMISE_PATH = "/promise.v1.PromiseService/ConfirmPromise";

const identity = (value: Buffer): Buffer => value;

function unaryBytes(path: string): grpc.MethodDefinition<Buffer, Buffer> {
  return {
    path,
    requestStream: false,
    responseStream: false,
    requestSerialize: identity,
    requestDeserialize: identity,
    responseSerialize: identity,
    responseDeserialize: identity,
  };
}

/** The echo server on `address`, replying `reply` to every call; resolves with the bound port. */
export async function startEchoServer(
  reply: Buffer,
  address = "127.0.0.1:0",
): Promise<{ server: grpc.Server; port: number }> {
  const config = loadConfig(process.env);
  const server = new grpc.Server({
    "grpc.max_receive_message_length": config.maxReceiveMessageBytes,
    "grpc.max_send_message_length": config.maxSendMessageBytes,
  });
  const handler: grpc.handleUnaryCall<Buffer, Buffer> = (_call, callback) => callback(null, reply);
  server.addService(
    {
      Estimate: unaryBytes(ESTIMATE_PATH),
      EstimateBatch: unaryBytes(ESTIMATE_BATCH_PATH),
      ConfirmPromise: unaryBytes(CONFIRM_PROMISE_PATH),
    },
    { Estimate: handler, EstimateBatch: handler, ConfirmPromise: handler },
  );
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(address, grpc.ServerCredentials.createInsecure(), (err, p) =>
      err ? reject(err) : resolve(p),
    ),
  );
  return { server, port };
}

async function main(): Promise<void> {
  const replyFile = process.argv[2];
  if (replyFile === undefined) throw new Error("usage: echo-server.ts <reply-file>");
  const { server, port } = await startEchoServer(readFileSync(replyFile));
  const stop = () => {
    server.forceShutdown();
    process.exit(0);
  };
  process.on("message", (message: ParentMessage) => {
    if (!isMessage(message)) return;
    if (message.type === "stop") stop();
    else if (message.type === "probe") {
      const reply: ProbeReply = {
        type: "probe",
        id: message.id,
        rss: [process.memoryUsage.rss()],
        memory: [process.memoryUsage()],
        calls: {},
      };
      process.send?.(reply);
    }
  });
  process.on("disconnect", stop);
  process.on("SIGTERM", stop);
  const ready: ReadyMessage = { type: "ready", port, pids: [process.pid] };
  process.send?.(ready);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
