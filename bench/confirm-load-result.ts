export interface ConfirmLoadResult {
  /** Confirms completed OK within the measured window. */
  readonly confirmed: number;
  /** Every confirm completed OK, warm-up included (for the consistency check). */
  readonly confirmedTotal: number;
  /** Non-OK answers in the window by status name and message. */
  readonly refused: Readonly<Record<string, number>>;
  readonly seconds: number;
  readonly perSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Cores the client process used (present when run by runConfirmLoad). */
  readonly clientCpu?: number;
  /**
   * Over the measured window exactly (with ConfirmClientSpec.cpuPids): cores the servers used,
   * the share of it their main threads waited for a CPU (summed), and cores every `postgres`
   * process used.
   */
  readonly serverCpu?: number;
  readonly serverWaited?: number;
  readonly postgresCpu?: number;
}
