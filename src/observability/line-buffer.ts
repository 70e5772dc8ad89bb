/**
 * Where buffered lines go: one write of whole lines per flush. A SonicBoom destination in
 * `contentMode: "buffer"` (pino.destination) is one. The bytes handed over are never written to
 * again, so the sink may keep them (a blocking SonicBoom is done with them when write returns).
 */
export interface ByteSink {
  write(bytes: Buffer): unknown;
}

export interface LineBufferOptions {
  /** Flush once this many bytes are waiting (0: every line at once). */
  readonly minLength: number;
  /** Flush at the latest this long after the first line that is waiting. */
  readonly flushMs: number;
}

/** The smallest slab lines are encoded into (a new one when the rest of the last is too short). */
const MIN_SLAB_BYTES = 64 * 1024;

/**
 * Collects log lines as UTF-8 bytes and hands them to `sink` in one write per `minLength` bytes,
 * or `flushMs` after the first waiting line, or on `flush()`: one write(2) per few dozen call lines
 * instead of one per line.
 *
 * Lines are encoded once, straight into a slab (a large Buffer that later lines go on filling
 * after a flush, so the bytes handed to the sink are never overwritten): no joined string, no
 * second encoding. (SonicBoom's own `minLength` buffering measured the byte length of its whole
 * pending buffer on every write, and its string mode encodes every write twice.) A writer that
 * makes its own bytes (CallLog) asks for `room`, writes from `end` on and says where it stopped
 * with `wrote`.
 */
export class LineBuffer {
  private readonly slabBytes: number;
  private slab: Buffer;
  /** Where the waiting bytes start in `slab`. */
  private start = 0;
  /** Where they end. */
  private used = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly sink: ByteSink,
    private readonly options: LineBufferOptions,
  ) {
    this.slabBytes = Math.max(MIN_SLAB_BYTES, 2 * options.minLength);
    this.slab = Buffer.allocUnsafeSlow(this.slabBytes);
  }

  /** Where the next bytes go in the buffer `room` returned. */
  get end(): number {
    return this.used;
  }

  /**
   * A buffer with at least `bytes` free bytes from `end` on (`end` may change: read it after
   * this call).
   */
  room(bytes: number): Buffer {
    if (this.used + bytes > this.slab.length) this.newSlab(bytes);
    return this.slab;
  }

  /** The bytes from `end` up to `to` are whole lines, written into `room`'s buffer. */
  wrote(to: number): void {
    this.used = to;
    this.waited();
  }

  /** One line (pino's lines). */
  write(line: string): boolean {
    const most = 3 * line.length;
    if (most > this.slabBytes >> 2) {
      // Longer than a slab can take at once: whatever waits, then this line by itself.
      this.flush();
      this.sink.write(Buffer.from(line, "utf8"));
      return true;
    }
    const slab = this.room(most);
    this.used += slab.write(line, this.used, "utf8");
    this.waited();
    return true;
  }

  /** Writes whatever is waiting now (pino calls it from `logger.flush(cb)`). */
  flush(callback?: (err?: Error) => void): void {
    if (this.used > this.start) {
      const bytes = this.slab.subarray(this.start, this.used);
      this.start = this.used;
      this.sink.write(bytes);
    }
    callback?.();
  }

  private waited(): void {
    if (this.used - this.start >= this.options.minLength) {
      this.flush();
    } else if (this.timer === undefined) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.flush();
      }, this.options.flushMs);
      this.timer.unref();
    }
  }

  /** A fresh slab with room for `bytes` more; the waiting bytes move to its start. */
  private newSlab(bytes: number): void {
    const waiting = this.used - this.start;
    const slab = Buffer.allocUnsafeSlow(Math.max(this.slabBytes, waiting + bytes));
    if (waiting > 0) this.slab.copy(slab, 0, this.start, this.used);
    this.slab = slab;
    this.start = 0;
    this.used = waiting;
  }
}
