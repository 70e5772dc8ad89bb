import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { LineBuffer } from "../../src/observability/line-buffer.js";

describe("LineBuffer", () => {
  let writes: string[];
  let buffer: LineBuffer;

  beforeEach(() => {
    vi.useFakeTimers();
    writes = [];
    buffer = new LineBuffer(
      { write: (text: string) => writes.push(text) },
      {
        minLength: 10,
        flushMs: 250,
      },
    );
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it("holds lines until minLength characters wait, then writes them all in order in one write", () => {
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
});
