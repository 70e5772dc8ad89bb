import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { DomainError } from "../domain/domain-error.js";
import { ScenarioFileError } from "./scenario-file-error.js";
import type { SimulationReport } from "./sim-result.js";
import type { SimProgress } from "./simulate.js";
import type { WorkerInput, WorkerMessage } from "./simulation-worker-protocol.js";

export interface SimulationJob {
  /** Resolves with the report; rejects with ScenarioFileError, DomainError (CANCELLED when cancelled) or Error. */
  readonly result: Promise<SimulationReport>;
  /** Stops the run (terminates the thread); `result` rejects with DomainError CANCELLED. */
  cancel(): void;
}

/**
 * Runs a simulation on a worker thread, so that a long run never stalls the event loop of the
 * server it runs in (product-page estimates keep their latency), and cancelling is immediate.
 * From the TypeScript sources (tests, tsx) the worker loads the sources through tsx.
 */
export function runSimulationInWorker(
  input: WorkerInput,
  onProgress: (progress: SimProgress) => void = () => {},
): SimulationJob {
  const fromSource = import.meta.url.endsWith(".ts");
  const entry = new URL(`./simulation-worker.${fromSource ? "ts" : "js"}`, import.meta.url);
  let worker: Worker;
  if (fromSource) {
    const tsxDir = dirname(createRequire(import.meta.url).resolve("tsx/package.json"));
    const api = pathToFileURL(join(tsxDir, "dist", "esm", "api", "index.mjs")).href;
    const code = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(entry.href)}); })`;
    worker = new Worker(code, { eval: true, workerData: input });
  } else {
    worker = new Worker(entry, { workerData: input });
  }
  let settled = false;
  let rejectResult: (error: unknown) => void = () => {};
  const settle = (fn: () => void): void => {
    if (settled) return;
    settled = true;
    fn();
    void worker.terminate();
  };
  const result = new Promise<SimulationReport>((resolve, reject) => {
    rejectResult = reject;
    worker.on("message", (message: WorkerMessage) => {
      switch (message.type) {
        case "progress":
          if (!settled) onProgress(message.progress);
          return;
        case "done":
          settle(() => resolve(message.report));
          return;
        case "scenario-error":
          settle(() => reject(new ScenarioFileError(message.source, message.issues)));
          return;
        case "domain-error":
          settle(() => reject(new DomainError(message.kind, message.message, message.field)));
          return;
        case "failed": {
          const error = new Error(message.message);
          if (message.stack !== undefined) error.stack = message.stack;
          settle(() => reject(error));
          return;
        }
      }
    });
    worker.on("error", (error) => settle(() => reject(error)));
    worker.on("exit", (code) => {
      settle(() => reject(new Error(`the simulation worker stopped (exit code ${code})`)));
    });
  });
  return {
    result,
    cancel() {
      settle(() => rejectResult(new DomainError("CANCELLED", "the simulation was cancelled")));
    },
  };
}
