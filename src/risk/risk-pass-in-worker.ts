import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { OnDemandThread } from "../lifecycle/on-demand-thread.js";
import type { RiskPassResult } from "./risk-pass.js";
import type { RiskWorkerInput, RiskWorkerJob, RiskWorkerReply } from "./risk-pass-protocol.js";

/** How long the thread is kept after a pass by default (passes of one reload come together). */
export const RISK_WORKER_IDLE_MS = 30_000;

/**
 * Runs bulk risk passes (every open promise, or those a network reload touched) on a worker
 * thread with a connection of its own: reading, assessing and writing a million promises never
 * holds the server's event loop. The thread is started by the first pass and ended once no pass
 * has come for `idleMs` (bulk passes come at the start, on a new local date and on reloads; a
 * thread kept in between held over 100 MB under tsx). From the TypeScript sources the worker
 * loads them through tsx. A thread that cannot start fails the pass with a ThreadStartError
 * (the monitor then runs it on its own event loop); `close` ends it.
 */
export class RiskPassWorker {
  readonly #thread: OnDemandThread;
  /** The network file the current thread holds compiled. */
  #sent: unknown;

  constructor(input: RiskWorkerInput, options: { idleMs?: number } = {}) {
    this.#thread = new OnDemandThread({
      name: "the risk pass worker",
      start: () => startWorker(input),
      idleMs: options.idleMs ?? RISK_WORKER_IDLE_MS,
      readyMessage: true,
    });
  }

  /** Whether the thread is alive now. */
  get running(): boolean {
    return this.#thread.running;
  }

  /** Threads started so far (one per stretch of bulk passes). */
  get starts(): number {
    return this.#thread.starts;
  }

  /** `networkKey`: the object identifying the network (the compiled network); sent when new. */
  async run(job: Omit<RiskWorkerJob, "id">, networkKey: unknown): Promise<RiskPassResult> {
    const reply = await this.#thread.request<RiskWorkerReply>((id, fresh) => {
      const message: RiskWorkerJob =
        !fresh && this.#sent === networkKey ? { ...job, id, network: undefined } : { ...job, id };
      this.#sent = networkKey;
      return message;
    });
    if (reply.type === "done") return reply.result;
    const err = Object.assign(new Error(reply.message), { code: reply.code });
    if (reply.stack !== undefined) err.stack = reply.stack;
    throw err;
  }

  close(): Promise<void> {
    this.#sent = undefined;
    return this.#thread.close();
  }
}

function startWorker(input: RiskWorkerInput): Worker {
  const fromSource = import.meta.url.endsWith(".ts");
  const entry = new URL(`./risk-pass-worker.${fromSource ? "ts" : "js"}`, import.meta.url);
  if (!fromSource) return new Worker(entry, { workerData: input });
  const tsxDir = dirname(createRequire(import.meta.url).resolve("tsx/package.json"));
  const api = pathToFileURL(join(tsxDir, "dist", "esm", "api", "index.mjs")).href;
  const code = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(entry.href)}); })`;
  return new Worker(code, { eval: true, workerData: input });
}
