/** What bench/confirm-path-process.ts measured (see there). */
export interface ConfirmPathResult {
  /** Confirms answered OK in the measured window, and over the whole run (warm-up included). */
  readonly confirmed: number;
  readonly confirmedTotal: number;
  /** Refusals and errors in the window, by "name: message". */
  readonly refused: Record<string, number>;
  /** The measured window, seconds. */
  readonly seconds: number;
  readonly perSecond: number;
  /** The process's CPU (user + system, every thread) in the window, per confirm and in cores. */
  readonly cpuUsPerConfirm: number;
  readonly cpuCores: number;
  /** Cores every `postgres` process used in the window (0 on SQLite). */
  readonly postgresCpuCores: number;
  /** Share of the window the main thread waited, runnable, for a CPU (run-queue-wait.ts). */
  readonly waited: number;
  /** SQLite COMMITs run on the main thread in the window, and the time inside them (0 on PostgreSQL). */
  readonly commits: number;
  readonly commitWallUs: number;
  readonly commitCpuUs: number;
  /** Wall time from BEGIN IMMEDIATE to the end of COMMIT, summed over the window's transactions. */
  readonly transactionWallUs: number;
}
