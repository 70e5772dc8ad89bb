import { createReadStream, statSync } from "node:fs";
import { createInterface } from "node:readline";
import type { ImportedDelivery, Store } from "../store/store.js";
import { ImportKeys } from "./import-keys.js";
import {
  HISTORY_COLUMNS,
  type ShipmentHistoryChecker,
  type ShipmentHistoryRow,
} from "./shipment-history-row.js";
import { splitCsvLine } from "./split-csv-line.js";

/**
 * Rows per store transaction: each committed batch is durable when reported. The import key's
 * unique index takes random keys, so every batch rewrites most of its pages: 1,000,000 rows in
 * batches of 20,000 wrote 3 GB to SQLite's WAL, in batches of 100,000 (sorted by key) 0.8 GB.
 */
export const IMPORT_BATCH_ROWS = 100_000;

export interface ImportLineError {
  /** 1-based line number in the file. */
  readonly line: number;
  /** The CSV column at fault (or `line` for the line as a whole). */
  readonly field: string;
  readonly reason: string;
}

export interface ImportProgress {
  readonly bytesRead: number;
  readonly bytesTotal: number;
  /** Rows committed so far (durable). */
  readonly imported: number;
  /** Rows skipped because an earlier import stored them already (see ImportKeys). */
  readonly duplicates: number;
  readonly rejected: number;
}

export interface ImportSummary {
  readonly lines: number;
  readonly imported: number;
  readonly duplicates: number;
  readonly rejected: number;
}

/**
 * Imports a CSV of delivered shipments (a header line naming HISTORY_COLUMNS, the last optional)
 * into the store in batches of IMPORT_BATCH_ROWS: each batch is one transaction, reported
 * through `onProgress` after its commit, so a killed import keeps every batch it reported. A bad
 * line is reported through `onError` and skipped; the others are imported. Each row carries a
 * stable key (ImportKeys), so importing the same file again, or resuming a killed import, stores
 * no parcel twice: such rows are counted as `duplicates`.
 */
export async function importShipmentCsv(
  path: string,
  store: Pick<Store, "importDeliveries">,
  checker: ShipmentHistoryChecker,
  handlers: {
    readonly onError: (error: ImportLineError) => void;
    readonly onProgress: (progress: ImportProgress) => void;
    readonly signal?: AbortSignal | undefined;
  },
): Promise<ImportSummary> {
  const bytesTotal = statSync(path).size;
  const stream = createReadStream(path, { encoding: "utf8", highWaterMark: 1 << 20 });
  const lines = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
  let lineNo = 0;
  let imported = 0;
  let duplicates = 0;
  let rejected = 0;
  const keys = new ImportKeys();
  let bytesRead = 0;
  let columns: number[] | undefined;
  let batch: ImportedDelivery[] = [];
  // One batch in flight: the next one is read and checked while the store commits it (a store
  // writing on a thread of its own, or PostgreSQL, does that work in parallel). Batches are
  // stored and reported in order, each once it is committed.
  let inFlight: Promise<void> | undefined;
  const settle = async () => {
    const previous = inFlight;
    inFlight = undefined;
    await previous;
  };
  const flush = async () => {
    await settle();
    if (batch.length === 0) return;
    const rows = batch;
    const at = bytesRead;
    batch = [];
    inFlight = store.importDeliveries(rows).then((stored) => {
      imported += stored;
      duplicates += rows.length - stored;
      handlers.onProgress({ bytesRead: at, bytesTotal, imported, duplicates, rejected });
    });
    // A failure surfaces at the next flush or at the end; never as an unhandled rejection.
    inFlight.catch(() => {});
  };
  const reject = (field: string, reason: string) => {
    rejected++;
    handlers.onError({ line: lineNo, field, reason });
  };
  try {
    for await (const raw of lines) {
      lineNo++;
      bytesRead += Buffer.byteLength(raw) + 1;
      if (handlers.signal?.aborted) break;
      const line = lineNo === 1 ? raw.replace(/^\uFEFF/, "") : raw;
      if (line.trim() === "") continue;
      const fields = splitCsvLine(line);
      if (fields === undefined) {
        reject("line", "malformed CSV (unclosed or misplaced quote)");
        continue;
      }
      if (columns === undefined) {
        const header = fields.map((f) => f.toLowerCase());
        const missing = HISTORY_COLUMNS.slice(0, 6).filter((c) => !header.includes(c));
        if (missing.length > 0) {
          throw new Error(
            `line 1: the header must name the columns ${HISTORY_COLUMNS.join(", ")} (promised_latest optional); missing ${missing.join(", ")}`,
          );
        }
        columns = HISTORY_COLUMNS.map((c) => header.indexOf(c));
        continue;
      }
      const row: ShipmentHistoryRow = {
        warehouseId: fieldAt(fields, columns, 0),
        serviceId: fieldAt(fields, columns, 1),
        countryCode: fieldAt(fields, columns, 2).toUpperCase(),
        postalCode: fieldAt(fields, columns, 3),
        shipDate: fieldAt(fields, columns, 4),
        delivered: fieldAt(fields, columns, 5),
        promisedLatest: fieldAt(fields, columns, 6),
      };
      const checked = checker.check(row);
      if ("field" in checked) {
        reject(checked.field, checked.reason);
        continue;
      }
      // No copy of the row: the checked row takes its key (no closure or spread per line).
      (checked as { importKey?: string }).importKey = keys.keyOf(checked, row.delivered);
      batch.push(checked);
      if (batch.length >= IMPORT_BATCH_ROWS) await flush();
    }
    await flush();
    await settle();
  } finally {
    lines.close();
    stream.destroy();
  }
  return { lines: lineNo, imported, duplicates, rejected };
}

/** The CSV field of HISTORY_COLUMNS[i] ("" when the file has no such column). */
function fieldAt(fields: readonly string[], columns: readonly number[], i: number): string {
  const c = columns[i]!;
  return c < 0 ? "" : (fields[c] ?? "");
}
