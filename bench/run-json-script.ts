/**
 * Runs a bench script in its own process (`node --import tsx <script> '<spec as JSON>'`), pinned
 * to `cpus` with `taskset` when given, and resolves with the JSON of the last line it printed.
 * Bounded: killed after `timeoutMs`.
 */
import { execFile } from "node:child_process";
import { hasTaskset } from "./tools.js";

export interface JsonScriptRun {
  /** The script's absolute path. */
  readonly script: string;
  /** What it is called in error messages ("confirm client"). */
  readonly name: string;
  readonly spec: unknown;
  readonly cpus: string | undefined;
  readonly timeoutMs: number;
  /** The whole environment (default: this process's). */
  readonly env?: NodeJS.ProcessEnv | undefined;
}

export function runJsonScript<T>(run: JsonScriptRun): Promise<T> {
  const node = [process.execPath, "--import", "tsx", run.script, JSON.stringify(run.spec)];
  const [command, ...args] =
    run.cpus !== undefined && hasTaskset() ? ["taskset", "-c", run.cpus, ...node] : node;
  return new Promise((resolve, reject) => {
    execFile(
      command!,
      args,
      {
        timeout: run.timeoutMs,
        maxBuffer: 1 << 20,
        ...(run.env === undefined ? {} : { env: run.env }),
      },
      (err, stdout, stderr) => {
        if (err) {
          reject(new Error(`${run.name} failed: ${err.message}\n${stderr}`));
          return;
        }
        try {
          resolve(JSON.parse(stdout.trim().split("\n").pop() ?? "") as T);
        } catch {
          reject(new Error(`${run.name} printed no result:\n${stdout}\n${stderr}`));
        }
      },
    );
  });
}
