/**
 * Runs bench/confirm-path-process.ts (the confirm path without gRPC) in its own process, pinned to
 * `cpus` when given, with the service's clean environment plus `env`; resolves with its result.
 * Bounded: killed 60 s after it should have finished.
 */
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { cleanEnv, SAMPLE_NETWORK } from "./bench-context.js";
import type { ConfirmPathSpec } from "./confirm-path-process.js";
import type { ConfirmPathResult } from "./confirm-path-result.js";
import { hasTaskset } from "./tools.js";

const SCRIPT = fileURLToPath(new URL("confirm-path-process.ts", import.meta.url));

export function runConfirmPathProcess(
  spec: ConfirmPathSpec,
  cpus: string | undefined,
  env: Record<string, string>,
): Promise<ConfirmPathResult> {
  const node = [process.execPath, "--import", "tsx", SCRIPT, JSON.stringify(spec)];
  const [command, ...args] =
    cpus !== undefined && hasTaskset() ? ["taskset", "-c", cpus, ...node] : node;
  return new Promise((resolve, reject) => {
    execFile(
      command!,
      args,
      {
        timeout: (spec.warmUpSeconds + spec.seconds + 60) * 1000,
        maxBuffer: 1 << 20,
        env: {
          ...cleanEnv(process.env),
          PROMISE_NETWORK_FILE: SAMPLE_NETWORK,
          ...env,
        } as NodeJS.ProcessEnv,
      },
      (err, stdout, stderr) => {
        if (err) {
          reject(new Error(`confirm path process failed: ${err.message}\n${stderr}`));
          return;
        }
        try {
          resolve(JSON.parse(stdout.trim().split("\n").pop() ?? "") as ConfirmPathResult);
        } catch {
          reject(new Error(`confirm path process printed no result:\n${stdout}\n${stderr}`));
        }
      },
    );
  });
}
