import { parentPort, workerData } from "node:worker_threads";
import { openStore } from "../store/open-store.js";
import {
  type ImportWriterInput,
  type ImportWriterMessage,
  type ImportWriterRequest,
  parseImportBatch,
} from "./import-writer-protocol.js";

/**
 * The thread entry of a SQLite import writer (see SqliteImportWriter): opens its own connection
 * to the file and stores each batch it is sent, in order, one transaction each, answering once
 * the batch is committed.
 */
const input = workerData as ImportWriterInput;
const post = (message: ImportWriterMessage): void => parentPort!.postMessage(message);

try {
  const store = await openStore({ sqlitePath: input.sqlitePath });
  let queue = Promise.resolve();
  parentPort!.on("message", (request: ImportWriterRequest) => {
    queue = queue.then(async () => {
      if (request.type === "close") {
        await store.close();
        post({ type: "closed" });
        return;
      }
      try {
        const stored = await store.importDeliveries(parseImportBatch(request.rows));
        post({ type: "stored", id: request.id, stored });
      } catch (err) {
        post({ type: "failed", message: err instanceof Error ? err.message : String(err) });
      }
    });
  });
  post({ type: "ready" });
} catch (err) {
  post({ type: "failed", message: err instanceof Error ? err.message : String(err) });
}
