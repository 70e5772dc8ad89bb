import { setPriority } from "node:os";
import { parentPort, workerData } from "node:worker_threads";
import type { CompiledNetwork } from "../engine/compiled-network.js";
import { openPromiseEventStore } from "../events/open-promise-event-store.js";
import { compileNetwork } from "../network/compile-network.js";
import { assessSelected, RiskPass } from "./risk-pass.js";
import {
  RISK_PASS_NICE,
  type RiskWorkerInput,
  type RiskWorkerJob,
  type RiskWorkerReply,
} from "./risk-pass-protocol.js";

/**
 * The worker-thread entry of bulk risk passes (see RiskPassWorker): its own connection to the
 * outbox, the network compiled from the same file as the service's (with the same learned
 * transit), and the same RiskPass as the service's event loop runs. Reading, assessing and
 * writing a million promises happen here, never on the server's event loop.
 */
const input = workerData as RiskWorkerInput;
/** `PROMISE_RISK_PASS_NICE` (docs/settings.md). */
const PASS_NICE = input.nice ?? RISK_PASS_NICE;
// A low CPU priority for this thread (Linux: setpriority on the calling thread): when the cores
// are busy, the server's threads answering estimates go first and the pass takes longer.
try {
  setPriority(PASS_NICE);
} catch {
  // Not permitted here: the pass runs at normal priority.
}

// SQLite: the batches are written on a thread of their own (as nice as this one), one batch
// written while the next is read and assessed here.
const events = openPromiseEventStore({ ...input, bulkWriter: true, writerNice: PASS_NICE });
let net: CompiledNetwork | undefined;
let queue: Promise<void> = Promise.resolve();

async function run(job: RiskWorkerJob): Promise<RiskWorkerReply> {
  try {
    if (job.network !== undefined) {
      const compiled = compileNetwork(job.network.file, { todayDay: job.network.todayDay });
      net =
        job.network.learned === undefined
          ? compiled
          : { ...compiled, learned: job.network.learned };
    }
    if (net === undefined) throw new Error("the risk pass worker was given no network");
    const pass = new RiskPass({
      net,
      atMs: job.atMs,
      cuts: job.cuts,
      events,
      shipGraceMinutes: job.shipGraceMinutes,
      writeBatch: job.writeBatch,
    });
    await assessSelected(pass, events, job.select, job.pageSize);
    return { id: job.id, type: "done", result: await pass.done() };
  } catch (err) {
    const e = err as { message?: string; code?: unknown; stack?: string };
    return {
      id: job.id,
      type: "failed",
      message: e?.message ?? String(err),
      code: typeof e?.code === "string" ? e.code : undefined,
      stack: e?.stack,
    };
  }
}

parentPort!.postMessage({ type: "ready" });
parentPort!.on("message", (job: RiskWorkerJob) => {
  queue = queue.then(async () => parentPort!.postMessage(await run(job)));
});
