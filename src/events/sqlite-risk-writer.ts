import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import { type RiskWriteRow, SQLITE_UPSERT_RISKS } from "./promise-event-store.js";

/**
 * Writes bulk risk updates on a worker thread, through a SQLite connection of its own, so that a
 * pass writing hundreds of thousands of risks (and their outbox events, by trigger) never holds
 * the service's event loop: each batch is one transaction there, and the caller's thread only
 * posts the rows and waits. Started on first use; `close` ends it.
 */
export class SqliteRiskWriter {
  readonly #path: string;
  readonly #busyTimeoutMs: number;
  #worker: Worker | undefined;
  #next = 0;
  readonly #pending = new Map<
    number,
    { resolve: (n: number) => void; reject: (err: Error) => void }
  >();

  readonly #nice: number | undefined;

  /** `nice`: the thread's CPU priority (Linux, per thread), when it should yield to others. */
  constructor(path: string, busyTimeoutMs: number, nice?: number) {
    this.#path = path;
    this.#busyTimeoutMs = busyTimeoutMs;
    this.#nice = nice;
  }

  /** Stores the rows (one per outcome) in one transaction on the worker; resolves with the promises updated. */
  write(rows: readonly RiskWriteRow[]): Promise<number> {
    const worker = this.#start();
    const id = this.#next++;
    return new Promise<number>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      worker.postMessage({ id, rows });
    });
  }

  async close(): Promise<void> {
    const worker = this.#worker;
    this.#worker = undefined;
    if (worker !== undefined) await worker.terminate();
    for (const p of this.#pending.values()) p.reject(new Error("the risk writer was closed"));
    this.#pending.clear();
  }

  #start(): Worker {
    if (this.#worker !== undefined) return this.#worker;
    const worker = new Worker(WORKER_CODE, {
      eval: true,
      workerData: {
        path: this.#path,
        busyTimeoutMs: this.#busyTimeoutMs,
        sqlite: createRequire(import.meta.url).resolve("better-sqlite3"),
        upsert: SQLITE_UPSERT_RISKS,
        nice: this.#nice,
      },
    });
    worker.unref();
    worker.on("message", (m: { id: number; n?: number; error?: string; code?: string }) => {
      const p = this.#pending.get(m.id);
      if (p === undefined) return;
      this.#pending.delete(m.id);
      if (m.error === undefined) p.resolve(m.n ?? 0);
      else p.reject(Object.assign(new Error(m.error), { code: m.code }));
    });
    worker.on("error", (err) => {
      for (const p of this.#pending.values()) p.reject(err);
      this.#pending.clear();
      this.#worker = undefined;
    });
    this.#worker = worker;
    return worker;
  }
}

/** The worker: one connection, one prepared upsert (one run per outcome), one transaction per message. */
const WORKER_CODE = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.sqlite);
if (workerData.nice !== undefined) {
  try { require("node:os").setPriority(workerData.nice); } catch {}
}
const db = new Database(workerData.path, { timeout: workerData.busyTimeoutMs });
db.pragma("journal_mode = WAL");
db.pragma("synchronous = FULL");
const upsert = db.prepare(workerData.upsert);
const apply = db.transaction((groups) => {
  let n = 0;
  for (const g of groups) n += upsert.run(g[0], g[1], g[2], g[3]).changes;
  return n;
});
parentPort.on("message", (m) => {
  try {
    parentPort.postMessage({ id: m.id, n: apply.immediate(m.rows) });
  } catch (err) {
    parentPort.postMessage({ id: m.id, error: String(err && err.message), code: err && err.code });
  }
});
`;
