import { parentPort, workerData } from "node:worker_threads";
import { DomainError } from "../engine/domain-error.js";
import { checkOrderLimit } from "./order-limit.js";
import { loadScenarioFile, parseScenarioFile } from "./parse-scenario.js";
import { ScenarioFileError } from "./scenario-file-error.js";
import { simulate } from "./simulate.js";
import type { WorkerInput, WorkerMessage } from "./simulation-worker-protocol.js";

/**
 * The worker-thread entry of a simulation (see runSimulationInWorker): parses the scenario,
 * runs it, and posts progress, then the report or the error. Stopped by terminate().
 */
const input = workerData as WorkerInput;
const post = (message: WorkerMessage): void => parentPort!.postMessage(message);

try {
  const scenario =
    input.scenarioPath !== undefined
      ? loadScenarioFile(input.scenarioPath, { storeHistory: input.storeHistory })
      : parseScenarioFile(input.scenarioYaml, input.source, {
          baseDir: input.networkDir,
          confineTo: input.networkDir,
          defaultNetwork: input.defaultNetwork,
          storeHistory: input.storeHistory,
        });
  if (input.maxOrders !== undefined) checkOrderLimit(scenario, input.maxOrders);
  const report = await simulate(scenario, {
    seed: input.seed,
    answerQuestions: input.answerQuestions,
    onProgress: (progress) => post({ type: "progress", progress }),
  });
  post({ type: "done", report });
} catch (error) {
  if (error instanceof ScenarioFileError) {
    post({
      type: "scenario-error",
      source: error.source,
      issues: error.issues,
      message: error.message,
    });
  } else if (error instanceof DomainError) {
    post({ type: "domain-error", kind: error.kind, message: error.message, field: error.field });
  } else {
    const e = error as Error;
    post({ type: "failed", message: e?.message ?? String(error), stack: e?.stack });
  }
}
