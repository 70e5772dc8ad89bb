import { EventEmitter } from "node:events";
import type * as grpc from "@grpc/grpc-js";
import { connectErrorOf } from "./connect-error-of-status.js";
import { type BridgedCall, decodeRequest } from "./grpc-handler-bridge.js";

/**
 * Runs a native server-streaming handler (PeakPlannerService.Simulate) for the HTTP edge: every
 * `call.write` becomes one message of the stream, `call.end()` ends it, and an `error` event
 * ends it with that status (through the one HTTP error table). A client that goes away cancels
 * the call as on the native port (`cancelled` event).
 */
export async function* callStream(
  method: grpc.MethodDefinition<unknown, unknown>,
  handler: grpc.handleServerStreamingCall<unknown, unknown>,
  requestBytes: Uint8Array,
  call: BridgedCall,
): AsyncGenerator<Uint8Array> {
  const decoded = decodeRequest(method, requestBytes);
  if (decoded.status !== undefined) throw connectErrorOf(decoded.status);
  const queue: Uint8Array[] = [];
  let ended = false;
  let failure: Partial<grpc.StatusObject> | undefined;
  let wake: (() => void) | undefined;
  const notify = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  const fake = Object.assign(new EventEmitter(), {
    request: decoded.request,
    metadata: call.metadata,
    cancelled: false,
    getDeadline: () => call.deadlineMs,
    getPeer: () => call.peer,
    getPath: () => method.path,
    sendMetadata() {},
    write(message: unknown) {
      if (ended) return false;
      queue.push(method.responseSerialize(message));
      notify();
      return true;
    },
    end() {
      ended = true;
      notify();
    },
  });
  fake.on("error", (status: Partial<grpc.StatusObject>) => {
    if (ended) return;
    failure = status;
    ended = true;
    notify();
  });
  const onAbort = () => {
    fake.cancelled = true;
    fake.emit("cancelled");
    ended = true;
    notify();
  };
  call.signal.addEventListener("abort", onAbort, { once: true });
  try {
    handler(fake as unknown as grpc.ServerWritableStream<unknown, unknown>);
    for (;;) {
      while (queue.length > 0) yield queue.shift()!;
      if (ended) break;
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
    while (queue.length > 0 && failure === undefined && !call.signal.aborted) yield queue.shift()!;
    if (failure !== undefined) throw connectErrorOf(failure);
  } finally {
    call.signal.removeEventListener("abort", onAbort);
    if (!ended) onAbort();
  }
}
