import type { ConfirmDecision, ConfirmOutcome, ConfirmRequest, ConfirmSnapshot } from "./store.js";
import { storeClosedError, storeUnavailable, toStoreError } from "./store-error.js";

/** A confirm waiting for its group. */
export interface QueuedConfirm {
  readonly request: ConfirmRequest;
  /** UTC ms after which this confirm must not commit (its caller has been answered). */
  readonly writeBy: number;
  readonly decide: (snapshot: ConfirmSnapshot) => ConfirmDecision;
  readonly resolve: (outcome: ConfirmOutcome) => void;
  readonly reject: (err: unknown) => void;
}

/**
 * A group is not started this close to the earliest `writeBy` of its confirms: room for the
 * commit itself, so that it is over before their callers are answered.
 */
export const COMMIT_MARGIN_MS = 100;

export interface ConfirmQueueOptions {
  /** Confirms committed together at most. */
  readonly maxGroup: number;
  /**
   * Writes one group and settles each of its confirms (answers come after the commit). A
   * synchronous engine returns nothing and the next group follows at once; an asynchronous one
   * returns a promise, and one group is in flight at a time.
   */
  readonly run: (group: readonly QueuedConfirm[]) => void | Promise<void>;
}

/**
 * Group commit, the same for both engines: the confirms asked while a group is being written (or
 * during one turn of the event loop) wait and form the next group, in arrival order, one per
 * idempotency key (a twin waits for the next group and then finds the promise of the first), at
 * most `maxGroup`. A confirm whose `writeBy` has come (it waited behind a group that hung) is
 * refused as unavailable before anything is read for it.
 */
export class ConfirmQueue {
  readonly #maxGroup: number;
  readonly #run: ConfirmQueueOptions["run"];
  #queue: QueuedConfirm[] = [];
  #running: Promise<void> | undefined;
  #scheduled = false;
  #closed = false;

  constructor(options: ConfirmQueueOptions) {
    this.#maxGroup = options.maxGroup;
    this.#run = options.run;
  }

  /** Queues a confirm; `writeBy` (UTC ms, default never) as in QueuedConfirm. */
  push(
    request: ConfirmRequest,
    decide: (snapshot: ConfirmSnapshot) => ConfirmDecision,
    writeBy = Number.POSITIVE_INFINITY,
  ): Promise<ConfirmOutcome> {
    if (this.#closed) return Promise.reject(storeClosedError());
    return new Promise<ConfirmOutcome>((resolve, reject) => {
      this.#queue.push({ request, writeBy, decide, resolve, reject });
      if (this.#running === undefined && !this.#scheduled) {
        // Let the calls of this turn of the event loop join the first group.
        this.#scheduled = true;
        setImmediate(() => {
          this.#scheduled = false;
          this.#pump();
        });
      }
    });
  }

  /** Refuses new confirms and answers the ones already asked (drains the queue). */
  async close(): Promise<void> {
    this.#closed = true;
    while (this.#running !== undefined || this.#queue.length > 0) {
      if (this.#running === undefined) this.#pump();
      if (this.#running !== undefined) await this.#running;
    }
  }

  #pump(): void {
    while (this.#running === undefined && this.#queue.length > 0) {
      const group = this.#takeGroup();
      if (group.length === 0) continue;
      let ran: void | Promise<void>;
      try {
        ran = this.#run(group);
      } catch (err) {
        // `run` settles its confirms; this is a bug or a failure before it could.
        const error = toStoreError(err);
        for (const item of group) item.reject(error);
        continue;
      }
      if (ran instanceof Promise) {
        this.#running = ran
          .catch((err: unknown) => {
            const error = toStoreError(err);
            for (const item of group) item.reject(error);
          })
          .finally(() => {
            this.#running = undefined;
            this.#pump();
          });
      }
    }
  }

  /** The next confirms in arrival order, one per idempotency key. */
  #takeGroup(): QueuedConfirm[] {
    const group: QueuedConfirm[] = [];
    const keys = new Set<string>();
    const rest: QueuedConfirm[] = [];
    const now = Date.now();
    for (const item of this.#queue) {
      if (now >= item.writeBy - COMMIT_MARGIN_MS) {
        item.reject(tooLateError());
        continue;
      }
      if (group.length < this.#maxGroup && !keys.has(item.request.idempotencyKey)) {
        keys.add(item.request.idempotencyKey);
        group.push(item);
      } else {
        rest.push(item);
      }
    }
    this.#queue = rest;
    return group;
  }
}

/** A confirm whose time ran out before its write: nothing was reserved. */
export function tooLateError(): unknown {
  return storeUnavailable(new Error("the confirm ran out of time before its write"));
}
