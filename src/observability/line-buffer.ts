/** Where buffered text goes (a SonicBoom destination, say): one write per flush. */
export interface TextSink {
  write(text: string): unknown;
}

export interface LineBufferOptions {
  /** Flush once this many characters are waiting. */
  readonly minLength: number;
  /** Flush at the latest this long after the first line that is waiting. */
  readonly flushMs: number;
}

/**
 * Collects log lines and hands them to `sink` in one write per `minLength` characters, or
 * `flushMs` after the first waiting line, or on `flush()`: one write(2) per few dozen call lines
 * instead of one per line. (SonicBoom's own `minLength` buffering measures the byte length of its
 * whole pending buffer on every write, which cost more than it saved.)
 */
export class LineBuffer {
  private parts: string[] = [];
  private length = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly sink: TextSink,
    private readonly options: LineBufferOptions,
  ) {}

  write(line: string): boolean {
    this.parts.push(line);
    this.length += line.length;
    if (this.length >= this.options.minLength) {
      this.flush();
    } else if (this.timer === undefined) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.flush();
      }, this.options.flushMs);
      this.timer.unref();
    }
    return true;
  }

  /** Writes whatever is waiting now (pino calls it from `logger.flush(cb)`). */
  flush(callback?: (err?: Error) => void): void {
    if (this.parts.length > 0) {
      const text = this.parts.length === 1 ? this.parts[0]! : this.parts.join("");
      this.parts = [];
      this.length = 0;
      this.sink.write(text);
    }
    callback?.();
  }
}
