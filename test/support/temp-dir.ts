import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A fresh directory under the OS temp dir, and a function that removes it. */
export function tempDir(prefix = "promise-test-"): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** A SQLite file path in a fresh temp directory (the store creates the file). */
export function tempSqlitePath(): string {
  return join(tempDir("promise-db-").path, "promise.db");
}
