import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import type { RiskPassResult } from "./risk-pass.js";
import type { RiskWorkerInput, RiskWorkerJob, RiskWorkerReply } from "./risk-pass-protocol.js";

/**
 * Runs bulk risk passes (every open promise, or those a network reload touched) on one worker
 * thread kept for the life of the monitor, through a connection of its own: reading, assessing
 * and writing a million promises never holds the server's event loop. Started on first use
 * (from the TypeScript sources the worker loads them through tsx); `close` ends it.
 */
export class RiskPassWorker {
  readonly #input: RiskWorkerInput;
  #worker: Worker | undefined;
  #next = 0;
  readonly #pending = new Map<
    number,
    { resolve: (r: RiskPassResult) => void; reject: (e: Error) => void }
  >();
  /** The network file last sent (the worker keeps it compiled). */
  #sent: unknown;
  #ready: Promise<void> | undefined;

  constructor(input: RiskWorkerInput) {
    this.#input = input;
  }

  /** Starts the thread and resolves once it has opened its connection (rejects if it cannot). */
  ready(): Promise<void> {
    if (this.#ready === undefined) {
      const worker = this.#start();
      this.#ready = new Promise<void>((resolve, reject) => {
        const onMessage = (m: { type?: string }) => {
          if (m.type !== "ready") return;
          worker.off("message", onMessage);
          resolve();
        };
        worker.on("message", onMessage);
        worker.once("error", reject);
        worker.once("exit", (code) =>
          reject(new Error(`the risk pass worker stopped (exit code ${code})`)),
        );
      });
      this.#ready.catch(() => {});
    }
    return this.#ready;
  }

  /** `networkKey`: the object identifying the network (the compiled network); sent when new. */
  run(job: Omit<RiskWorkerJob, "id">, networkKey: unknown): Promise<RiskPassResult> {
    const worker = this.#start();
    const id = this.#next++;
    const message: RiskWorkerJob =
      this.#sent === networkKey ? { ...job, id, network: undefined } : { ...job, id };
    this.#sent = networkKey;
    return new Promise<RiskPassResult>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      worker.postMessage(message);
    });
  }

  async close(): Promise<void> {
    const worker = this.#worker;
    this.#worker = undefined;
    this.#ready = undefined;
    if (worker !== undefined) await worker.terminate();
    this.#fail(new Error("the risk pass worker was closed"));
  }

  #fail(err: Error): void {
    for (const p of this.#pending.values()) p.reject(err);
    this.#pending.clear();
    this.#sent = undefined;
  }

  #start(): Worker {
    if (this.#worker !== undefined) return this.#worker;
    const fromSource = import.meta.url.endsWith(".ts");
    const entry = new URL(`./risk-pass-worker.${fromSource ? "ts" : "js"}`, import.meta.url);
    let worker: Worker;
    if (fromSource) {
      const tsxDir = dirname(createRequire(import.meta.url).resolve("tsx/package.json"));
      const api = pathToFileURL(join(tsxDir, "dist", "esm", "api", "index.mjs")).href;
      const code = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(entry.href)}); })`;
      worker = new Worker(code, { eval: true, workerData: this.#input });
    } else {
      worker = new Worker(entry, { workerData: this.#input });
    }
    worker.unref();
    worker.on("message", (m: RiskWorkerReply | { type: "ready" }) => {
      if (m.type === "ready") return;
      const p = this.#pending.get(m.id);
      if (p === undefined) return;
      this.#pending.delete(m.id);
      if (m.type === "done") p.resolve(m.result);
      else {
        const err = Object.assign(new Error(m.message), { code: m.code });
        if (m.stack !== undefined) err.stack = m.stack;
        p.reject(err);
      }
    });
    const gone = (err: Error) => {
      if (this.#worker === worker) {
        this.#worker = undefined;
        this.#ready = undefined;
      }
      this.#fail(err);
    };
    worker.on("error", gone);
    worker.on("exit", (code) =>
      gone(new Error(`the risk pass worker stopped (exit code ${code})`)),
    );
    this.#worker = worker;
    return worker;
  }
}
