import type { Logger } from "pino";
import type { CompiledNetwork } from "../engine/compiled-network.js";
import { addDays, type Day, dayNumber } from "../engine/day.js";
import { localDayOf } from "../engine/local-day.js";
import { indexAt, type SkuIndex, type WarehouseIndex } from "../engine/network-index.js";
import type { PromiseEventStore } from "../events/promise-event-store.js";
import { ThreadStartError } from "../lifecycle/on-demand-thread.js";
import type { Store } from "../store/store.js";
import { describeStoreFailure, isUnavailableError } from "../store/store-error.js";
import type { LiveView } from "../view/live-view.js";
import { type NetworkPathChanges, networkPathChanges } from "./network-path-changes.js";
import { newestBeyond, type StockShortfall, stockShortfalls } from "./rank-shortfalls.js";
import { assessSelected, type BulkSelection, RiskPass, type RiskPassResult } from "./risk-pass.js";
import type { RiskPassWorker } from "./risk-pass-in-worker.js";

export interface RiskMonitorOptions {
  readonly store: Store;
  readonly events: PromiseEventStore;
  readonly live: LiveView;
  readonly clock: () => number;
  readonly logger?: Logger | undefined;
  /** Minutes after a ship date's cut-off before an unshipped promise is NOT_SHIPPED_ON_TIME. */
  readonly shipGraceMinutes: number;
  /** A check at least this often (cut-offs pass with no other change); 0: only on changes. */
  readonly intervalMs: number;
  /** How often the views' versions are compared to find a change (default 100 ms). */
  readonly watchMs?: number;
  /** Promises read per page of a full pass (default 500: a page read holds the event loop). */
  readonly pageSize?: number;
  /** Risks written per transaction (default 2,000); requests run between two. */
  readonly writeBatch?: number;
  /** The least time between the end of one check and the start of the next (default 100 ms). */
  readonly minGapMs?: number;
  /**
   * Where bulk passes run (every open promise, the promises a reload touched): a worker thread
   * with a connection of its own, started for such a pass and ended when idle. Absent: on this
   * event loop, in slices.
   */
  readonly worker?: RiskPassWorker | undefined;
  /** Bulk passes go to the worker from this many stored shipments (default 20,000). */
  readonly workerMin?: number;
  /** Promises read per page on the worker (default 5,000). */
  readonly workerPageSize?: number;
}

export interface SweepResult {
  /** Promises assessed. */
  readonly promises: number;
  /** Promises whose risk changed (each one's event is in the same transaction). */
  readonly changed: number;
  readonly byStatus: Readonly<Record<string, number>>;
  /** Per stock cut ranked in this pass: the SKU at the warehouse, how many kept their units, how many are short. */
  readonly stockCuts: readonly StockCut[];
  /** Full: every open promise; otherwise only those a change touched. */
  readonly full: boolean;
  /** How long the check took, ms. */
  readonly ms: number;
}

interface StockCut {
  readonly sku: string;
  readonly warehouseId: string;
  readonly kept: number;
  readonly short: number;
}

/** A resource (stock of a SKU at a warehouse, a ship day's capacity or pickups) booked beyond what it has. */
interface CutCell {
  /** What the cell's ranking was computed from: a new one ranks it again. */
  readonly signature: string;
  /** `promiseId|warehouseId` of the holders that lose (with their cover, for stock). */
  readonly losers: ReadonlyMap<string, StockShortfall>;
}

/** The longest stretch of assessing on the event loop between two chances for requests to run. */
const SLICE_MS = 5;
/** On the worker: promises read per page and risks per transaction. */
const WORKER_PAGE = 5_000;
const WORKER_WRITE_BATCH = 10_000;
const WORKER_MIN = 20_000;

/** A stock cell: a SKU at a warehouse. */
interface StockCutCell extends CutCell {
  readonly sku: string;
}

/** A pickup cell: an origin (service at a warehouse) on a ship day. */
interface PickupCutCell extends CutCell {
  /** `warehouseId|serviceId` (not an index: a reload may number the origins anew). */
  readonly origin: string;
  readonly day: Day;
}

/** Queued re-checks taken per pass. */
const RECHECK_BATCH = 5_000;

/**
 * Keeps every open promise's risk up to date, off the request path, re-checking only the promises
 * a change can affect:
 * - a confirm: nothing (a fresh promise is ON_TRACK by construction; an unassessed promise reads
 *   as ON_TRACK), unless it booked into a cell that is already cut, which the cell check sees;
 * - a stock row, a capacity or a pickup figure: the cells (SKU at a warehouse, warehouse and ship
 *   day, service at a warehouse and ship day) now booked beyond what they have, or that were
 *   before, are found in the in-memory views (SKUs by their change stamp); each one whose figures
 *   changed is ranked again from its holders (newest lose first) and the holders whose fate
 *   changed are re-checked;
 * - a network reload: the compiled networks are compared (networkPathChanges) and the promises
 *   whose origin changed on or before their latest date are re-checked;
 * - a ship date's cut-off plus the grace passing: the unshipped promises of that warehouse and day;
 * - a tracking event, a cancel, a fulfilment, a delivery: that promise (the store's triggers queue
 *   it in risk_recheck in the same transaction);
 * - a new warehouse-local date (promises become LATE, carriers late) and the start: every open
 *   promise, read compactly (promise_leg, not the payload) page by page.
 * Assessments are shared by promises with the same inputs (same path, window, order day and side
 * of the cut-off, cuts and tracking): a reload moving a million promises assesses each distinct
 * path once. Risks are written in transactions of `writeBatch`, with requests let in between.
 */
export class RiskMonitor {
  readonly #o: RiskMonitorOptions;
  #running: Promise<SweepResult | undefined> | undefined;
  #dirty = false;
  /** The last check failed because the store was unavailable (logged once per outage). */
  #storeDown = false;
  #watch: NodeJS.Timeout | undefined;
  #interval: NodeJS.Timeout | undefined;
  #unsubscribe: (() => void) | undefined;
  #waiting: NodeJS.Timeout | undefined;
  #stopped = false;
  #lastEndMs = Number.NEGATIVE_INFINITY;
  #last: SweepResult | undefined;
  #checks = 0;
  #startedMs = 0;

  /** What the last pass saw (undefined: no pass yet, the next one is full). */
  #net: CompiledNetwork | undefined;
  #stockView: unknown;
  #stockVersion = -1;
  #capacityVersion = -1;
  #checkedMs = Number.NEGATIVE_INFINITY;
  #today = "";
  readonly #stockCells = new Map<string, StockCutCell>();
  readonly #dayCells = new Map<string, CutCell>();
  readonly #pickupCells = new Map<string, PickupCutCell>();
  /** The losers of every cut cell, by `promiseId|warehouseId`. */
  #short = new Map<string, StockShortfall>();
  #capacityCut = new Set<string>();
  #pickupCut = new Set<string>();
  /** While a day's capacity is cut: each location's room per day (RiskCuts.room). */
  #room: Map<string, number> | undefined;
  /** While a carrier's pickups are cut: pickups left per transfer origin and day (RiskCuts.pickupsLeft). */
  #pickupsLeft: Map<string, number> | undefined;

  constructor(options: RiskMonitorOptions) {
    this.#o = options;
  }

  get lastSweep(): SweepResult | undefined {
    return this.#last;
  }

  /** Checks finished so far (a full sweep is one). */
  get checks(): number {
    return this.#checks;
  }

  /** Whether a check is running now. */
  get busy(): boolean {
    return this.#running !== undefined;
  }

  start(): void {
    this.#unsubscribe = this.#o.store.onChange(() => this.request());
    this.#watch = setInterval(() => {
      const { live } = this.#o;
      if (
        live.network !== this.#net ||
        live.stock.version !== this.#stockVersion ||
        live.capacity.version !== this.#capacityVersion
      ) {
        this.request();
      }
    }, this.#o.watchMs ?? 100);
    this.#watch.unref();
    if (this.#o.intervalMs > 0) {
      this.#interval = setInterval(() => this.request(), this.#o.intervalMs);
      this.#interval.unref();
    }
    this.request();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#unsubscribe?.();
    if (this.#watch !== undefined) clearInterval(this.#watch);
    if (this.#interval !== undefined) clearInterval(this.#interval);
    if (this.#waiting !== undefined) clearTimeout(this.#waiting);
    this.#waiting = undefined;
    this.#dirty = false;
    await this.#running?.catch(() => {});
  }

  /** Schedules a check, coalesced with one running or waiting, at most one per `minGapMs`. */
  request(): void {
    if (this.#stopped) return;
    if (this.#running !== undefined || this.#waiting !== undefined) {
      if (this.#running !== undefined) this.#dirty = true;
      return;
    }
    const wait = this.#lastEndMs + (this.#o.minGapMs ?? 100) - performance.now();
    if (wait > 0) {
      this.#waiting = setTimeout(() => {
        this.#waiting = undefined;
        this.request();
      }, wait);
      this.#waiting.unref();
      return;
    }
    this.#running = this.check()
      .then((result) => {
        this.#storeDown = false;
        return result;
      })
      .catch((err: unknown) => {
        if (isUnavailableError(err)) {
          if (!this.#storeDown) {
            this.#o.logger?.warn(
              describeStoreFailure(err),
              "risk checks wait for the store; the next change or interval retries",
            );
          }
          this.#storeDown = true;
        } else {
          this.#o.logger?.warn({ err }, "risk check failed; the next change or interval retries");
        }
        // Whatever the pass had learnt is suspect: the next one starts from scratch.
        this.#net = undefined;
        return undefined;
      })
      .finally(() => {
        this.#running = undefined;
        this.#lastEndMs = performance.now();
        if (this.#dirty) {
          this.#dirty = false;
          setImmediate(() => this.request());
        }
      });
  }

  /** One pass over every open promise, now (also what the first check does). */
  async sweep(): Promise<SweepResult> {
    this.#startedMs = performance.now();
    const { live, events } = this.#o;
    const net = live.network;
    const atMs = this.#o.clock();
    this.#stockCells.clear();
    this.#dayCells.clear();
    this.#pickupCells.clear();
    this.#stockView = undefined;
    this.#capacityVersion = -1;
    const cuts: StockCut[] = [];
    // What was queued before the sweep is covered by it; what is queued during it stays.
    const rechecks = await events.pendingRechecks(RECHECK_BATCH);
    await this.#refreshCells(net, new Set(), cuts, true);
    this.#net = net;
    this.#checkedMs = atMs;
    this.#today = todayKey(net, atMs);
    const result = await this.#bulk(net, atMs, { kind: "all" }, undefined);
    await events.clearRechecks(rechecks);
    if (rechecks.length === RECHECK_BATCH) this.#dirty = true;
    return this.#finish(result, cuts, true);
  }

  /**
   * Re-checks the promises the changes since the last pass can affect (the first pass, and the
   * first after a new local date or a failure, is a full sweep).
   */
  async check(): Promise<SweepResult> {
    this.#startedMs = performance.now();
    const { live, events } = this.#o;
    const net = live.network;
    const atMs = this.#o.clock();
    if (this.#net === undefined || todayKey(net, atMs) !== this.#today) return this.sweep();
    let paths: NetworkPathChanges | undefined;
    if (net !== this.#net) {
      paths = networkPathChanges(this.#net, net);
      if (paths.all) return this.sweep();
    }
    const targets = new Set<string>();
    const cuts: StockCut[] = [];
    await this.#refreshCells(net, targets, cuts, false);
    await this.#passedCutoffs(net, atMs, targets);
    const rechecks = await events.pendingRechecks(RECHECK_BATCH);
    for (const id of rechecks) targets.add(id);
    this.#net = net;
    this.#checkedMs = atMs;
    // The promises a change named, here; those on a path a reload changed, in one bulk pass.
    const pass = this.#pass(net, atMs, events);
    const ids = [...targets];
    for (let i = 0; i < ids.length; i += 500) {
      await pass.assess(await events.riskCandidates(ids.slice(i, i + 500)));
    }
    let result = await pass.done();
    if (paths !== undefined && paths.origins.size > 0) {
      const bulk = await this.#bulk(
        net,
        atMs,
        { kind: "origins", origins: paths.origins, skip: targets },
        result,
      );
      result = bulk;
    }
    await events.clearRechecks(rechecks);
    if (rechecks.length === RECHECK_BATCH) this.#dirty = true; // more are queued
    return this.#finish(result, cuts, false);
  }

  /** A pass on this thread's event loop (yielding to requests every few milliseconds). */
  #pass(net: CompiledNetwork, atMs: number, events: PromiseEventStore): RiskPass {
    return new RiskPass({
      net,
      atMs,
      cuts: {
        short: this.#short,
        capacity: this.#capacityCut,
        pickup: this.#pickupCut,
        room: this.#room,
        pickupsLeft: this.#pickupsLeft,
      },
      events,
      shipGraceMinutes: this.#o.shipGraceMinutes,
      writeBatch: this.#o.writeBatch,
      sliceMs: SLICE_MS,
    });
  }

  /**
   * A bulk pass (every open promise, or those on changed paths): on the worker thread when there
   * is one, else here. `before`: what this check assessed already, added in.
   */
  async #bulk(
    net: CompiledNetwork,
    atMs: number,
    select: BulkSelection,
    before: RiskPassResult | undefined,
  ): Promise<RiskPassResult> {
    const { live, events, worker } = this.#o;
    const pageSize = this.#o.pageSize ?? 500;
    let result: RiskPassResult;
    const here = async () => {
      const pass = this.#pass(net, atMs, events);
      await assessSelected(pass, events, select, pageSize);
      return pass.done();
    };
    // A small pass is quicker here than a message to a thread that may be waiting for a core
    // (and the thread is started only for a pass that needs it).
    if (worker === undefined || (await events.countLegs()) < (this.#o.workerMin ?? WORKER_MIN)) {
      result = await here();
    } else {
      try {
        result = await worker.run(
          {
            network: {
              file: live.networkFile,
              todayDay: live.current.todayDay,
              learned: net.learned,
            },
            atMs,
            shipGraceMinutes: this.#o.shipGraceMinutes,
            writeBatch: this.#o.writeBatch ?? WORKER_WRITE_BATCH,
            pageSize: this.#o.workerPageSize ?? WORKER_PAGE,
            cuts: {
              short: this.#short,
              capacity: this.#capacityCut,
              pickup: this.#pickupCut,
              room: this.#room,
              pickupsLeft: this.#pickupsLeft,
            },
            select,
          },
          net,
        );
      } catch (err) {
        if (!(err instanceof ThreadStartError)) throw err;
        // Nothing was assessed: the whole pass runs here (the next bulk pass tries a thread again).
        this.#o.logger?.warn(
          { err },
          "the risk pass worker did not start: this bulk risk pass runs on the event loop",
        );
        result = await here();
      }
    }
    if (before === undefined) return result;
    const byStatus: Record<string, number> = { ...before.byStatus };
    for (const [k, v] of Object.entries(result.byStatus)) byStatus[k] = (byStatus[k] ?? 0) + v;
    return {
      promises: before.promises + result.promises,
      changed: before.changed + result.changed,
      byStatus,
    };
  }

  #finish(
    result: Omit<SweepResult, "stockCuts" | "full" | "ms">,
    stockCuts: StockCut[],
    full: boolean,
  ): SweepResult {
    for (const cut of stockCuts) {
      this.#o.logger?.info(
        cut,
        "stock below what is reserved: the oldest promises keep their units",
      );
    }
    const done = { ...result, stockCuts, full, ms: performance.now() - this.#startedMs };
    this.#last = done;
    this.#checks++;
    if (done.ms >= 1_000) {
      this.#o.logger?.info(
        { promises: done.promises, changed: done.changed, full, ms: Math.round(done.ms) },
        "risk pass done",
      );
    }
    return done;
  }

  /** The ship days whose cut-off plus the grace passed since the last pass: their unshipped promises. */
  async #passedCutoffs(net: CompiledNetwork, atMs: number, targets: Set<string>): Promise<void> {
    const from = this.#checkedMs;
    const grace = this.#o.shipGraceMinutes * 60_000;
    const { horizon } = net;
    for (const w of net.warehouses) {
      for (let i = 0; i < horizon.length; i++) {
        const cutoff = w.cutoffMs[i]!;
        const t = (Number.isNaN(cutoff) ? w.midnightMs[i + 1]! : cutoff) + grace;
        if (t > atMs) break; // in day order
        if (t <= from) continue;
        for (const h of await this.#o.events.shipDayHolders(w.id, addDays(horizon.firstDay, i))) {
          targets.add(promiseOf(h.promiseId));
        }
      }
    }
  }

  /**
   * Finds the cells booked beyond what they have now, ranks again those whose figures changed
   * since the last pass (and forgets those no longer cut), and adds the promises whose fate in
   * them may have changed to `targets`.
   */
  async #refreshCells(
    net: CompiledNetwork,
    targets: Set<string>,
    cuts: StockCut[],
    full: boolean,
  ): Promise<void> {
    const { live, events } = this.#o;
    const stock = live.stock;
    const capacity = live.capacity;
    const lose = (cell: CutCell | undefined) => {
      for (const id of cell?.losers.keys() ?? []) targets.add(promiseOf(id));
    };
    const update = <C extends CutCell>(
      cells: Map<string, C>,
      key: string,
      next: C | undefined,
    ): void => {
      const prior = cells.get(key);
      if (next === undefined) {
        if (prior === undefined) return;
        cells.delete(key);
      } else {
        cells.set(key, next);
      }
      lose(prior);
      lose(next);
    };

    // Stock: the SKUs whose stamp moved (every SKU after a view swap), at every warehouse. Only
    // the SKUs with a cell booked beyond its supply, now or at the last pass, get key strings: a
    // fresh view of 1,000,000 SKUs x 6 locations once built a key for every row and kept them
    // all in a Set until the loop ended, about 800 MB of strings that V8 promoted to the old
    // generation and then kept its heap sized for (RSS 1,150 MB after start instead of 360).
    const fresh = stock !== this.#stockView;
    if (fresh || stock.version !== this.#stockVersion) {
      const since = fresh ? Number.NEGATIVE_INFINITY : this.#stockVersion;
      this.#stockView = stock;
      this.#stockVersion = stock.version;
      const cutBefore = new Set<string>();
      for (const cell of this.#stockCells.values()) cutBefore.add(cell.sku);
      /** The keys of the cells found cut in this pass. */
      const seen = new Set<string>();
      for (let position = 0; position < stock.skuCount; position++) {
        const s = indexAt<SkuIndex>(position);
        if (!(stock.stamp(s) > since)) continue;
        let cutNow = false;
        for (let location = 0; location < stock.warehouseCount && !cutNow; location++) {
          const w = indexAt<WarehouseIndex>(location);
          cutNow = stock.reserved(s, w) > stock.onHand(s, w) - stock.safetyStock(s, w);
        }
        if (!cutNow && cutBefore.size === 0) continue;
        const sku = stock.skuAt(s);
        if (!cutNow && !cutBefore.has(sku)) continue;
        for (let location = 0; location < stock.warehouseCount; location++) {
          const w = indexAt<WarehouseIndex>(location);
          const warehouseId = stock.warehouseIds[w]!;
          const key = `${sku}|${warehouseId}`;
          const supply = stock.onHand(s, w) - stock.safetyStock(s, w);
          const reserved = stock.reserved(s, w);
          if (reserved <= supply) {
            update(this.#stockCells, key, undefined);
            continue;
          }
          seen.add(key);
          const inbound = stock.inbound(s, w);
          const signature = `${supply}|${reserved}|${JSON.stringify(inbound)}`;
          if (this.#stockCells.get(key)?.signature === signature) continue;
          const holders = await events.stockHolders(sku, warehouseId);
          const { short, kept } = stockShortfalls(holders, supply, inbound);
          if (short.size > 0) cuts.push({ sku, warehouseId, kept, short: short.size });
          update(this.#stockCells, key, { sku, signature, losers: short });
        }
      }
      // Cells of SKUs or warehouses the view no longer has are no longer cut (every other cell
      // of a changed SKU was either seen cut or forgotten above).
      if (fresh) {
        for (const key of [...this.#stockCells.keys()]) {
          if (!seen.has(key)) update(this.#stockCells, key, undefined);
        }
      }
    }

    // Capacity and pickup limits: every (warehouse or origin, day) of the horizon is looked at
    // in memory; the store is asked only about cells booked beyond their limit.
    const netChanged = net !== this.#net;
    if (netChanged || capacity.version !== this.#capacityVersion) {
      this.#capacityVersion = capacity.version;
      const { horizon } = net;
      const seenDays = new Set<string>();
      for (const w of net.warehouses) {
        // Only a day with orders booked can be booked beyond its capacity: the days the view
        // has a load for, not every day of the horizon (a check after each confirm group).
        for (const day of inHorizon(capacity.loadedDays(w.index), horizon)) {
          const cap = capacity.capacity(w.index, day);
          const load = capacity.load(w.index, day);
          if (cap < 0 || load <= cap) continue;
          const key = `${w.id}|${day}`;
          seenDays.add(key);
          const signature = `${cap}|${load}`;
          if (this.#dayCells.get(key)?.signature === signature) continue;
          const holders = await events.shipDayHolders(w.id, day);
          update(this.#dayCells, key, {
            signature,
            losers: asLosers(newestBeyond(holders, load - cap)),
          });
        }
      }
      for (const key of [...this.#dayCells.keys()]) {
        if (!seenDays.has(key)) update(this.#dayCells, key, undefined);
      }
      // A limit new to a day (a reload, or the first pass) is checked against the promises'
      // shipments: pickups taken while the day had no limit hold no pickup reservation.
      const before = this.#net;
      const oldLimit = (key: string, day: Day): number => {
        if (before === undefined || full) return Number.NaN;
        const old = before.origins.find((x) => `${x.warehouse.id}|${x.service.id}` === key);
        const i = day - before.horizon.firstDay;
        return old === undefined || i < 0 || i >= before.horizon.length
          ? Number.NaN
          : old.service.pickupLimit[i]!;
      };
      const seenPickups = new Set<string>();
      // A limit can be new to any day only when the network changed (or on a full pass); else
      // only a day with pickups taken, or one cut at the last pass, can be cut now.
      const allDays = full || netChanged;
      const cutDays = new Map<string, Day[]>();
      if (!allDays) {
        for (const cell of this.#pickupCells.values()) {
          const days = cutDays.get(cell.origin);
          if (days === undefined) cutDays.set(cell.origin, [cell.day]);
          else days.push(cell.day);
        }
      }
      const collected = transferStoresByOrigin(net);
      for (const o of net.origins) {
        const originKey = `${o.warehouse.id}|${o.service.id}`;
        const days = allDays
          ? horizonDays(horizon)
          : inHorizon(
              [...capacity.pickupDays(o.index), ...(cutDays.get(originKey) ?? [])],
              horizon,
            );
        for (const day of days) {
          const limit = o.service.pickupLimit[day - horizon.firstDay]!;
          if (limit < 0) continue;
          const taken = capacity.pickupsTaken(o.index, day);
          const key = `${originKey}|${day}`;
          const newLimit = allDays && oldLimit(originKey, day) !== limit;
          if (taken <= limit && !this.#pickupCells.has(key) && !newLimit) continue;
          const signature = `${limit}|${taken}`;
          if (this.#pickupCells.get(key)?.signature === signature) {
            seenPickups.add(key);
            continue;
          }
          const { taken: booked, holders } = await events.pickupHolders(
            o.warehouse.id,
            o.service.id,
            day,
            limit,
            collected.get(o.index) ?? [],
          );
          if (booked <= limit) continue; // (dropped below, if it was cut)
          seenPickups.add(key);
          update(this.#pickupCells, key, {
            signature,
            losers: asLosers(newestBeyond(holders, booked - limit)),
            origin: originKey,
            day,
          });
        }
      }
      for (const key of [...this.#pickupCells.keys()]) {
        if (!seenPickups.has(key)) update(this.#pickupCells, key, undefined);
      }
    }
    this.#index(net);
  }

  /** The losers of every cut cell, by `promiseId|warehouseId`; the room while a day is cut. */
  #index(net: CompiledNetwork): void {
    const short = new Map<string, StockShortfall>();
    for (const cell of this.#stockCells.values()) {
      for (const [id, s] of cell.losers) {
        const prior = short.get(id);
        // A shipment short of two SKUs waits for the later cover (none beats any date).
        if (
          prior === undefined ||
          s.coverEtaDay === undefined ||
          (prior.coverEtaDay !== undefined && s.coverEtaDay > prior.coverEtaDay)
        ) {
          short.set(id, s);
        }
      }
    }
    const ids = (cells: Map<string, CutCell>) => {
      const set = new Set<string>();
      for (const cell of cells.values()) for (const id of cell.losers.keys()) set.add(id);
      return set;
    };
    this.#short = short;
    this.#capacityCut = ids(this.#dayCells);
    this.#pickupCut = ids(this.#pickupCells);
    this.#room =
      this.#dayCells.size === 0
        ? undefined
        : roomAfterCuts(net, this.#o.live, this.#dayCells.keys());
    this.#pickupsLeft =
      this.#pickupCells.size === 0
        ? undefined
        : pickupsLeftAfterCuts(net, this.#o.live, this.#pickupCells.keys());
  }
}

/**
 * The carrier pickups every origin that collects a transfer still has (the view's remaining
 * pickups; Infinity without a limit), by `warehouseId|serviceId|day`, over daysAfterCuts of the
 * cut cells (`warehouseId|serviceId|day` keys).
 */
function pickupsLeftAfterCuts(
  net: CompiledNetwork,
  live: LiveView,
  cutKeys: Iterable<string>,
): Map<string, number> {
  const days = daysAfterCuts(net, cutKeys);
  const left = new Map<string, number>();
  for (const index of transferStoresByOrigin(net).keys()) {
    const o = net.origins[index]!;
    for (const day of days) {
      left.set(
        `${o.warehouse.id}|${o.service.id}|${day}`,
        live.capacity.remainingPickups(o.index, day),
      );
    }
  }
  return left;
}

/** transferStoresByOrigin of each network (it changes only with the network). */
const transferStores = new WeakMap<CompiledNetwork, Map<number, string[]>>();

/**
 * The pick-up stores whose transfer lane a carrier service collects, by that service's origin at
 * the lane's warehouse (each such transfer takes one of the origin's pickups on the day it leaves).
 */
function transferStoresByOrigin(net: CompiledNetwork): Map<number, string[]> {
  let byOrigin = transferStores.get(net);
  if (byOrigin !== undefined) return byOrigin;
  byOrigin = new Map<number, string[]>();
  for (const store of net.stores) {
    for (const lane of store.transfers) {
      if (lane.origin === undefined) continue;
      const ids = byOrigin.get(lane.origin.index);
      if (ids === undefined) byOrigin.set(lane.origin.index, [store.id]);
      else if (!ids.includes(store.id)) ids.push(store.id);
    }
  }
  transferStores.set(net, byOrigin);
  return byOrigin;
}

/** Days after the last cut day whose room is given: planPickup moves a full day at most 60 times. */
const ROOM_DAYS = 120;

/**
 * The days a moved pick-up may go to: from the first cut day of `cutKeys` (keys ending in
 * `|day`) to ROOM_DAYS after the last, within the horizon; none without keys.
 */
function daysAfterCuts(net: CompiledNetwork, cutKeys: Iterable<string>): Day[] {
  let from: Day | undefined;
  let to: Day | undefined;
  for (const key of cutKeys) {
    const day = dayNumber(Number(key.slice(key.lastIndexOf("|") + 1)));
    if (from === undefined || day < from) from = day;
    if (to === undefined || day > to) to = day;
  }
  if (from === undefined || to === undefined) return [];
  const { horizon } = net;
  const first = from < horizon.firstDay ? horizon.firstDay : from;
  const last = addDays(to, ROOM_DAYS) > horizon.lastDay ? horizon.lastDay : addDays(to, ROOM_DAYS);
  const days: Day[] = [];
  for (let day = first; day <= last; day = addDays(day, 1)) days.push(day);
  return days;
}

/**
 * The orders every stock location can still take (the view's remaining: capacity less load and
 * backlog; Infinity when unlimited), by `locationId|day`, over daysAfterCuts of the cut cells
 * (`warehouseId|day` keys).
 */
function roomAfterCuts(
  net: CompiledNetwork,
  live: LiveView,
  cutKeys: Iterable<string>,
): Map<string, number> {
  const days = daysAfterCuts(net, cutKeys);
  const room = new Map<string, number>();
  for (const w of net.warehouses) {
    for (const day of days) room.set(`${w.id}|${day}`, live.capacity.remaining(w.index, day));
  }
  return room;
}

function asLosers(ids: ReadonlySet<string>): ReadonlyMap<string, StockShortfall> {
  const m = new Map<string, StockShortfall>();
  for (const id of ids) m.set(id, { coverEtaDay: undefined });
  return m;
}

/** Every day of the horizon, in order. */
function* horizonDays(horizon: { readonly firstDay: Day; readonly lastDay: Day }): Generator<Day> {
  for (let day = horizon.firstDay; day <= horizon.lastDay; day++) yield day;
}

/** The distinct days of `days` inside the horizon, in order. */
function inHorizon(
  days: Iterable<Day>,
  horizon: { readonly firstDay: Day; readonly lastDay: Day },
): Day[] {
  const inside = new Set<Day>();
  for (const day of days) if (day >= horizon.firstDay && day <= horizon.lastDay) inside.add(day);
  return [...inside].sort((a, b) => a - b);
}

function promiseOf(holderId: string): string {
  return holderId.slice(0, holderId.lastIndexOf("|"));
}

/** Every warehouse's local date now: a new one makes promises LATE and carriers late. */
function todayKey(net: CompiledNetwork, atMs: number): string {
  return net.warehouses.map((w) => localDayOf(w, net.horizon, atMs)).join(",");
}
