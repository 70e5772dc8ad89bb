import { EventEmitter } from "node:events";
import type * as grpc from "@grpc/grpc-js";
import { connectErrorOf } from "./connect-error-of-status.js";
import { type BridgedCall, decodeRequest } from "./grpc-handler-bridge.js";

/**
 * Messages a bridged stream holds for its HTTP response before `write` returns false, unless the
 * edge is given another (PROMISE_HTTP_STREAM_BUFFER): the handler then waits for `drain` as it
 * does on the native port (AdminService.WatchPromiseEvents waits, and ends a consumer that stalls
 * beyond PROMISE_EVENT_STREAM_BUFFER), so a slow HTTP reader holds at most this many messages plus
 * one of the handler's batches in memory.
 */
export const STREAM_HIGH_WATER = 16;

/**
 * Runs a native server-streaming handler (PeakPlannerService.Simulate, AdminService.WatchPromiseEvents)
 * for the HTTP edge: every `call.write` becomes one message of the stream, `call.end()` ends it,
 * and an `error` event ends it with that status (through the one HTTP error table). A client that
 * goes away cancels the call as on the native port (`cancelled` event). Back-pressure as on a
 * native stream: `write` returns false once `highWater` messages wait, `writableLength`
 * and `writableNeedDrain` say how many wait, and `drain` is emitted when the response has taken
 * them all.
 */
export async function* callStream(
  method: grpc.MethodDefinition<unknown, unknown>,
  handler: grpc.handleServerStreamingCall<unknown, unknown>,
  requestBytes: Uint8Array,
  call: BridgedCall,
  highWater = STREAM_HIGH_WATER,
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
  let needDrain = false;
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
      if (queue.length < highWater) return true;
      needDrain = true;
      return false;
    },
    end() {
      ended = true;
      notify();
    },
  });
  Object.defineProperties(fake, {
    writableLength: { get: () => queue.length },
    writableNeedDrain: { get: () => needDrain },
  });
  const take = (): Uint8Array => {
    const chunk = queue.shift()!;
    if (needDrain && queue.length === 0) {
      needDrain = false;
      fake.emit("drain");
    }
    return chunk;
  };
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
      while (queue.length > 0) yield take();
      if (ended) break;
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
    while (queue.length > 0 && failure === undefined && !call.signal.aborted) yield take();
    if (failure !== undefined) throw connectErrorOf(failure);
  } finally {
    call.signal.removeEventListener("abort", onAbort);
    if (!ended) onAbort();
  }
}
