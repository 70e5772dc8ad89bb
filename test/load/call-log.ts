import { performance } from "node:perf_hooks";
import * as grpc from "@grpc/grpc-js";

/** What a load-test call did; `confirmRetry` is a ConfirmPromise with a key already used. */
export type CallKind =
  | "estimate"
  | "estimateBatch"
  | "quote"
  | "confirm"
  | "confirmRetry"
  | "cancel"
  | "get"
  | "upsertStock";

export const CALL_KINDS: readonly CallKind[] = [
  "estimate",
  "estimateBatch",
  "quote",
  "confirm",
  "confirmRetry",
  "cancel",
  "get",
  "upsertStock",
];

/** One call: when it ran (ms since the log's origin), where, and its status code. */
export interface CallRecord {
  readonly kind: CallKind;
  /** The process slot called, and which incarnation of that slot (1 after a restart). */
  readonly slot: number;
  readonly incarnation: number;
  readonly startMs: number;
  readonly endMs: number;
  /** `grpc.status.OK` or the code of the failure. */
  readonly code: grpc.status;
  readonly message?: string;
}

/** A fault window; a call whose run overlaps it counts as in it. `toMs` is open while undefined. */
export interface FaultWindow {
  readonly name: string;
  readonly fromMs: number;
  /** When the fault was over (the process serving again, the connection restored). */
  faultEndMs: number | undefined;
  /** The end of the window: the fault's end plus a grace. */
  toMs: number | undefined;
}

export type CallOutcome<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly code: grpc.status; readonly message: string };

/**
 * How a call ended: `ok`; `refused`, a business outcome that is no error (a confirmation refused
 * with FAILED_PRECONDITION because the stock or capacity ran out); or `error`.
 */
export type Verdict = "ok" | "refused" | "error";

export function verdictOf(record: CallRecord): Verdict {
  if (record.code === grpc.status.OK) return "ok";
  if (
    (record.kind === "confirm" || record.kind === "confirmRetry") &&
    record.code === grpc.status.FAILED_PRECONDITION
  ) {
    return "refused";
  }
  return "error";
}

/** Runs a unary call of a generated client with a deadline; never rejects. */
export function unaryCall<T>(
  start: (
    options: grpc.CallOptions,
    callback: (err: grpc.ServiceError | null, value?: T) => void,
  ) => unknown,
  timeoutMs: number,
): Promise<CallOutcome<T>> {
  return new Promise((resolve) => {
    try {
      start({ deadline: Date.now() + timeoutMs }, (err, value) => {
        if (err) resolve({ ok: false, code: err.code, message: err.details });
        else resolve({ ok: true, value: value as T });
      });
    } catch (err) {
      // A closed client throws synchronously.
      resolve({ ok: false, code: grpc.status.UNAVAILABLE, message: String(err) });
    }
  });
}

/** Every call of a load run with its timing and outcome, and the fault windows. */
export class CallLog {
  readonly records: CallRecord[] = [];
  readonly windows: FaultWindow[] = [];
  readonly #origin = performance.now();

  /** Milliseconds since the log was made. */
  now(): number {
    return performance.now() - this.#origin;
  }

  /** Runs `call` and records it. */
  async track<T>(
    kind: CallKind,
    target: { slot: number; incarnation: number },
    call: () => Promise<CallOutcome<T>>,
  ): Promise<CallOutcome<T>> {
    const startMs = this.now();
    const outcome = await call();
    this.records.push({
      kind,
      slot: target.slot,
      incarnation: target.incarnation,
      startMs,
      endMs: this.now(),
      code: outcome.ok ? grpc.status.OK : outcome.code,
      ...(outcome.ok ? {} : { message: outcome.message }),
    });
    return outcome;
  }

  /** Opens a fault window now; close it with `closeWindow` once the fault is over. */
  openWindow(name: string): FaultWindow {
    const window: FaultWindow = {
      name,
      fromMs: this.now(),
      faultEndMs: undefined,
      toMs: undefined,
    };
    this.windows.push(window);
    return window;
  }

  /** Ends a window `graceMs` from now (time for clients and pools to notice the recovery). */
  closeWindow(window: FaultWindow, graceMs: number): void {
    window.faultEndMs = this.now();
    window.toMs = window.faultEndMs + graceMs;
  }

  /** Whether the call's run overlaps a fault window. */
  inWindow(record: CallRecord): boolean {
    return this.windows.some(
      (w) => record.startMs <= (w.toMs ?? Number.POSITIVE_INFINITY) && record.endMs >= w.fromMs,
    );
  }

  /** Errors (not refusals) in and outside the fault windows. */
  errors(): { inWindows: CallRecord[]; outside: CallRecord[] } {
    const inWindows: CallRecord[] = [];
    const outside: CallRecord[] = [];
    for (const r of this.records) {
      if (verdictOf(r) !== "error") continue;
      (this.inWindow(r) ? inWindows : outside).push(r);
    }
    return { inWindows, outside };
  }

  /** A table: calls, outcomes and latency per kind, and the windows. */
  summary(title: string): string {
    const seconds = (ms: number) => (ms / 1000).toFixed(1);
    const lines = [title];
    const errors = this.errors().inWindows;
    lines.push(
      `fault windows: ${this.windows
        .map((w) => {
          const to = w.toMs ?? this.now();
          const lastError = Math.max(
            ...errors.filter((r) => r.startMs <= to && r.endMs >= w.fromMs).map((r) => r.endMs),
          );
          const after =
            w.faultEndMs === undefined || !Number.isFinite(lastError)
              ? ""
              : ` (last error ${(lastError - w.faultEndMs).toFixed(0)} ms after the fault ended)`;
          return `${w.name} ${seconds(w.fromMs)}-${seconds(to)} s${after}`;
        })
        .join("; ")}`,
    );
    lines.push(
      [
        "kind".padEnd(14),
        "calls".padStart(7),
        "ok".padStart(7),
        "refused".padStart(8),
        "err in".padStart(7),
        "err out".padStart(8),
        "p50 ms".padStart(8),
        "p99 ms".padStart(8),
      ].join(""),
    );
    const row = (name: string, records: readonly CallRecord[]) => {
      const counts = { ok: 0, refused: 0, errIn: 0, errOut: 0 };
      for (const r of records) {
        const verdict = verdictOf(r);
        if (verdict === "ok") counts.ok++;
        else if (verdict === "refused") counts.refused++;
        else if (this.inWindow(r)) counts.errIn++;
        else counts.errOut++;
      }
      const latencies = records.map((r) => r.endMs - r.startMs).sort((a, b) => a - b);
      return [
        name.padEnd(14),
        String(records.length).padStart(7),
        String(counts.ok).padStart(7),
        String(counts.refused).padStart(8),
        String(counts.errIn).padStart(7),
        String(counts.errOut).padStart(8),
        percentile(latencies, 0.5).toFixed(1).padStart(8),
        percentile(latencies, 0.99).toFixed(1).padStart(8),
      ].join("");
    };
    for (const kind of CALL_KINDS) {
      const records = this.records.filter((r) => r.kind === kind);
      if (records.length === 0) continue;
      lines.push(row(kind, records));
    }
    lines.push(row("all", this.records));
    const codes = new Map<string, number>();
    for (const r of errors) {
      const name = grpc.status[r.code] ?? String(r.code);
      codes.set(name, (codes.get(name) ?? 0) + 1);
    }
    lines.push(
      `errors in the windows by code: ${
        codes.size === 0 ? "none" : [...codes].map(([c, n]) => `${c} ${n}`).join(", ")
      }`,
    );
    const refusals = new Map<string, number>();
    for (const r of this.records) {
      if (verdictOf(r) !== "refused") continue;
      const text = `${r.message ?? ""} (${this.inWindow(r) ? "in" : "outside"} a window)`;
      refusals.set(text, (refusals.get(text) ?? 0) + 1);
    }
    for (const [text, n] of refusals) lines.push(`refused ${n}x: ${text}`);
    return lines.join("\n");
  }
}

/** The `q` quantile of sorted values (nearest rank); 0 for none. */
export function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank]!;
}
