/** One data row of a CSV file: its line number (1 = the header) and its fields by column name. */
export interface CsvRow {
  readonly line: number;
  readonly get: (column: string) => string;
}

/**
 * Parses CSV text (RFC 4180: comma-separated, double-quoted fields with "" for a quote, CRLF or
 * LF line ends) with a header row. Checks the header has the required columns; returns the rows,
 * or an error message naming the line.
 */
export function parseCsv(
  text: string,
  required: readonly string[],
): { rows: CsvRow[] } | { error: string; line: number } {
  const records: { line: number; fields: string[] }[] = [];
  let fields: string[] = [];
  let field = "";
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  let i = 0;
  const body = text.startsWith("\uFEFF") ? text.slice(1) : text;
  const endRecord = (): void => {
    fields.push(field);
    if (!(fields.length === 1 && fields[0] === "")) records.push({ line: recordLine, fields });
    fields = [];
    field = "";
  };
  while (i < body.length) {
    const c = body[i]!;
    if (quoted) {
      if (c === '"') {
        if (body[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else {
        if (c === "\n") line++;
        field += c;
      }
      i++;
      continue;
    }
    if (c === '"' && field === "") quoted = true;
    else if (c === ",") {
      fields.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && body[i + 1] === "\n") i++;
      endRecord();
      line++;
      recordLine = line;
    } else field += c;
    i++;
  }
  if (quoted) return { error: "a quoted field is not closed", line: recordLine };
  if (field !== "" || fields.length > 0) endRecord();
  const header = records.shift();
  if (header === undefined)
    return { error: "the file is empty (a header row is expected)", line: 1 };
  const names = header.fields.map((f) => f.trim().toLowerCase());
  const missing = required.filter((r) => !names.includes(r));
  if (missing.length > 0) {
    return {
      error: `the header lacks ${missing.join(", ")} (it has ${names.join(", ")})`,
      line: 1,
    };
  }
  const index = new Map(names.map((n, k) => [n, k]));
  return {
    rows: records.map((r) => ({
      line: r.line,
      get: (column: string) => (r.fields[index.get(column) ?? -1] ?? "").trim(),
    })),
  };
}
