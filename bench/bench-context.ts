/**
 * What every part of the bench shares: options, a scratch directory, CPU placement, the pair plan,
 * and starting server processes with a clean service environment.
 */
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { BenchOptions } from "./bench-options.js";
import type { PairPlan } from "./paired-runs.js";
import { type ServerProcess, spawnServer } from "./server-process.js";
import { hasTaskset } from "./tools.js";

export const REPO_DIR = fileURLToPath(new URL("..", import.meta.url));
export const SAMPLE_NETWORK = join(REPO_DIR, "samples", "network.yaml");

export interface BenchContext {
  readonly options: BenchOptions;
  readonly scratch: string;
  /** The server's core ("0") and the load generator's ("1"); undefined: not pinned. */
  readonly serverCpus: string | undefined;
  readonly loadCpus: string | undefined;
  log(line: string): void;
  /** The pair plan for h2load figures (single pinned server: the 95%-of-a-core check). */
  pairPlan(overrides?: Partial<PairPlan>): PairPlan;
  /**
   * Starts `bench/service-process.ts` (or another script) with the service's environment: every
   * inherited PROMISE_* and DATABASE_URL dropped, then address 127.0.0.1:0, the sample network,
   * and `env`. Stopped by `stopAll`.
   */
  startService(env: Record<string, string>, options?: StartOptions): Promise<ServerProcess>;
  /** Stops every server started through this context. */
  stopAll(): Promise<void>;
}

export interface StartOptions {
  readonly script?: string;
  readonly args?: readonly string[];
  /** Default: the server core; null: not pinned. */
  readonly cpus?: string | null;
  readonly readyTimeoutMs?: number;
}

/** The environment without any setting of the service (so the user's shell cannot skew a run). */
export function cleanEnv(env: NodeJS.ProcessEnv): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(env)) {
    if (key.startsWith("PROMISE_") || key === "DATABASE_URL") out[key] = undefined;
    else out[key] = value;
  }
  return out;
}

export function createBenchContext(
  options: BenchOptions,
  scratch: string,
  log: (line: string) => void,
): BenchContext {
  const pinned = hasTaskset();
  const serverCpus = pinned ? "0" : undefined;
  const loadCpus = pinned ? "1" : undefined;
  const started: ServerProcess[] = [];
  const profileDir = resolve(REPO_DIR, options.resultsDir, "profiles");
  return {
    options,
    scratch,
    serverCpus,
    loadCpus,
    log,
    pairPlan(overrides = {}) {
      return {
        pairs: options.pairs,
        maxPairs: options.smoke ? options.pairs : options.pairs + 3,
        seconds: options.seconds,
        warmUpSeconds: options.warmUpSeconds,
        warmUpRunSeconds: options.smoke ? 0 : 2,
        connections: 4,
        streams: 4,
        loadCpus,
        minServerCpu: 0.95,
        scratchDir: scratch,
        ...overrides,
      };
    },
    async startService(env, start = {}) {
      const script = start.script ?? "service-process.ts";
      const cpuProf = options.cpuProf && script !== "echo-server.ts";
      if (cpuProf) mkdirSync(profileDir, { recursive: true });
      const server = await spawnServer({
        script,
        args: start.args ?? [],
        cpus: start.cpus === null ? undefined : (start.cpus ?? serverCpus),
        readyTimeoutMs: start.readyTimeoutMs ?? 60_000,
        nodeFlags: cpuProf ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : [],
        env: {
          ...cleanEnv(process.env),
          PROMISE_ADDRESS: "127.0.0.1:0",
          PROMISE_NETWORK_FILE: SAMPLE_NETWORK,
          ...env,
        },
      });
      started.push(server);
      return server;
    },
    async stopAll() {
      await Promise.all(started.splice(0).map((s) => s.stop()));
    },
  };
}
