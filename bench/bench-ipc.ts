/**
 * Messages between bench/run.ts and the server processes it starts (echo, service, cluster
 * primary), over the child's IPC channel.
 */

/** Child -> parent, once the server is bound and serving. */
export interface ReadyMessage {
  readonly type: "ready";
  readonly port: number;
  /** The processes doing the serving (the workers, in cluster mode). */
  readonly pids: readonly number[];
}

/** Parent -> child: report memory and call counts. */
export interface ProbeRequest {
  readonly type: "probe";
  readonly id: number;
}

/** Child -> parent: the answer to a probe (summed over workers in cluster mode). */
export interface ProbeReply {
  readonly type: "probe";
  readonly id: number;
  /** Resident set size of each serving process, bytes. */
  readonly rss: readonly number[];
  /** V8 heap and off-heap memory of each serving process (process.memoryUsage()), bytes. */
  readonly memory?: readonly NodeJS.MemoryUsage[];
  /** Calls handled so far, by "method code" (for example "promise.v1.PromiseService/Estimate OK"). */
  readonly calls: Readonly<Record<string, number>>;
  /** The risk monitor: checks finished, whether one runs now, and the last one. */
  readonly risk?: {
    readonly checks: number;
    readonly busy: boolean;
    readonly last:
      | { readonly promises: number; readonly changed: number; readonly ms: number }
      | undefined;
  };
}

/** Child -> parent: it could not start. */
export interface FailedMessage {
  readonly type: "failed";
  readonly error: string;
}

export type ChildMessage = ReadyMessage | ProbeReply | FailedMessage;
export type ParentMessage = ProbeRequest | { readonly type: "stop" };

/** A message of this protocol (either direction). */
export function isMessage(value: unknown): value is { readonly type: string } {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { type?: unknown }).type === "string"
  );
}
