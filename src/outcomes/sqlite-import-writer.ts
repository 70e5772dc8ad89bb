import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import type { ImportedDelivery } from "../store/store.js";
import type {
  ImportWriterInput,
  ImportWriterMessage,
  ImportWriterRequest,
} from "./import-writer-protocol.js";

/**
 * Writes imported history to a SQLite file from a thread of its own (its own connection), so the
 * import reads and checks the next batch of the CSV while SQLite stores the last one: the two
 * halves of an import cost about the same CPU, and take two cores instead of one. Each batch is
 * one transaction; `importDeliveries` resolves once it is committed (durable: synchronous=FULL),
 * batches in the order sent. From the TypeScript sources (tests, tsx) the thread loads the
 * sources through tsx.
 */
export class SqliteImportWriter {
  readonly #worker: Worker;
  readonly #pending = new Map<
    number,
    { resolve: (stored: number) => void; reject: (e: Error) => void }
  >();
  #ready: Promise<void>;
  #closed: Promise<void> | undefined;
  #failure: Error | undefined;
  #next = 0;

  private constructor(worker: Worker) {
    this.#worker = worker;
    let ready!: () => void;
    let failed!: (e: Error) => void;
    this.#ready = new Promise<void>((resolve, reject) => {
      ready = resolve;
      failed = reject;
    });
    // Awaited by the first batch; a start-up failure is reported there, not as unhandled.
    this.#ready.catch(() => {});
    let onClosed: (() => void) | undefined;
    this.#closedSignal = () =>
      new Promise<void>((resolve) => {
        onClosed = resolve;
      });
    worker.on("message", (m: ImportWriterMessage) => {
      if (m.type === "ready") ready();
      else if (m.type === "stored") {
        this.#pending.get(m.id)?.resolve(m.stored);
        this.#pending.delete(m.id);
      } else if (m.type === "failed") this.#fail(new Error(m.message), failed);
      else onClosed?.();
    });
    worker.on("error", (e) => this.#fail(e, failed));
    worker.on("exit", (code) => {
      onClosed?.();
      this.#fail(new Error(`the import writer stopped (exit code ${code})`), failed);
    });
  }

  readonly #closedSignal: () => Promise<void>;

  static open(sqlitePath: string): SqliteImportWriter {
    const input: ImportWriterInput = { sqlitePath };
    const fromSource = import.meta.url.endsWith(".ts");
    const entry = new URL(`./import-writer-thread.${fromSource ? "ts" : "js"}`, import.meta.url);
    if (!fromSource) return new SqliteImportWriter(new Worker(entry, { workerData: input }));
    const tsxDir = dirname(createRequire(import.meta.url).resolve("tsx/package.json"));
    const api = pathToFileURL(join(tsxDir, "dist", "esm", "api", "index.mjs")).href;
    const code = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(entry.href)}); })`;
    return new SqliteImportWriter(new Worker(code, { eval: true, workerData: input }));
  }

  /** Stores a batch (see Store.importDeliveries); resolves with the rows stored once committed. */
  async importDeliveries(rows: readonly ImportedDelivery[]): Promise<number> {
    await this.#ready;
    if (this.#failure !== undefined) throw this.#failure;
    const id = this.#next++;
    const stored = new Promise<number>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
    });
    const request: ImportWriterRequest = { type: "batch", id, rows: JSON.stringify(rows) };
    this.#worker.postMessage(request);
    return stored;
  }

  /** Closes the writer's connection (after the batches sent) and ends its thread. */
  close(): Promise<void> {
    if (this.#closed === undefined) {
      this.#closed = (async () => {
        if (this.#failure === undefined) {
          const closed = this.#closedSignal();
          this.#worker.postMessage({ type: "close" } satisfies ImportWriterRequest);
          await closed;
        }
        await this.#worker.terminate();
      })();
    }
    return this.#closed;
  }

  #fail(error: Error, failStart: (e: Error) => void): void {
    if (this.#failure !== undefined) return;
    this.#failure = error;
    failStart(error);
    for (const p of this.#pending.values()) p.reject(error);
    this.#pending.clear();
  }
}
