import { type Logger, pino } from "pino";
import { statusName } from "./call-stats.js";
import { LineBuffer } from "./line-buffer.js";
import { RequestIds } from "./request-ids.js";

/** What one call's log line says besides its level. */
export interface CallRecord {
  /** `package.Service/Method`. */
  readonly method: string;
  /** The status name ("OK", "NOT_FOUND", ...): always `statusName(grpcCode)`. */
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

const ascii = (text: string) => Buffer.from(text, "latin1");
const TIME = ascii(`,"time":`);
const REQUEST_ID = ascii(`,"requestId":`);
const CALLER = ascii(`,"caller":`);
const TAIL = ascii(`,"msg":"call"}\n`);
/** The most bytes of `{"level":30,"time":<ms>` and the bindings besides the bindings themselves. */
const HEAD_BYTES = 64;
/** The most bytes a line takes besides its strings (times, duration, the parts above). */
const FIXED_BYTES = 256;
/** Longer request ids and caller names together (never seen: ids are at most 128) take the string path. */
const MAX_STRING_CHARS = 1024;

/** Copies `bytes` into `out` at `at`; returns where they end. */
function put(out: Buffer, at: number, bytes: Uint8Array): number {
  out.set(bytes, at);
  return at + bytes.length;
}

/** A non-negative integer below 2^53 in decimal. */
function putDigits(out: Buffer, at: number, value: number): number {
  let digits = 1;
  for (let v = value; v >= 10; v = Math.floor(v / 10)) digits++;
  let i = at + digits;
  let v = value;
  do {
    const q = Math.floor(v / 10);
    out[--i] = 48 + v - q * 10;
    v = q;
  } while (v > 0);
  return at + digits;
}

/**
 * `durationMs` (a count of milliseconds rounded to 3 decimals) as JavaScript prints it: the
 * integer part, then up to 3 decimals without trailing zeros.
 */
function putDuration(out: Buffer, at: number, durationMs: number): number {
  const micros = Math.round(durationMs * 1000);
  if (!(micros >= 0 && micros < 1e15)) return at + out.write(String(durationMs), at, "latin1");
  const whole = Math.floor(micros / 1000);
  let o = putDigits(out, at, whole);
  let fraction = micros - whole * 1000;
  if (fraction === 0) return o;
  out[o++] = 46; // .
  out[o++] = 48 + Math.floor(fraction / 100);
  fraction %= 100;
  if (fraction === 0) return o;
  out[o++] = 48 + Math.floor(fraction / 10);
  fraction %= 10;
  if (fraction === 0) return o;
  out[o++] = 48 + fraction;
  return o;
}

/** A JSON string: printable ASCII without `"` or `\` as it is, anything else as JSON.stringify. */
function putString(out: Buffer, at: number, text: string): number {
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c > 0x7e || c === 0x22 || c === 0x5c) {
      return at + out.write(JSON.stringify(text), at, "utf8");
    }
  }
  out[at] = 34; // "
  for (let i = 0; i < n; i++) out[at + 1 + i] = text.charCodeAt(i);
  out[at + 1 + n] = 34;
  return at + n + 2;
}

/**
 * The per-call log line, one per call, written as the same JSON line pino writes for
 * `logger.info({ method, status, ... }, "call")` (level, time, the logger's bindings, the fields,
 * `msg`) to the logger's own destination, but assembled from pre-serialized parts: on a cached
 * estimate pino's generic serializer was the largest cost of the call besides grpc-js itself.
 * Lines at `info` take the fast path; other levels (rare: server errors, unavailable store) go
 * through pino as usual.
 *
 * When the destination is a LineBuffer (the service's stdout, see createLogger) an info line is
 * written as bytes straight into its buffer: the parts that are the same for every call of a
 * method and status (`,"method":...,"status":...,"grpcCode":...,"durationMs":`) are encoded once,
 * the line's head (`{"level":30,"time":<ms>` and the bindings) once per millisecond, the duration
 * and request id are written digit by digit, and no string is built.
 *
 * A request id is either a string or the number of an id made by `ids` (RequestIds#take): a made
 * id's text is built only where a string is written (the string path, other levels).
 */
export class CallLog {
  private readonly infoPrefix: string;
  private readonly methodJson = new Map<string, string>();
  /** The LineBuffer the logger writes to, if it does. */
  private readonly lines: LineBuffer | undefined;
  /** `{"level":30`, encoded. */
  private readonly head: Buffer;
  /** The logger's time function is pino's default (`,"time":` and Date.now()). */
  private readonly epochTime: boolean;
  /** The logger's bindings (`,"service":"promise"`) as last encoded. */
  private bindings = "";
  private bindingBytes: Buffer = Buffer.alloc(0);
  /** Per method, per status code: `,"method":...,"durationMs":` encoded. */
  private readonly parts = new Map<string, Array<Buffer | undefined>>();
  /** `{"level":30,"time":<headMs>` and the bindings, encoded (epoch time only). */
  private headBytes: Buffer = Buffer.alloc(0);
  private headMs = -1;
  private headBindings = "";

  constructor(
    private readonly logger: Logger,
    /** Where the made request ids (numbers) passed to `call` come from. */
    readonly ids: RequestIds = new RequestIds(),
  ) {
    const internals = logger as unknown as PinoInternals;
    this.infoPrefix = `{"level":${logger.levels.values["info"]}`;
    this.head = Buffer.from(this.infoPrefix, "utf8");
    // Fail at start, not on the first call, if the logger is not a pino logger.
    const stream = internals[pino.symbols.streamSym];
    if (typeof stream?.write !== "function") {
      throw new Error("CallLog needs a pino logger");
    }
    this.lines = stream instanceof LineBuffer ? stream : undefined;
    this.epochTime = internals[pino.symbols.timeSym] === pino.stdTimeFunctions.epochTime;
  }

  write(level: pino.Level, record: CallRecord): void {
    this.call(
      level,
      record.method,
      record.grpcCode,
      record.durationMs,
      record.requestId,
      record.caller,
      record.peer,
    );
  }

  /**
   * One call's line (the fields of CallRecord; the status is the code's name; a number as the
   * request id is the id `ids` made with that number).
   */
  call(
    level: pino.Level,
    method: string,
    code: number,
    durationMs: number,
    requestId: string | number,
    caller?: string,
    peer?: string,
  ): void {
    const logger = this.logger;
    if (!logger.isLevelEnabled(level)) return;
    if (
      level === "info" &&
      this.lines !== undefined &&
      (typeof requestId === "number" ? 0 : requestId.length) + (caller?.length ?? 0) <
        MAX_STRING_CHARS
    ) {
      this.callBytes(this.lines, method, code, durationMs, requestId, caller);
      return;
    }
    this.callText(
      level,
      method,
      code,
      durationMs,
      typeof requestId === "number" ? this.ids.text(requestId) : requestId,
      caller,
      peer,
    );
  }

  private callText(
    level: pino.Level,
    method: string,
    code: number,
    durationMs: number,
    requestId: string,
    caller: string | undefined,
    peer: string | undefined,
  ): void {
    const logger = this.logger;
    if (level !== "info") {
      logger[level](
        {
          method,
          status: statusName(code),
          grpcCode: code,
          durationMs,
          requestId,
          caller,
          peer,
        },
        "call",
      );
      return;
    }
    const internals = logger as unknown as PinoInternals;
    let methodPart = this.methodJson.get(method);
    if (methodPart === undefined) {
      methodPart = `,"method":${JSON.stringify(method)}`;
      this.methodJson.set(method, methodPart);
    }
    const callerPart = caller === undefined ? "" : `,"caller":${JSON.stringify(caller)}`;
    internals[pino.symbols.streamSym].write(
      `${this.infoPrefix}${internals[pino.symbols.timeSym]()}${internals[pino.symbols.chindingsSym]}${methodPart},"status":"${statusName(code)}","grpcCode":${code},"durationMs":${durationMs},"requestId":${jsonString(requestId)}${callerPart},"msg":"call"}\n`,
    );
  }

  private callBytes(
    lines: LineBuffer,
    method: string,
    code: number,
    durationMs: number,
    requestId: string | number,
    caller: string | undefined,
  ): void {
    const internals = this.logger as unknown as PinoInternals;
    const bindings = internals[pino.symbols.chindingsSym];
    if (bindings !== this.bindings) {
      this.bindings = bindings;
      this.bindingBytes = Buffer.from(bindings, "utf8");
    }
    const middle = this.partsOf(method, code);
    const time = this.epochTime ? undefined : internals[pino.symbols.timeSym]();
    const out = lines.room(
      FIXED_BYTES +
        this.bindingBytes.length +
        middle.length +
        (typeof requestId === "number" ? this.ids.maxBytes : 6 * requestId.length) +
        6 * ((caller?.length ?? 0) + (time?.length ?? 0)),
    );
    let o: number;
    if (time === undefined) {
      o = put(out, lines.end, this.headAt(Date.now(), bindings));
    } else {
      o = put(out, lines.end, this.head);
      o += out.write(time, o, "utf8");
      o = put(out, o, this.bindingBytes);
    }
    o = putDuration(out, put(out, o, middle), durationMs);
    o = put(out, o, REQUEST_ID);
    if (typeof requestId === "number") {
      out[o] = 34; // "
      o = this.ids.put(out, o + 1, requestId);
      out[o++] = 34;
    } else {
      o = putString(out, o, requestId);
    }
    if (caller !== undefined) o = putString(out, put(out, o, CALLER), caller);
    lines.wrote(put(out, o, TAIL));
  }

  /** `{"level":30,"time":<ms>` and the bindings (`bindingBytes`), encoded once per millisecond. */
  private headAt(ms: number, bindings: string): Buffer {
    if (ms !== this.headMs || bindings !== this.headBindings) {
      const head = Buffer.allocUnsafe(HEAD_BYTES + this.bindingBytes.length);
      let o = putDigits(head, put(head, put(head, 0, this.head), TIME), ms);
      o = put(head, o, this.bindingBytes);
      this.headBytes = head.subarray(0, o);
      this.headMs = ms;
      this.headBindings = bindings;
    }
    return this.headBytes;
  }

  private partsOf(method: string, code: number): Buffer {
    let byCode = this.parts.get(method);
    if (byCode === undefined) {
      byCode = [];
      this.parts.set(method, byCode);
    }
    let bytes = byCode[code];
    if (bytes === undefined) {
      bytes = Buffer.from(
        `,"method":${JSON.stringify(method)},"status":${JSON.stringify(statusName(code))},"grpcCode":${code},"durationMs":`,
        "utf8",
      );
      byCode[code] = bytes;
    }
    return bytes;
  }
}
