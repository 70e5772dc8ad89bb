import type { Logger } from "pino";
import type { Clock } from "../config/clock.js";
import { addDays, type Day, utcDayOf } from "../engine/day.js";
import type { OpenStoreOptions } from "../store/open-store.js";
import type { Store } from "../store/store.js";
import type { LiveView } from "../view/live-view.js";
import { learnFewFromStore, learnFromStore } from "./learn-from-store.js";
import { learnInWorker } from "./learn-in-worker.js";
import type { LearnStats } from "./transit-learner.js";

export interface RefreshResult extends LearnStats {
  /** The delivered dates learned from (inclusive). */
  readonly fromDay: Day;
  readonly toDay: Day;
  readonly durationMs: number;
  /** True when it ran on a worker thread (more than `inProcessUpTo` deliveries). */
  readonly inWorker: boolean;
  /** False when the network was swapped meanwhile (the table was dropped; a rebuild follows). */
  readonly swapped: boolean;
}

export interface LearnedTransitRefresherDeps {
  readonly store: Store;
  readonly live: LiveView;
  readonly clock: Clock;
  readonly logger?: Logger | undefined;
  /** Wall time for durations (default performance.now). */
  readonly now?: (() => number) | undefined;
  /**
   * Rebuild on a worker thread that opens the store with these options (the service does, unless
   * the SQLite database is in memory). Absent: in process, yielding between pages (tests).
   */
  readonly worker?: { readonly store: Omit<OpenStoreOptions, "logger"> } | undefined;
  /**
   * With a worker: a window of at most this many deliveries is learned in process, in one read
   * (default IN_PROCESS_UP_TO), since a thread's start-up costs more than learning them.
   */
  readonly inProcessUpTo?: number | undefined;
}

/**
 * Deliveries a rebuild learns on the event loop rather than starting a worker thread: a new
 * thread (its own V8 isolate, modules and store connection) took about 1.6 CPU-s and 3.3 s with
 * no delivery at all (seen inside the confirm benches' windows), while reading and learning 1,000
 * deliveries in process takes about a millisecond. After a rebuild that used more, the next one
 * goes to the thread without that read.
 */
export const IN_PROCESS_UP_TO = 1_000;

/**
 * Rebuilds the learned-transit table off the request path: on a worker thread with its own store
 * connection (or in process, page by page), reads the last `learning.window_days` of deliveries,
 * learns every lane, and swaps the table into the live view in one assignment (estimates never
 * wait for it). It runs every
 * `learning.refresh_minutes`, after every network swap, and on demand (`refresh`, for
 * AdminService.RefreshLearnedTransit). Rebuilds never overlap: a call during one waits for it and
 * then runs once more for everyone who asked meanwhile.
 */
export class LearnedTransitRefresher {
  readonly #deps: LearnedTransitRefresherDeps;
  #running: Promise<RefreshResult> | undefined;
  #queued: Promise<RefreshResult> | undefined;
  #timer: NodeJS.Timeout | undefined;
  #version = 0;
  #stopped = false;
  last: RefreshResult | undefined;
  /**
   * Per service: the share of deliveries of the last 7 days (by delivered date, up to the last
   * rebuild) that arrived by their promised latest date; services with none are absent.
   */
  onTimeLast7Days: ReadonlyMap<string, number> = new Map();

  constructor(deps: LearnedTransitRefresherDeps) {
    this.#deps = deps;
  }

  refresh(): Promise<RefreshResult> {
    if (this.#queued !== undefined) return this.#queued;
    if (this.#running === undefined) return this.#run();
    const queued = this.#running
      .catch(() => undefined)
      .then(() => {
        this.#queued = undefined;
        return this.#run();
      });
    this.#queued = queued;
    return queued;
  }

  #run(): Promise<RefreshResult> {
    const running: Promise<RefreshResult> = this.#rebuild().finally(() => {
      if (this.#running === running) this.#running = undefined;
    });
    this.#running = running;
    return running;
  }

  /** Rebuilds now, then every refresh_minutes and after each network swap. */
  start(): void {
    this.#stopped = false;
    this.#deps.live.onSwap(() => this.#background(), { networkOnly: true });
    this.#background();
  }

  stop(): void {
    this.#stopped = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #background(): void {
    if (this.#stopped) return;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.refresh()
      .catch((err) => this.#deps.logger?.warn({ err }, "learned transit rebuild failed"))
      .finally(() => {
        if (this.#stopped) return;
        const minutes = this.#deps.live.networkFile.learning.refresh_minutes;
        this.#timer = setTimeout(() => this.#background(), minutes * 60_000);
        this.#timer.unref();
      });
  }

  async #rebuild(): Promise<RefreshResult> {
    const { store, live, clock } = this.#deps;
    const now = this.#deps.now ?? (() => performance.now());
    const started = now();
    const net = live.network;
    const file = live.networkFile;
    // Local dates east of UTC run a day ahead: the window ends tomorrow (UTC) to include them.
    const today = utcDayOf(clock());
    const range = {
      fromDay: addDays(today, -file.learning.window_days),
      toDay: addDays(today, 1),
      weekFrom: addDays(today, -6),
    };
    const version = ++this.#version;
    const worker = this.#deps.worker;
    const upTo = this.#deps.inProcessUpTo ?? IN_PROCESS_UP_TO;
    const few =
      worker === undefined || (this.last !== undefined && this.last.used > upTo)
        ? undefined
        : await learnFewFromStore(store, net, file.learning, range, version, upTo);
    const inWorker = worker !== undefined && few === undefined;
    const { learned, stats, week } =
      few ??
      (worker === undefined
        ? // In process: pages of 5,000 with a yield after each (SQLite reads are synchronous).
          await learnFromStore(
            store,
            net,
            file.learning,
            range,
            version,
            () => new Promise((resolve) => setImmediate(resolve)),
          )
        : await learnInWorker({ store: worker.store, file, todayDay: today, range, version }));
    // The last 7 days' on-time share per service (the Prometheus gauge).
    this.onTimeLast7Days = new Map(week.map(([service, judged, held]) => [service, held / judged]));
    // One assignment; refused when the network was swapped meanwhile (a rebuild follows).
    const swapped = live.setLearned(net, learned);
    const result: RefreshResult = {
      ...stats,
      fromDay: range.fromDay,
      toDay: range.toDay,
      durationMs: now() - started,
      inWorker,
      swapped,
    };
    this.last = result;
    this.#deps.logger?.info(
      {
        ...stats,
        durationMs: Math.round(result.durationMs),
        swapped,
        inWorker,
      },
      "learned transit rebuilt",
    );
    return result;
  }
}
