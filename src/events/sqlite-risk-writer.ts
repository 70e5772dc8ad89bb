import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import { OnDemandThread } from "../lifecycle/on-demand-thread.js";
import {
  type RiskWriteRow,
  SQLITE_DROP_RISK_TEXT,
  SQLITE_RISK_EVENTS,
  SQLITE_RISK_TEXT,
  SQLITE_UPSERT_RISKS,
} from "./promise-event-store.js";

/** How long the writer thread is kept after its last write by default. */
export const RISK_WRITER_IDLE_MS = 30_000;

/**
 * Writes bulk risk updates on a worker thread, through a SQLite connection of its own, so that a
 * pass writing hundreds of thousands of risks (and their outbox events) never holds
 * the service's event loop: each batch is one transaction there, and the caller's thread only
 * posts the rows and waits. Started by the first write, ended once no write has come for
 * `idleMs` (an isolate and a connection kept for writes that come a few times a day); `close`
 * ends it.
 */
export class SqliteRiskWriter {
  readonly #thread: OnDemandThread;

  /** `nice`: the thread's CPU priority (Linux, per thread), when it should yield to others. */
  constructor(
    path: string,
    busyTimeoutMs: number,
    options: { nice?: number; idleMs?: number } = {},
  ) {
    const workerData = {
      path,
      busyTimeoutMs,
      sqlite: createRequire(import.meta.url).resolve("better-sqlite3"),
      text: SQLITE_RISK_TEXT,
      dropText: SQLITE_DROP_RISK_TEXT,
      events: SQLITE_RISK_EVENTS,
      upsert: SQLITE_UPSERT_RISKS,
      nice: options.nice,
    };
    this.#thread = new OnDemandThread({
      name: "the risk writer",
      start: () => new Worker(WORKER_CODE, { eval: true, workerData }),
      idleMs: options.idleMs ?? RISK_WRITER_IDLE_MS,
    });
  }

  /** Whether the thread is alive now. */
  get running(): boolean {
    return this.#thread.running;
  }

  /** Stores the rows (one per outcome) in one transaction on the worker; resolves with the promises updated. */
  async write(rows: readonly RiskWriteRow[]): Promise<number> {
    const reply = await this.#thread.request<{ n?: number; error?: string; code?: string }>(
      (id) => ({ id, rows }),
    );
    if (reply.error !== undefined) {
      throw Object.assign(new Error(reply.error), { code: reply.code });
    }
    return reply.n ?? 0;
  }

  close(): Promise<void> {
    return this.#thread.close();
  }
}

/**
 * The worker: one connection, the store's statements (per outcome its risk text and events, then
 * its upsert, as SqlitePromiseEventStore's own write), one transaction per message.
 */
const WORKER_CODE = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.sqlite);
if (workerData.nice !== undefined) {
  try { require("node:os").setPriority(workerData.nice); } catch {}
}
const db = new Database(workerData.path, { timeout: workerData.busyTimeoutMs });
db.pragma("journal_mode = WAL");
db.pragma("synchronous = FULL");
const text = db.prepare(workerData.text);
const dropText = db.prepare(workerData.dropText);
const events = db.prepare(workerData.events);
const upsert = db.prepare(workerData.upsert);
const apply = db.transaction((groups) => {
  let n = 0;
  for (const g of groups) {
    const riskId = text.run(g[1]).lastInsertRowid;
    if (events.run({ status: g[0], risk: g[1], since: g[2], ids: g[3], riskId }).changes === 0) {
      dropText.run(riskId);
    }
    n += upsert.run(g[0], g[1], g[2], g[3]).changes;
  }
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
