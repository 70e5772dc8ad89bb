/**
 * Runs bench/confirm-path-process.ts (the confirm path without gRPC) in its own process, pinned to
 * `cpus` when given, with the service's clean environment plus `env`; resolves with its result.
 * Bounded: killed 60 s after it should have finished.
 */
import { fileURLToPath } from "node:url";
import { cleanEnv, SAMPLE_NETWORK } from "./bench-context.js";
import type { ConfirmPathSpec } from "./confirm-path-process.js";
import type { ConfirmPathResult } from "./confirm-path-result.js";
import { runJsonScript } from "./run-json-script.js";

const SCRIPT = fileURLToPath(new URL("confirm-path-process.ts", import.meta.url));

export function runConfirmPathProcess(
  spec: ConfirmPathSpec,
  cpus: string | undefined,
  env: Record<string, string>,
): Promise<ConfirmPathResult> {
  return runJsonScript<ConfirmPathResult>({
    script: SCRIPT,
    name: "confirm path process",
    spec,
    cpus,
    timeoutMs: (spec.warmUpSeconds + spec.seconds + 60) * 1000,
    env: { ...cleanEnv(process.env), PROMISE_NETWORK_FILE: SAMPLE_NETWORK, ...env },
  });
}
