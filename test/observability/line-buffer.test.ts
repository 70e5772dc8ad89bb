import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { LineBuffer } from "../../src/observability/line-buffer.js";

describe("LineBuffer", () => {
  let writes: string[];
  let buffer: LineBuffer;

  beforeEach(() => {
    vi.useFakeTimers();
    writes = [];
    buffer = new LineBuffer(
      { write: (bytes: Buffer) => writes.push(bytes.toString("utf8")) },
      {
        minLength: 10,
        flushMs: 250,
      },
    );
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it("holds lines until minLength bytes wait, then writes them all in order in one write", () => {
    buffer.write("abc\n");
    buffer.write("def\n");
    expect(writes).toEqual([]);
    buffer.write("ghi\n");
    expect(writes).toEqual(["abc\ndef\nghi\n"]);
  });

  it("writes a waiting line flushMs after it was logged, not before", () => {
    buffer.write("one\n");
    vi.advanceTimersByTime(249);
    expect(writes).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(writes).toEqual(["one\n"]);
    buffer.write("two\n");
    vi.advanceTimersByTime(250);
    expect(writes).toEqual(["one\n", "two\n"]);
  });

  it("flush writes what waits (and nothing when nothing does) and calls back", () => {
    const done = vi.fn();
    buffer.flush(done);
    expect(writes).toEqual([]);
    buffer.write("last words\n".slice(0, 5));
    buffer.flush(done);
    expect(writes).toEqual(["last "]);
    expect(done).toHaveBeenCalledTimes(2);
  });

  it("keeps every byte in order across slabs, and bytes already handed over are never overwritten", () => {
    const handed: Buffer[] = [];
    const lines = new LineBuffer(
      { write: (bytes: Buffer) => handed.push(bytes) },
      {
        minLength: 1000,
        flushMs: 250,
      },
    );
    // 3,000 lines of 100 bytes: 300,000 bytes, more than four 64 KB slabs.
    const expected: string[] = [];
    for (let i = 0; i < 3000; i++) {
      const line = `${String(i).padStart(6, "0")}-${"é".repeat(20)}${"x".repeat(52)}\n`;
      expected.push(line);
      lines.write(line);
    }
    lines.flush();
    // Read only now: a reused slab would have overwritten the early writes.
    expect(handed.map((b) => b.toString("utf8")).join("")).toBe(expected.join(""));
    // 1,000 bytes a write: 10 lines each (the last write holds what was left).
    expect(handed).toHaveLength(300);
    expect(handed.every((b) => b.length === 1000)).toBe(true);
  });

  it("writes a line longer than a quarter slab by itself, after what waited", () => {
    const handed: string[] = [];
    const lines = new LineBuffer(
      { write: (bytes: Buffer) => handed.push(bytes.toString("utf8")) },
      {
        minLength: 100,
        flushMs: 250,
      },
    );
    const long = `${"y".repeat(20_000)}\n`;
    lines.write("short\n");
    lines.write(long);
    expect(handed).toEqual(["short\n", long]);
  });

  it("gives a writer of its own bytes room at end, and flushes once minLength bytes are written", () => {
    const handed: string[] = [];
    const lines = new LineBuffer(
      { write: (bytes: Buffer) => handed.push(bytes.toString("utf8")) },
      {
        minLength: 8,
        flushMs: 250,
      },
    );
    let out = lines.room(4);
    let at = lines.end;
    at += out.write("abc\n", at, "latin1");
    lines.wrote(at);
    expect(handed).toEqual([]);
    out = lines.room(70_000);
    at = lines.end;
    at += out.write("defgh\n", at, "latin1");
    lines.wrote(at);
    expect(handed).toEqual(["abc\ndefgh\n"]);
  });
});
