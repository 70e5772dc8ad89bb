import { availableParallelism } from "node:os";
import { DomainError } from "../domain/domain-error.js";
import { runSimulationInWorker, type SimulationJob } from "./run-simulation-in-worker.js";
import type { SimulationReport } from "./sim-result.js";
import type { SimProgress } from "./simulate.js";
import type { WorkerInput } from "./simulation-worker-protocol.js";

/** The most runs (seeds) one call plays. */
export const MAX_RUNS = 100;

export interface SeedsJob {
  /** Resolves with one report per seed, in seed order; rejects like runSimulationInWorker. */
  readonly result: Promise<SimulationReport[]>;
  /** Stops every run; `result` rejects with DomainError CANCELLED. */
  cancel(): void;
}

/** N seeds from a first one: seed, seed + 1, ... (mod 2^32). */
export function seedsFrom(first: number, runs: number): number[] {
  return Array.from({ length: runs }, (_, k) => (first + k) >>> 0);
}

/**
 * Plays one scenario with several seeds on worker threads, one per core (os.availableParallelism,
 * at most one per seed): each run is a whole simulation (the scenario's runs and questions).
 * Progress is the mean of the runs' fractions, labelled "run k/N". The first failure stops the
 * rest and rejects.
 */
export function runSeedsInWorkers(
  input: Omit<WorkerInput, "seed">,
  seeds: readonly number[],
  onProgress: (progress: SimProgress) => void = () => {},
  threads = availableParallelism(),
): SeedsJob {
  const fractions = new Float64Array(seeds.length);
  const reports: SimulationReport[] = new Array(seeds.length);
  const running = new Set<SimulationJob>();
  let next = 0;
  let stopped = false;
  let rejectAll: (error: unknown) => void = () => {};
  const stop = (): void => {
    stopped = true;
    for (const job of running) job.cancel();
    running.clear();
  };
  const result = new Promise<SimulationReport[]>((resolve, reject) => {
    rejectAll = reject;
    let done = 0;
    const start = (): void => {
      if (stopped || next >= seeds.length) return;
      const k = next++;
      const job = runSimulationInWorker({ ...input, seed: seeds[k] }, (p) => {
        fractions[k] = p.fraction;
        let sum = 0;
        for (const f of fractions) sum += f;
        onProgress({
          ...p,
          run: `run ${k + 1}/${seeds.length}, ${p.run}`,
          fraction: sum / seeds.length,
        });
      });
      running.add(job);
      job.result.then(
        (report) => {
          running.delete(job);
          reports[k] = report;
          fractions[k] = 1;
          done++;
          if (done === seeds.length) resolve(reports);
          else start();
        },
        (error: unknown) => {
          running.delete(job);
          if (stopped) return;
          stop();
          reject(error);
        },
      );
    };
    const width = Math.max(1, Math.min(threads, seeds.length));
    for (let t = 0; t < width; t++) start();
  });
  return {
    result,
    cancel() {
      if (stopped) return;
      stop();
      rejectAll(new DomainError("CANCELLED", "the simulation was cancelled"));
    },
  };
}
