/**
 * Why `bytes` are not a well-formed protobuf message at the top level, or undefined when they
 * are: every field's tag, varint and fixed-width value must be whole, and every length-delimited
 * field (strings, bytes, nested messages) must end within the message. protobufjs's Buffer reader
 * cuts a string whose declared length runs past the end to what is there (`0a 64 41` decodes as
 * `sku: "A"`), so a truncated request would be answered as if it asked for something else.
 */
export function wireFormatProblem(bytes: Uint8Array): string | undefined {
  const end = bytes.length;
  let pos = 0;
  while (pos < end) {
    const tagStart = pos;
    let tag = 0;
    let shift = 0;
    for (;;) {
      if (pos >= end) return `truncated field tag at byte ${tagStart}`;
      const b = bytes[pos++]!;
      tag += (b & 0x7f) * 2 ** shift;
      shift += 7;
      if (b < 0x80) break;
      if (shift >= 35) return `invalid field tag at byte ${tagStart}`;
    }
    const wireType = tag % 8;
    const field = Math.floor(tag / 8);
    if (field === 0) return `field number 0 at byte ${tagStart}`;
    if (wireType === 0) {
      const start = pos;
      for (;;) {
        if (pos >= end) return `truncated varint at byte ${start}`;
        if (pos - start >= 10) return `invalid varint at byte ${start}`;
        if (bytes[pos++]! < 0x80) break;
      }
    } else if (wireType === 1 || wireType === 5) {
      pos += wireType === 1 ? 8 : 4;
      if (pos > end) return `truncated fixed-width value at byte ${tagStart}`;
    } else if (wireType === 2) {
      const start = pos;
      let length = 0;
      let scale = 1;
      for (;;) {
        if (pos >= end) return `truncated length at byte ${start}`;
        if (pos - start >= 5) return `invalid length at byte ${start}`;
        const b = bytes[pos++]!;
        length += (b & 0x7f) * scale;
        scale *= 128;
        if (b < 0x80) break;
      }
      if (pos + length > end) {
        return `field ${field} declares ${length} bytes at byte ${start}, ${end - pos} remain`;
      }
      pos += length;
    } else {
      return `unsupported wire type ${wireType} at byte ${tagStart}`;
    }
  }
  return undefined;
}
