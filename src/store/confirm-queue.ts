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
   * Groups in flight at once (default 1). With more, the next group is decided while the
   * previous ones are being written: `run` decides it on its snapshot with their claims added
   * (PendingClaims), and two groups in flight never hold the same idempotency key.
   */
  readonly maxInFlight?: number;
  /**
   * Writes one group and settles each of its confirms (answers come after the commit). A
   * synchronous engine returns nothing and the next group follows at once; an asynchronous one
   * returns a promise. It may answer with confirms it did not settle (refused only because of
   * the claims of other groups in flight): they run again as a group of their own once no other
   * group is in flight.
   */
  readonly run: (group: readonly QueuedConfirm[]) => GroupRun | Promise<GroupRun>;
}

/** What `run` leaves to run again alone (see ConfirmQueueOptions.run). */
// biome-ignore lint/suspicious/noConfusingVoidType: a run that returns nothing leaves nothing
export type GroupRun = void | readonly QueuedConfirm[];

/**
 * Group commit, the same for both engines: the confirms asked while a group is being written (or
 * during one turn of the event loop) wait and form the next group, in arrival order, one per
 * idempotency key (a twin waits for the next group and then finds the promise of the first), at
 * most `maxGroup`. A confirm whose `writeBy` has come (it waited behind a group that hung) is
 * refused as unavailable before anything is read for it.
 */
export class ConfirmQueue {
  readonly #maxGroup: number;
  readonly #maxInFlight: number;
  readonly #run: ConfirmQueueOptions["run"];
  #queue: QueuedConfirm[] = [];
  /** Groups being written. */
  readonly #inFlight = new Set<Promise<void>>();
  /** The idempotency keys of the groups being written. */
  readonly #keysInFlight = new Set<string>();
  /** Confirms to run again once nothing else is in flight (see `run`). */
  #alone: QueuedConfirm[] = [];
  /** A group of `#alone` is in flight: nothing else starts. */
  #exclusive = false;
  #scheduled = false;
  #closed = false;

  constructor(options: ConfirmQueueOptions) {
    this.#maxGroup = options.maxGroup;
    this.#maxInFlight = Math.max(1, options.maxInFlight ?? 1);
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
      if (!this.#scheduled && this.#canStart()) {
        // Let the calls of this turn of the event loop join the group.
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
    while (this.#inFlight.size > 0 || this.#queue.length > 0 || this.#alone.length > 0) {
      this.#pump();
      if (this.#inFlight.size > 0) await Promise.race(this.#inFlight);
    }
  }

  #canStart(): boolean {
    return !this.#exclusive && this.#inFlight.size < this.#maxInFlight;
  }

  #pump(): void {
    for (;;) {
      let group: QueuedConfirm[];
      let exclusive = false;
      if (this.#alone.length > 0) {
        if (this.#inFlight.size > 0) return;
        group = this.#alone;
        this.#alone = [];
        exclusive = true;
      } else {
        if (!this.#canStart() || this.#queue.length === 0) return;
        group = this.#takeGroup();
        if (group.length === 0) {
          if (this.#queue.length === 0) continue;
          return; // all held back behind groups in flight
        }
      }
      this.#start(group, exclusive);
    }
  }

  #start(group: QueuedConfirm[], exclusive: boolean): void {
    let ran: GroupRun | Promise<GroupRun>;
    try {
      ran = this.#run(group);
    } catch (err) {
      // `run` settles its confirms; this is a bug or a failure before it could.
      const error = toStoreError(err);
      for (const item of group) item.reject(error);
      return;
    }
    if (!(ran instanceof Promise)) {
      if (ran !== undefined && ran.length > 0) this.#alone.push(...ran);
      return;
    }
    for (const item of group) this.#keysInFlight.add(item.request.idempotencyKey);
    if (exclusive) this.#exclusive = true;
    const running: Promise<void> = ran
      .then(
        (again) => {
          if (again !== undefined && again.length > 0) this.#alone.push(...again);
        },
        (err: unknown) => {
          const error = toStoreError(err);
          for (const item of group) item.reject(error);
        },
      )
      .finally(() => {
        this.#inFlight.delete(running);
        for (const item of group) this.#keysInFlight.delete(item.request.idempotencyKey);
        if (exclusive) this.#exclusive = false;
        this.#pump();
      });
    this.#inFlight.add(running);
  }

  /** The next confirms in arrival order, one per idempotency key, none of a group in flight. */
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
      const key = item.request.idempotencyKey;
      if (group.length < this.#maxGroup && !keys.has(key) && !this.#keysInFlight.has(key)) {
        keys.add(key);
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
