import type { Worker } from "node:worker_threads";

/** The thread ended before it said it was ready (it could not load or open its connection). */
export class ThreadStartError extends Error {
  override readonly name = "ThreadStartError";
}

export interface OnDemandThreadOptions {
  /** What the thread is, for error messages ("the risk pass worker"). */
  readonly name: string;
  /** Creates the thread (it answers each message `{ id, ... }` with a message of the same id). */
  readonly start: () => Worker;
  /**
   * How long the thread is kept after its last answer when no other request is waiting; then it
   * is ended (and started again by the next request). 0: at once.
   */
  readonly idleMs: number;
  /**
   * The thread posts `{ type: "ready" }` once it can take work: if it ends before that, the
   * requests waiting fail with a ThreadStartError.
   */
  readonly readyMessage?: boolean;
}

/**
 * A worker thread that runs only while there is work for it: started by the first request,
 * ended once it has been idle for `idleMs`. Every thread is a V8 isolate of its own (tens of MB,
 * more with tsx, whose loader adds a second one) plus whatever it opens (a database connection
 * and its page cache), so a thread for work that comes a few times a day is not kept in between.
 */
export class OnDemandThread {
  readonly #o: OnDemandThreadOptions;
  #worker: Worker | undefined;
  #readySeen = false;
  #idle: NodeJS.Timeout | undefined;
  #next = 0;
  #starts = 0;
  readonly #pending = new Map<
    number,
    { resolve: (reply: unknown) => void; reject: (err: Error) => void }
  >();

  constructor(options: OnDemandThreadOptions) {
    this.#o = options;
  }

  /** Whether a thread is alive now. */
  get running(): boolean {
    return this.#worker !== undefined;
  }

  /** Threads started so far. */
  get starts(): number {
    return this.#starts;
  }

  /**
   * Posts `message(id, fresh)` to the thread (started if none is; `fresh`: it was just started,
   * so it holds nothing from earlier requests) and resolves with the thread's answer of that id.
   */
  request<R>(message: (id: number, fresh: boolean) => unknown): Promise<R> {
    if (this.#idle !== undefined) clearTimeout(this.#idle);
    this.#idle = undefined;
    const fresh = this.#worker === undefined;
    const worker = this.#worker ?? this.#spawn();
    const id = this.#next++;
    return new Promise<R>((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (reply: unknown) => void, reject });
      worker.postMessage(message(id, fresh));
    });
  }

  /** Ends the thread now; requests still waiting fail. */
  async close(): Promise<void> {
    if (this.#idle !== undefined) clearTimeout(this.#idle);
    this.#idle = undefined;
    const worker = this.#worker;
    this.#retire(new Error(`${this.#o.name} was closed`));
    if (worker !== undefined) await worker.terminate();
  }

  #spawn(): Worker {
    const worker = this.#o.start();
    this.#starts++;
    this.#worker = worker;
    this.#readySeen = !this.#o.readyMessage;
    worker.unref();
    worker.on("message", (m: { id?: unknown; type?: unknown }) => {
      if (this.#worker !== worker) return;
      if (m.type === "ready") {
        this.#readySeen = true;
        return;
      }
      if (typeof m.id !== "number") return;
      const p = this.#pending.get(m.id);
      if (p === undefined) return;
      this.#pending.delete(m.id);
      p.resolve(m);
      if (this.#pending.size === 0) this.#whenIdle();
    });
    const gone = (err: Error) => {
      if (this.#worker !== worker) return;
      this.#retire(this.#readySeen ? err : new ThreadStartError(err.message, { cause: err }));
    };
    worker.on("error", gone);
    worker.on("exit", (code) => gone(new Error(`${this.#o.name} stopped (exit code ${code})`)));
    return worker;
  }

  #whenIdle(): void {
    const end = () => {
      this.#idle = undefined;
      const worker = this.#worker;
      if (worker === undefined || this.#pending.size > 0) return;
      this.#retire(new Error(`${this.#o.name} was ended`));
      void worker.terminate();
    };
    if (this.#o.idleMs <= 0) {
      end();
      return;
    }
    this.#idle = setTimeout(end, this.#o.idleMs);
    this.#idle.unref();
  }

  /** Forgets the current thread (its late messages and exit are ignored) and fails what waits. */
  #retire(err: Error): void {
    this.#worker = undefined;
    const pending = [...this.#pending.values()];
    this.#pending.clear();
    for (const p of pending) p.reject(err);
  }
}
