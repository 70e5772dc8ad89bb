/**
 * How long a process's main thread waited, runnable, for a CPU (Linux /proc/<pid>/schedstat,
 * second field: time on a run queue). Over a measured window divided by its length, it says how
 * much of the window another process held the core this one is pinned to: on a machine shared
 * with other work, a throughput measured while it is large is the scheduler's, not the code's.
 */
import { readFileSync } from "node:fs";

/** Seconds the main thread of `pid` ("self" for this process) has waited so far; NaN if unknown. */
export function runQueueWaitSeconds(pid: number | "self"): number {
  try {
    const fields = readFileSync(`/proc/${pid}/schedstat`, "utf8").trim().split(/\s+/);
    const ns = Number(fields[1]);
    return Number.isFinite(ns) ? ns / 1e9 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}
