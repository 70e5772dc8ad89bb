export interface CliIo {
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  /** Progress goes here (a bar when it is a terminal), so that stdout pipes only the results. */
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  /** Aborting it stops a running simulation (Ctrl-C). */
  readonly signal?: AbortSignal | undefined;
}
