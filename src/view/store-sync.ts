import type { Logger } from "pino";
import type { Clock } from "../config/clock.js";
import { DomainError } from "../domain/domain-error.js";
import type { Day } from "../engine/day.js";
import type { NetworkFile } from "../network/network-schema.js";
import type { CapacityChanges, StockRecord, Store } from "../store/store.js";
import { describeStoreFailure } from "../store/store-error.js";
import { BOOKING_WINDOW } from "./capacity-view.js";
import { type LiveView, stockRowsOf } from "./live-view.js";

/** While the view cannot refresh, its warning is repeated at most this often. */
const STILL_STALE_EVERY_MS = 30_000;

export interface StoreSyncOptions {
  readonly store: Store;
  readonly live: LiveView;
  readonly clock: Clock;
  readonly logger?: Logger | undefined;
  /**
   * A refresh this often even without change notices (default 5 s): bounds staleness if a notice
   * is lost, and notices an unreachable store (the view is then flagged stale). 0: never.
   */
  readonly pollMs?: number | undefined;
  /**
   * Change notices start a refresh at most this often (default 20 ms): under a stream of commits
   * (every confirm group of every process is one) the view catches up in batches instead of
   * re-reading the store after each. This process's own confirms reach its view at once anyway
   * (Checkout applies them), and `refresh()` is never delayed.
   */
  readonly minIntervalMs?: number | undefined;
  /** Backoff after a failed refresh, doubling up to maxRetryMs. */
  readonly retryMs?: number | undefined;
  readonly maxRetryMs?: number | undefined;
  /** Stock rows read per page (the store's default, 10,000, when undefined). */
  readonly stockPageRows?: number | undefined;
}

/**
 * Keeps a process's in-memory view fresh from the store: one full load at start, then, on every
 * change the store reports (this process's writes at once; PostgreSQL NOTIFY or SQLite's
 * data_version poll for other processes), the rows changed since the last sequence number seen.
 * When the store cannot be read, estimates go on from memory and `staleSinceMs` says since when
 * the view may be stale; refreshes retry with backoff until the store answers again.
 */
export class StoreSync {
  private readonly store: Store;
  private readonly live: LiveView;
  private readonly clock: Clock;
  private readonly logger: Logger | undefined;
  private readonly retryMs: number;
  private readonly maxRetryMs: number;
  private stockSeq = 0;
  private capacitySeq = 0;
  /** Admin defaults by warehouse (null: unlimited), as the store has them. */
  private readonly defaults = new Map<string, number | null>();
  private running: Promise<void> | undefined;
  /** The pull callers wait for that asked while another one was running. */
  private followUp: Promise<void> | undefined;
  private unsubscribe: (() => void) | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private pollTimer: NodeJS.Timeout | undefined;
  private readonly pollMs: number;
  private readonly minIntervalMs: number;
  private readonly stockPage: { batchSize?: number };
  /** When the last pull started (performance.now()), for the change-notice throttle. */
  private lastPullAt = Number.NEGATIVE_INFINITY;
  private throttleTimer: NodeJS.Timeout | undefined;
  private pulls = 0;
  private failures = 0;
  /** performance.now() of the last "could not refresh" warning. */
  private lastWarnedAt = 0;
  private staleSince: number | undefined;
  private lastRefreshMs: number | undefined;

  constructor(options: StoreSyncOptions) {
    this.store = options.store;
    this.live = options.live;
    this.clock = options.clock;
    this.stockPage =
      options.stockPageRows === undefined ? {} : { batchSize: options.stockPageRows };
    this.logger = options.logger;
    this.retryMs = options.retryMs ?? 250;
    this.maxRetryMs = options.maxRetryMs ?? 5_000;
    this.pollMs = options.pollMs ?? 5_000;
    this.minIntervalMs = options.minIntervalMs ?? 20;
  }

  /** How many times the view has read the store's changes (for tests and diagnostics). */
  get pullCount(): number {
    return this.pulls;
  }

  /** The instant since which the view may be stale (the store could not be read), or undefined. */
  get staleSinceMs(): number | undefined {
    return this.staleSince;
  }

  /** When the view last caught up with the store. */
  get lastRefreshAtMs(): number | undefined {
    return this.lastRefreshMs;
  }

  /**
   * Seeds an empty store with the network file's stock (version 0, so any feed update wins; the
   * file's `reserved` units are held back as safety stock), loads
   * everything into the view, and subscribes to changes.
   */
  async start(seedFrom?: NetworkFile): Promise<void> {
    if (seedFrom !== undefined && seedFrom.stock.length > 0) await this.seed(seedFrom);
    await this.refresh();
    this.unsubscribe = this.store.onChange(() => this.schedule());
    if (this.pollMs > 0) {
      this.pollTimer = setInterval(() => this.schedule(), this.pollMs);
      this.pollTimer.unref();
    }
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    if (this.pollTimer !== undefined) clearInterval(this.pollTimer);
    this.pollTimer = undefined;
    if (this.retryTimer !== undefined) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    if (this.throttleTimer !== undefined) clearTimeout(this.throttleTimer);
    this.throttleTimer = undefined;
  }

  /**
   * Brings the view up to date now: what was committed before the call is in the view when it
   * resolves. Calls made while a pull runs (it may have read the store before their change) share
   * one follow-up pull that starts when it ends.
   */
  async refresh(): Promise<void> {
    if (this.running === undefined) {
      await this.startPull();
      return;
    }
    this.followUp ??= this.running
      .catch(() => {})
      .then(() => {
        this.followUp = undefined;
        return this.running ?? this.startPull();
      });
    await this.followUp;
  }

  private startPull(): Promise<void> {
    const run: Promise<void> = this.pull().finally(() => {
      if (this.running === run) this.running = undefined;
    });
    this.running = run;
    return run;
  }

  /** A refresh for a change notice, the poll or a retry: at most one per minIntervalMs. */
  private schedule(): void {
    if (this.throttleTimer !== undefined) return; // one is planned: it will see this change too
    const wait = this.lastPullAt + this.minIntervalMs - performance.now();
    if (wait > 0) {
      this.throttleTimer = setTimeout(() => {
        this.throttleTimer = undefined;
        this.schedule();
      }, wait);
      this.throttleTimer.unref();
      return;
    }
    this.refresh().catch(() => {
      // pull() already logged and scheduled a retry.
    });
  }

  private async pull(): Promise<void> {
    this.lastPullAt = performance.now();
    this.pulls++;
    try {
      const stock = await this.store.loadStock(this.stockSeq, this.stockPage);
      // From here on, a write numbered at or below stock.seq reaches the view through these rows
      // (Checkout no longer mirrors it: it would count twice).
      this.live.current.stock.markSynced(stock.seq);
      const ids = new Set(this.live.current.stock.warehouseIds);
      let rows = 0;
      for await (const batch of stock.batches) {
        rows += this.applyStock(batch, ids);
      }
      this.stockSeq = Math.max(this.stockSeq, stock.seq);
      const capacity = await this.store.loadCapacity(this.capacitySeq, {
        recentBookings: BOOKING_WINDOW,
      });
      this.applyCapacity(capacity);
      this.live.capacity.markSynced(capacity.seq);
      this.capacitySeq = Math.max(this.capacitySeq, capacity.seq);
      // Each refresh also gives the capacity view the time (the backlog moves on at cut-offs).
      this.live.capacity.setNow(this.clock());
      if (this.staleSince !== undefined) {
        this.logger?.info(
          { staleForMs: this.clock() - this.staleSince },
          "view caught up with the store",
        );
      }
      this.staleSince = undefined;
      this.failures = 0;
      this.lastRefreshMs = this.clock();
      if (rows > 0)
        this.logger?.debug({ rows, seq: this.stockSeq }, "view refreshed from the store");
    } catch (err) {
      this.staleSince ??= this.clock();
      this.failures++;
      const delay = Math.min(this.maxRetryMs, this.retryMs * 2 ** Math.min(this.failures - 1, 10));
      // An unavailable store is an outage, not a bug: its cause without a stack.
      const cause =
        err instanceof DomainError && err.kind === "UNAVAILABLE"
          ? describeStoreFailure(err)
          : { err };
      // Once when it starts, then at most every 30 s with the count: no log storm in an outage.
      const now = performance.now();
      if (this.failures === 1 || now - this.lastWarnedAt >= STILL_STALE_EVERY_MS) {
        this.lastWarnedAt = now;
        this.logger?.warn(
          { ...cause, failures: this.failures, retryInMs: delay, staleSinceMs: this.staleSince },
          "could not refresh the view from the store; estimates are served from memory and may be stale",
        );
      }
      if (this.retryTimer === undefined) {
        this.retryTimer = setTimeout(() => {
          this.retryTimer = undefined;
          this.schedule();
        }, delay);
        this.retryTimer.unref();
      }
      throw err;
    }
  }

  private applyStock(batch: readonly StockRecord[], known: ReadonlySet<string>): number {
    const view = this.live.current.stock;
    let applied = 0;
    for (const row of batch) {
      if (!known.has(row.warehouseId)) continue;
      view.upsert({
        sku: row.sku,
        warehouseId: row.warehouseId,
        onHand: row.onHand,
        reserved: row.reserved,
        safetyStock: row.safetyStock,
        inbound: row.inbound,
      });
      applied++;
    }
    return applied;
  }

  private applyCapacity(changes: CapacityChanges): void {
    const capacity = this.live.capacity;
    const known = new Set(this.live.network.warehouses.map((w) => w.id));
    const overrides = new Map<string, [Day, number][]>();
    const cleared = new Map<string, Day[]>();
    for (const row of changes.overrides) {
      if (!known.has(row.warehouseId)) continue;
      if (row.value === null) {
        cleared.set(row.warehouseId, [...(cleared.get(row.warehouseId) ?? []), row.day]);
      } else {
        overrides.set(row.warehouseId, [
          ...(overrides.get(row.warehouseId) ?? []),
          [row.day, row.value],
        ]);
      }
    }
    for (const row of changes.defaults) this.defaults.set(row.warehouseId, row.daily);
    const touched = new Set([
      ...overrides.keys(),
      ...changes.defaults.map((row) => row.warehouseId),
    ]);
    for (const id of touched) {
      if (known.has(id)) capacity.setCapacity(id, this.defaults.get(id), overrides.get(id) ?? []);
    }
    for (const [id, days] of cleared) capacity.clearCapacityOverrides(id, days);
    for (const row of changes.loads) {
      if (!known.has(row.warehouseId)) continue;
      capacity.setExternalLoad(row.warehouseId, row.day, row.external);
      capacity.setPromisedLoad(row.warehouseId, row.day, row.promised);
      capacity.setShippedLoad(row.warehouseId, row.day, row.shipped, row.shippedOn);
    }
    for (const row of changes.pickups) {
      if (!known.has(row.warehouseId)) continue;
      capacity.setPickups(row.serviceId, row.warehouseId, row.day, row.promised);
    }
    // The booking rate of every changed day, from every process's confirms.
    for (const row of changes.bookings) {
      if (known.has(row.warehouseId))
        capacity.setBookings(row.warehouseId, row.day, row.bookedAtMs);
    }
  }

  private async seed(file: NetworkFile): Promise<void> {
    if ((await this.store.currentSeq()) > 0) return;
    const result = await this.store.upsertStock(
      stockRowsOf(file).map((row) => ({
        sku: row.sku,
        warehouseId: row.warehouseId,
        onHand: row.onHand,
        // The store's `reserved` counts this service's promises only (they must add up to their
        // reservations), so units the file says are held elsewhere are seeded as held back.
        safetyStock: row.safetyStock + (row.reserved ?? 0),
        inbound: row.inbound,
        version: 0,
      })),
    );
    this.logger?.info(
      { rows: result.applied },
      "seeded the empty store with the network file's stock",
    );
  }
}
