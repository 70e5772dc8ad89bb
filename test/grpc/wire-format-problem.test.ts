import { describe, expect, it } from "vitest";
import { wireFormatProblem } from "../../src/grpc/wire-format-problem.js";

const bytes = (...b: number[]) => Uint8Array.from(b);

describe("wireFormatProblem", () => {
  it("finds nothing wrong with an empty message", () => {
    expect(wireFormatProblem(bytes())).toBeUndefined();
  });

  it('finds nothing wrong with sku "A", quantity 2, a fixed64 and a fixed32 field', () => {
    // 0a 01 41: field 1 "A"; 10 02: field 2 varint 2; 19 + 8 bytes: field 3 fixed64; 25 + 4 bytes
    const ok = bytes(0x0a, 0x01, 0x41, 0x10, 0x02, 0x19, 1, 2, 3, 4, 5, 6, 7, 8, 0x25, 1, 2, 3, 4);
    expect(wireFormatProblem(ok)).toBeUndefined();
  });

  it("finds nothing wrong with a 300-byte string (a two-byte length, ac 02)", () => {
    expect(wireFormatProblem(bytes(0x0a, 0xac, 0x02, ...new Array<number>(300).fill(0x41)))).toBe(
      undefined,
    );
  });

  it("names a string that declares 100 bytes when 1 remains", () => {
    expect(wireFormatProblem(bytes(0x0a, 0x64, 0x41))).toBe(
      "field 1 declares 100 bytes at byte 1, 1 remain",
    );
  });

  it("names a tag with nothing after it, and a varint cut short", () => {
    expect(wireFormatProblem(bytes(0x08))).toBe("truncated varint at byte 1");
    expect(wireFormatProblem(bytes(0x08, 0x80))).toBe("truncated varint at byte 1");
  });

  it("names a fixed-width value cut short and a length cut short", () => {
    expect(wireFormatProblem(bytes(0x25, 1, 2, 3))).toBe("truncated fixed-width value at byte 0");
    expect(wireFormatProblem(bytes(0x0a, 0x80))).toBe("truncated length at byte 1");
  });

  it("refuses field number 0 and the group wire types", () => {
    expect(wireFormatProblem(bytes(0x00, 0x01))).toBe("field number 0 at byte 0");
    expect(wireFormatProblem(bytes(0x0b))).toBe("unsupported wire type 3 at byte 0");
  });

  it("reads a five-byte tag (field 2^25) whole instead of taking it for field 0", () => {
    // tag = 2^28: field 2^25, wire type 0; then varint 1
    expect(wireFormatProblem(bytes(0x80, 0x80, 0x80, 0x80, 0x01, 0x01))).toBeUndefined();
  });
});
