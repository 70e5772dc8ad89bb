import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import type { LearnedFromStore } from "./learn-from-store.js";
import type { LearnWorkerInput, LearnWorkerMessage } from "./learn-worker-protocol.js";

/**
 * Runs one learned-transit rebuild on a worker thread (reading the store through its own
 * connection), so that neither the store reads nor the learning stall the server's event loop.
 * The table comes back by structured clone; the caller swaps it in. From the TypeScript sources
 * (tests, tsx) the worker loads the sources through tsx.
 */
export function learnInWorker(input: LearnWorkerInput): Promise<LearnedFromStore> {
  const fromSource = import.meta.url.endsWith(".ts");
  const entry = new URL(`./learned-transit-worker.${fromSource ? "ts" : "js"}`, import.meta.url);
  let worker: Worker;
  if (fromSource) {
    const tsxDir = dirname(createRequire(import.meta.url).resolve("tsx/package.json"));
    const api = pathToFileURL(join(tsxDir, "dist", "esm", "api", "index.mjs")).href;
    const code = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(entry.href)}); })`;
    worker = new Worker(code, { eval: true, workerData: input });
  } else {
    worker = new Worker(entry, { workerData: input });
  }
  return new Promise<LearnedFromStore>((resolve, reject) => {
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      fn();
      void worker.terminate();
    };
    worker.on("message", (message: LearnWorkerMessage) => {
      if (message.type === "done") settle(() => resolve(message.result));
      else {
        const error = new Error(`learned transit worker: ${message.message}`);
        if (message.stack !== undefined) error.stack = message.stack;
        settle(() => reject(error));
      }
    });
    worker.on("error", (error) => settle(() => reject(error)));
    worker.on("exit", (code) => {
      settle(() => reject(new Error(`the learned transit worker stopped (exit code ${code})`)));
    });
  });
}
