/**
 * The thread of SqliteConfirmWriter: one connection that writes confirm plans. Each turn takes
 * every plan that has arrived (the ones sent while the previous commit was syncing) and writes
 * them in one BEGIN IMMEDIATE transaction, each in its own savepoint, then answers all of them
 * after the one commit.
 */
import { parentPort, receiveMessageOnPort, workerData } from "node:worker_threads";
import Database from "better-sqlite3";
import type { WriterData, WriterReply, WriterRequest } from "./sqlite-confirm-writer.js";
import { prepareSqliteStatements } from "./sqlite-statements.js";
import { Rejection, type WritablePlan, writeClaimPlan } from "./sqlite-transactions.js";

type Write = Extract<WriterRequest, { type: "write" }>;
type Result = Extract<WriterReply, { type: "written" }>["results"][number];

const port = parentPort!;
const data = workerData as WriterData;

function codeOf(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}

let db: Database.Database;
try {
  db = new Database(data.path, { timeout: data.busyTimeoutMs });
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = FULL");
  db.pragma("foreign_keys = ON");
  db.pragma(`busy_timeout = ${Math.max(0, Math.floor(data.busyTimeoutMs))}`);
} catch (err) {
  port.postMessage({
    type: "fatal",
    message: err instanceof Error ? err.message : String(err),
    code: codeOf(err),
  } satisfies WriterReply);
  throw err;
}
const st = prepareSqliteStatements(db);
const one = db.transaction((plan: WritablePlan) => writeClaimPlan(st, plan, true));
const all = db.transaction((writes: readonly Write[]) => {
  const results: Result[] = [];
  for (const w of writes) {
    try {
      results.push({ id: w.id, kind: "written", seq: one(w.plan) });
    } catch (err) {
      if (err instanceof Rejection) {
        results.push({ id: w.id, kind: "rejected", outcome: err.outcome });
      } else {
        results.push({
          id: w.id,
          kind: "failed",
          message: err instanceof Error ? err.message : String(err),
          code: codeOf(err),
        });
      }
    }
  }
  return results;
});

let closing = false;

function run(first: WriterRequest): void {
  const writes: Write[] = [];
  const take = (m: WriterRequest) => {
    if (m.type === "close") closing = true;
    else writes.push(m);
  };
  take(first);
  for (let m = receiveMessageOnPort(port); m !== undefined; m = receiveMessageOnPort(port)) {
    take(m.message as WriterRequest);
  }
  if (writes.length > 0) {
    let results: Result[];
    try {
      results = all.immediate(writes);
    } catch (err) {
      // BEGIN or COMMIT failed: nothing was written.
      const message = err instanceof Error ? err.message : String(err);
      const code = codeOf(err);
      results = writes.map((w) => ({ id: w.id, kind: "failed", message, code }));
    }
    port.postMessage({ type: "written", results } satisfies WriterReply);
  }
  if (closing) {
    db.close();
    port.close();
  }
}

port.on("message", run);
