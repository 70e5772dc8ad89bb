import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import type { WritablePlan } from "./sqlite-transactions.js";
import type { ConfirmOutcome } from "./store.js";
import { storeClosedError, toStoreError } from "./store-error.js";

/** How a plan's write ended. */
export type PlanWriteResult =
  | { readonly kind: "written"; readonly seq: number }
  /** A row had no room any more (another process took it): nothing of the plan was written. */
  | { readonly kind: "rejected"; readonly outcome: ConfirmOutcome }
  /** Any other error of the plan's statements (for example a key taken by another process). */
  | { readonly kind: "failed"; readonly error: unknown };

/** Main thread -> writer thread. */
export type WriterRequest =
  | { readonly type: "write"; readonly id: number; readonly plan: WritablePlan }
  | { readonly type: "close" };

/** Writer thread -> main thread. */
export type WriterReply =
  | {
      readonly type: "written";
      readonly results: readonly (
        | { readonly id: number; readonly kind: "written"; readonly seq: number }
        | { readonly id: number; readonly kind: "rejected"; readonly outcome: ConfirmOutcome }
        | {
            readonly id: number;
            readonly kind: "failed";
            readonly message: string;
            readonly code: string | undefined;
          }
      )[];
    }
  | { readonly type: "fatal"; readonly message: string; readonly code: string | undefined };

export interface WriterData {
  readonly path: string;
  readonly busyTimeoutMs: number;
}

/**
 * The SQLite confirm writes on a worker thread with its own connection (same file, WAL,
 * `synchronous=FULL`), so that the server's thread decides the next commit group while the
 * previous one's commit waits for its fsync (better-sqlite3 blocks its thread for the whole
 * commit). The plans that reach the thread while it commits are written together next, in one
 * transaction, each in a savepoint (a refusal rolls back that plan only): one fsync for all.
 * A write resolves after its commit is on disk.
 */
export class SqliteConfirmWriter {
  readonly #data: WriterData;
  #worker: Worker | undefined;
  #nextId = 1;
  readonly #waiting = new Map<number, (result: PlanWriteResult) => void>();
  #closed = false;

  /**
   * Starts the thread now (its start-up, loading modules, would otherwise delay the first
   * confirm). An idle thread does not keep the process alive; one with writes to answer does.
   */
  constructor(data: WriterData) {
    this.#data = data;
    this.#start();
  }

  /** Writes `plan` in its own savepoint of the writer's next transaction. */
  write(plan: WritablePlan): Promise<PlanWriteResult> {
    if (this.#closed) return Promise.reject(storeClosedError());
    const worker = this.#worker ?? this.#start();
    const id = this.#nextId++;
    if (this.#waiting.size === 0) worker.ref();
    return new Promise<PlanWriteResult>((resolve) => {
      this.#waiting.set(id, resolve);
      worker.postMessage({ type: "write", id, plan } satisfies WriterRequest);
    });
  }

  /** Waits for the writes asked so far, then stops the thread (closing its connection). */
  async close(): Promise<void> {
    this.#closed = true;
    const worker = this.#worker;
    if (worker === undefined) return;
    const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
    worker.ref();
    worker.postMessage({ type: "close" } satisfies WriterRequest);
    await exited;
  }

  #start(): Worker {
    const fromSource = import.meta.url.endsWith(".ts");
    const entry = new URL(
      `./sqlite-confirm-writer-worker.${fromSource ? "ts" : "js"}`,
      import.meta.url,
    );
    let worker: Worker;
    if (fromSource) {
      const tsxDir = dirname(createRequire(import.meta.url).resolve("tsx/package.json"));
      const api = pathToFileURL(join(tsxDir, "dist", "esm", "api", "index.mjs")).href;
      const code = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(entry.href)}); })`;
      worker = new Worker(code, { eval: true, workerData: this.#data });
    } else {
      worker = new Worker(entry, { workerData: this.#data });
    }
    const fail = (error: unknown) => {
      if (this.#worker === worker) this.#worker = undefined;
      const waiting = [...this.#waiting.values()];
      this.#waiting.clear();
      for (const resolve of waiting) resolve({ kind: "failed", error: toStoreError(error) });
    };
    worker.on("message", (reply: WriterReply) => {
      if (reply.type === "written") {
        for (const r of reply.results) {
          const resolve = this.#waiting.get(r.id);
          if (resolve === undefined) continue;
          this.#waiting.delete(r.id);
          if (r.kind === "failed") resolve({ kind: "failed", error: errorOf(r.message, r.code) });
          else resolve(r);
        }
        if (this.#waiting.size === 0) worker.unref();
      } else if (reply.type === "fatal") {
        fail(errorOf(reply.message, reply.code));
        void worker.terminate();
      }
    });
    worker.on("error", fail);
    worker.on("exit", (code) => fail(new Error(`the SQLite writer thread stopped (exit ${code})`)));
    worker.unref();
    this.#worker = worker;
    return worker;
  }
}

/** An error from the writer thread, with SQLite's code (toStoreError reads it). */
function errorOf(message: string, code: string | undefined): Error {
  const error = new Error(message) as Error & { code?: string };
  if (code !== undefined) error.code = code;
  return error;
}
