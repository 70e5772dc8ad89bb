import { randomBytes } from "node:crypto";

/** Base-36 digits, as Number#toString(36) writes them. */
const BASE36 = Buffer.from("0123456789abcdefghijklmnopqrstuvwxyz", "latin1");

/**
 * Request ids this process makes: a random prefix per process (so ids from several workers or
 * replicas do not collide), a dot and a base-36 counter. Short and cheap: the id goes into every
 * log line (and an error's trailers), where a 36-character random UUID cost measurably more per
 * call.
 *
 * An id is first taken as its number (`take`); its text is made only where it is sent or logged
 * as a string (`text`), and a log line that is written as bytes writes it with `put`, so a call
 * that never sends its made id builds no string for it.
 */
export class RequestIds {
  /** 8 base64url characters and a dot. */
  readonly prefix = `${randomBytes(6).toString("base64url")}.`;
  private readonly prefixBytes = Buffer.from(this.prefix, "latin1");
  private last = 0;

  /** The next id, as text. */
  make(): string {
    return this.text(this.take());
  }

  /** The next id's number (1, 2, ...). */
  take(): number {
    return ++this.last;
  }

  /** The text of id number `n`. */
  text(n: number): string {
    return this.prefix + n.toString(36);
  }

  /** The most bytes `put` writes. */
  get maxBytes(): number {
    return this.prefixBytes.length + 11;
  }

  /**
   * Writes id number `n` (a non-negative integer below 2^53) as `text(n)`'s ASCII bytes into `out`
   * at `at`; returns where they end.
   */
  put(out: Uint8Array, at: number, n: number): number {
    out.set(this.prefixBytes, at);
    let o = at + this.prefixBytes.length;
    let digits = 1;
    for (let v = n; v >= 36; v = (v - (v % 36)) / 36) digits++;
    o += digits;
    let i = o;
    let v = n;
    do {
      const d = v % 36;
      out[--i] = BASE36[d]!;
      v = (v - d) / 36;
    } while (v > 0);
    return o;
  }
}
