import { type Logger, pino } from "pino";

/** What one call's log line says besides its level. */
export interface CallRecord {
  /** `package.Service/Method`. */
  readonly method: string;
  /** The status name ("OK", "NOT_FOUND", ...). */
  readonly status: string;
  readonly grpcCode: number;
  readonly durationMs: number;
  readonly requestId: string;
  readonly caller?: string | undefined;
  readonly peer?: string | undefined;
}

/** The parts of a pino logger a call line is written through (pino's public `pino.symbols`). */
interface PinoInternals {
  readonly [pino.symbols.streamSym]: { write(line: string): unknown };
  readonly [pino.symbols.chindingsSym]: string;
  readonly [pino.symbols.timeSym]: () => string;
}

/** Characters that JSON must escape in a string (the request id is printable ASCII already). */
const NEEDS_ESCAPE = /["\\]/;

function jsonString(text: string): string {
  return NEEDS_ESCAPE.test(text) ? JSON.stringify(text) : `"${text}"`;
}

/**
 * The per-call log line, one per call, written as the same JSON line pino writes for
 * `logger.info({ method, status, ... }, "call")` (level, time, the logger's bindings, the fields,
 * `msg`) to the logger's own destination, but assembled from pre-serialized parts: on a cached
 * estimate pino's generic serializer was the largest cost of the call besides grpc-js itself.
 * Lines at `info` take the fast path; other levels (rare: server errors, unavailable store) go
 * through pino as usual.
 */
export class CallLog {
  private readonly infoPrefix: string;
  private readonly methodJson = new Map<string, string>();

  constructor(private readonly logger: Logger) {
    const internals = logger as unknown as PinoInternals;
    this.infoPrefix = `{"level":${logger.levels.values["info"]}`;
    // Fail at start, not on the first call, if the logger is not a pino logger.
    if (typeof internals[pino.symbols.streamSym]?.write !== "function") {
      throw new Error("CallLog needs a pino logger");
    }
  }

  write(level: pino.Level, record: CallRecord): void {
    const logger = this.logger;
    if (!logger.isLevelEnabled(level)) return;
    if (level !== "info") {
      logger[level](
        {
          method: record.method,
          status: record.status,
          grpcCode: record.grpcCode,
          durationMs: record.durationMs,
          requestId: record.requestId,
          caller: record.caller,
          peer: record.peer,
        },
        "call",
      );
      return;
    }
    const internals = logger as unknown as PinoInternals;
    let method = this.methodJson.get(record.method);
    if (method === undefined) {
      method = `,"method":${JSON.stringify(record.method)}`;
      this.methodJson.set(record.method, method);
    }
    const caller = record.caller === undefined ? "" : `,"caller":${JSON.stringify(record.caller)}`;
    internals[pino.symbols.streamSym].write(
      `${this.infoPrefix}${internals[pino.symbols.timeSym]()}${internals[pino.symbols.chindingsSym]}${method},"status":"${record.status}","grpcCode":${record.grpcCode},"durationMs":${record.durationMs},"requestId":${jsonString(record.requestId)}${caller},"msg":"call"}\n`,
    );
  }
}
