import type { ImportedDelivery } from "../store/store.js";

/** What the import writer's thread is given (structured-cloned). */
export interface ImportWriterInput {
  /** The SQLite file to write. */
  readonly sqlitePath: string;
}

/** Main thread to writer: a batch (its rows as JSON text, one string to copy), or close. */
export type ImportWriterRequest =
  | { readonly type: "batch"; readonly id: number; readonly rows: string }
  | { readonly type: "close" };

/** Writer to main thread: the store is open, a batch is committed, it failed, or it closed. */
export type ImportWriterMessage =
  | { readonly type: "ready" }
  | { readonly type: "stored"; readonly id: number; readonly stored: number }
  | { readonly type: "failed"; readonly message: string }
  | { readonly type: "closed" };

/** The rows of a batch request. */
export function parseImportBatch(rows: string): ImportedDelivery[] {
  return JSON.parse(rows) as ImportedDelivery[];
}
