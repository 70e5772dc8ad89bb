/**
 * A WatchPromiseEvents consumer for the bench, in a process of its own so the service's CPU is
 * measured alone: it streams from sequence 0, counts messages without decoding them (as a
 * consumer that forwards the bytes would), and prints `{"events": n, "ms": wall}` once it has
 * `count`. It prints `ready` once connected and starts when its stdin says `go`.
 *
 *   node --import tsx bench/events-stream-client.ts <port> <count>
 */
import * as grpc from "@grpc/grpc-js";

const [portText, countText] = process.argv.slice(2);
const count = Number(countText);
const client = new grpc.Client(`127.0.0.1:${portText}`, grpc.credentials.createInsecure());
await new Promise<void>((resolve, reject) =>
  client.waitForReady(Date.now() + 10_000, (err) => (err ? reject(err) : resolve())),
);
process.stdout.write("ready\n");
await new Promise((resolve) => process.stdin.once("data", resolve));
const start = performance.now();
let n = 0;
const call = client.makeServerStreamRequest(
  "/promise.v1.AdminService/WatchPromiseEvents",
  // after_sequence = 0: the empty message.
  () => Buffer.alloc(0),
  (bytes: Buffer) => bytes,
  {},
);
call.on("data", () => {
  if (++n === count) {
    process.stdout.write(`${JSON.stringify({ events: n, ms: performance.now() - start })}\n`);
    call.cancel();
    client.close();
  }
});
call.on("error", (err: grpc.ServiceError) => {
  if (err.code !== grpc.status.CANCELLED) {
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  }
});
