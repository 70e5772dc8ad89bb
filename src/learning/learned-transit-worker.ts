import { setPriority } from "node:os";
import { parentPort, workerData } from "node:worker_threads";
import { compileNetwork } from "../network/compile-network.js";
import { openStore } from "../store/open-store.js";
import { learnFromStore } from "./learn-from-store.js";
import type { LearnWorkerInput, LearnWorkerMessage } from "./learn-worker-protocol.js";

/**
 * The worker-thread entry of a learned-transit rebuild (see learnInWorker): opens its own
 * connection to the store, compiles the network file as the service did, learns, and posts the
 * table back. Nothing of it runs on the server's event loop.
 */
const input = workerData as LearnWorkerInput;
// The lowest CPU priority for this thread (on Linux, setpriority on the calling thread): when the
// cores are busy, the server's threads answering estimates go first and the rebuild takes longer.
try {
  setPriority(19);
} catch {
  // Not permitted here: the rebuild runs at normal priority.
}
const post = (message: LearnWorkerMessage): void => parentPort!.postMessage(message);

try {
  const store = await openStore(input.store);
  try {
    const net = compileNetwork(input.file, { todayDay: input.todayDay });
    const result = await learnFromStore(
      store,
      net,
      input.file.learning,
      input.range,
      input.version,
    );
    post({ type: "done", result });
  } finally {
    await store.close();
  }
} catch (err) {
  post({
    type: "failed",
    message: err instanceof Error ? err.message : String(err),
    stack: err instanceof Error ? err.stack : undefined,
  });
}
