import type { Logger } from "pino";
import {
  assessRisk,
  type Risk,
  type RiskShipment,
  type RiskStatus,
} from "../engine/assess-risk.js";
import type { CompiledNetwork, CompiledZone } from "../engine/compiled-network.js";
import { addDays, type Day, formatIsoDay, NO_DAY } from "../engine/day.js";
import { localDayOf } from "../engine/local-day.js";
import { indexAt, type SkuIndex, type WarehouseIndex } from "../engine/network-index.js";
import { resolveDestination } from "../engine/resolve-destination.js";
import type {
  PromiseEventStore,
  RiskCandidate,
  RiskUpdate,
  StoredRisk,
} from "../events/promise-event-store.js";
import type { Store } from "../store/store.js";
import { describeStoreFailure, isUnavailableError } from "../store/store-error.js";
import type { LiveView } from "../view/live-view.js";
import { type NetworkPathChanges, networkPathChanges } from "./network-path-changes.js";
import { newestBeyond, type StockShortfall, stockShortfalls } from "./rank-shortfalls.js";

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

/** A stock cell: a SKU at a warehouse. */
interface StockCutCell extends CutCell {
  readonly sku: string;
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

  /** What the last pass saw (undefined: no pass yet, the next one is full). */
  #net: CompiledNetwork | undefined;
  #stockView: unknown;
  #stockVersion = -1;
  #capacityVersion = -1;
  #checkedMs = Number.NEGATIVE_INFINITY;
  #today = "";
  readonly #stockCells = new Map<string, StockCutCell>();
  readonly #dayCells = new Map<string, CutCell>();
  readonly #pickupCells = new Map<string, CutCell>();
  /** The losers of every cut cell, by `promiseId|warehouseId`. */
  #short = new Map<string, StockShortfall>();
  #capacityCut = new Set<string>();
  #pickupCut = new Set<string>();

  constructor(options: RiskMonitorOptions) {
    this.#o = options;
  }

  get lastSweep(): SweepResult | undefined {
    return this.#last;
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
    const pass = new Pass(this, net, atMs);
    for await (const page of events.allRiskCandidates(this.#o.pageSize ?? 500)) {
      await pass.assess(page);
    }
    const result = await pass.done();
    await events.clearRechecks(rechecks);
    if (rechecks.length === RECHECK_BATCH) this.#dirty = true;
    return this.#finish(result, cuts, true);
  }

  /**
   * Re-checks the promises the changes since the last pass can affect (the first pass, and the
   * first after a new local date or a failure, is a full sweep).
   */
  async check(): Promise<SweepResult> {
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
    const pass = new Pass(this, net, atMs);
    const ids = [...targets];
    for (let i = 0; i < ids.length; i += 500) {
      await pass.assess(await events.riskCandidates(ids.slice(i, i + 500)));
    }
    if (paths !== undefined && paths.origins.size > 0) {
      const touched = paths.origins;
      for await (const page of events.allRiskCandidates(this.#o.pageSize ?? 500)) {
        await pass.assess(
          page.filter(
            (c) =>
              !targets.has(c.id) &&
              c.legs.some((l) => {
                const from = touched.get(`${l.warehouseId}|${l.serviceId}`);
                return from !== undefined && c.promisedLatestDay >= from;
              }),
          ),
        );
      }
    }
    const result = await pass.done();
    await events.clearRechecks(rechecks);
    if (rechecks.length === RECHECK_BATCH) this.#dirty = true; // more are queued
    return this.#finish(result, cuts, false);
  }

  #finish(
    result: Omit<SweepResult, "stockCuts" | "full">,
    stockCuts: StockCut[],
    full: boolean,
  ): SweepResult {
    for (const cut of stockCuts) {
      this.#o.logger?.info(
        cut,
        "stock below what is reserved: the oldest promises keep their units",
      );
    }
    const done = { ...result, stockCuts, full };
    this.#last = done;
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
        for (let day = horizon.firstDay; day <= horizon.lastDay; day++) {
          const cap = capacity.capacity(w.index, day);
          const load = capacity.load(w.index, day);
          const key = `${w.id}|${day}`;
          if (cap < 0 || load <= cap) continue;
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
      for (const o of net.origins) {
        const originKey = `${o.warehouse.id}|${o.service.id}`;
        for (let day = horizon.firstDay; day <= horizon.lastDay; day++) {
          const limit = o.service.pickupLimit[day - horizon.firstDay]!;
          if (limit < 0) continue;
          const taken = capacity.pickupsTaken(o.index, day);
          const key = `${originKey}|${day}`;
          const newLimit = (full || netChanged) && oldLimit(originKey, day) !== limit;
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
          );
          if (booked <= limit) continue; // (dropped below, if it was cut)
          seenPickups.add(key);
          update(this.#pickupCells, key, {
            signature,
            losers: asLosers(newestBeyond(holders, booked - limit)),
          });
        }
      }
      for (const key of [...this.#pickupCells.keys()]) {
        if (!seenPickups.has(key)) update(this.#pickupCells, key, undefined);
      }
    }
    this.#index();
  }

  /** The losers of every cut cell, by `promiseId|warehouseId`. */
  #index(): void {
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
  }

  /** For Pass: the cut state of one shipment. */
  cutsOf(key: string): { short: StockShortfall | undefined; capacity: boolean; pickup: boolean } {
    return {
      short: this.#short.get(key),
      capacity: this.#capacityCut.has(key),
      pickup: this.#pickupCut.has(key),
    };
  }

  get options(): RiskMonitorOptions {
    return this.#o;
  }
}

/**
 * One pass's assessments and writes. Promises whose inputs are the same get the same risk: the
 * engine's answer depends on the confirm instant only through the warehouse-local order day and
 * which side of that day's cut-off it falls (planShipment), so that is what the key holds.
 */
class Pass {
  readonly #m: RiskMonitor;
  readonly #net: CompiledNetwork;
  readonly #atMs: number;
  readonly #zones = new Map<string, CompiledZone | undefined>();
  readonly #risks = new Map<string, Risk>();
  readonly #stored = new Map<string, { json: string; risk: StoredRisk }>();
  #updates: RiskUpdate[] = [];
  #inFlight: Promise<void> = Promise.resolve();
  #promises = 0;
  #changed = 0;
  readonly #byStatus: Record<string, number> = {};
  #sliceStart = performance.now();

  constructor(monitor: RiskMonitor, net: CompiledNetwork, atMs: number) {
    this.#m = monitor;
    this.#net = net;
    this.#atMs = atMs;
  }

  async assess(candidates: readonly RiskCandidate[]): Promise<void> {
    const batch = this.#m.options.writeBatch ?? 2_000;
    for (let i = 0; i < candidates.length; i++) {
      const c = candidates[i]!;
      this.#one(c);
      if (this.#updates.length >= batch) await this.#flush();
      // Never more than a few milliseconds without letting requests in.
      if ((i & 255) === 255 && performance.now() - this.#sliceStart > SLICE_MS) {
        await yieldToRequests();
        this.#sliceStart = performance.now();
      }
    }
  }

  async done(): Promise<Omit<SweepResult, "stockCuts" | "full">> {
    await this.#flush();
    await this.#inFlight;
    return { promises: this.#promises, changed: this.#changed, byStatus: this.#byStatus };
  }

  /** Sends the batch to be written; one batch is written while the next is assessed. */
  async #flush(): Promise<void> {
    if (this.#updates.length === 0) return;
    const updates = this.#updates;
    this.#updates = [];
    await this.#inFlight;
    this.#inFlight = this.#m.options.events.applyRisks(updates).then((n) => {
      this.#changed += n;
    });
    await yieldToRequests();
    this.#sliceStart = performance.now();
  }

  #one(c: RiskCandidate): void {
    const net = this.#net;
    const o = this.#m.options;
    const zoneKey = `${c.countryCode}|${c.postalCode}|${c.province}`;
    let zone = this.#zones.get(zoneKey);
    if (zone === undefined && !this.#zones.has(zoneKey)) {
      zone = zoneOf(net, c);
      this.#zones.set(zoneKey, zone);
    }
    const unshipped = c.status === "confirmed";
    const shipments: RiskShipment[] = [];
    let key = `${unshipped ? "c" : "o"}|${zoneKey}|${c.promisedEarliestDay}|${c.promisedLatestDay}`;
    for (const l of c.legs) {
      const cut = this.#m.cutsOf(`${c.id}|${l.warehouseId}`);
      const warehouse = net.warehouseById.get(l.warehouseId);
      const failed =
        l.state === "DELIVERY_FAILED" && warehouse !== undefined
          ? localDayOf(warehouse, net.horizon, l.stateAtMs)
          : NO_DAY;
      const s: RiskShipment = {
        warehouseId: l.warehouseId,
        serviceId: l.serviceId,
        shipDay: l.shipDay,
        earliestDay: l.earliestDay,
        latestDay: l.latestDay,
        stockShort: unshipped ? cut.short : undefined,
        capacityCut: unshipped && cut.capacity,
        pickupCut: unshipped && cut.pickup,
        shippedDay: l.shippedDay ?? (unshipped ? undefined : l.shipDay),
        deliveredDay: l.deliveredDay ?? undefined,
        deliveryFailedDay: failed >= 0 ? failed : undefined,
      };
      shipments.push(s);
      key += `|${l.warehouseId}|${l.serviceId}|${l.shipDay}|${l.earliestDay}|${l.latestDay}|${
        s.stockShort === undefined ? "-" : (s.stockShort.coverEtaDay ?? "n")
      }|${s.capacityCut ? 1 : 0}${s.pickupCut ? 1 : 0}|${s.shippedDay ?? ""}|${
        s.deliveredDay ?? ""
      }|${s.deliveryFailedDay ?? ""}|${s.shippedDay === undefined ? this.#orderClass(warehouse, l.serviceId, c.createdAtMs) : ""}`;
    }
    let risk = this.#risks.get(key);
    if (risk === undefined) {
      risk = assessRisk({
        net,
        zone,
        atMs: this.#atMs,
        confirmedAtMs: c.createdAtMs,
        promisedEarliestDay: c.promisedEarliestDay,
        promisedLatestDay: c.promisedLatestDay,
        shipments,
        shipGraceMinutes: o.shipGraceMinutes,
      });
      this.#risks.set(key, risk);
    }
    this.#promises++;
    this.#byStatus[risk.status] = (this.#byStatus[risk.status] ?? 0) + 1;
    const previous = c.riskStatus as RiskStatus | null;
    // Never assessed reads as ON_TRACK: nothing to write (a fresh confirm costs no write).
    if (previous === null && risk.status === "ON_TRACK") return;
    const sinceMs = previous === risk.status && c.riskSinceMs !== null ? c.riskSinceMs : this.#atMs;
    const jsonKey = `${key}#${sinceMs}`;
    let stored = this.#stored.get(jsonKey);
    if (stored === undefined) {
      const value: StoredRisk = {
        status: risk.status,
        reasons: risk.reasons,
        expectedEarliest:
          risk.expectedEarliestDay < 0 ? "" : formatIsoDay(risk.expectedEarliestDay),
        expectedLatest: risk.expectedLatestDay < 0 ? "" : formatIsoDay(risk.expectedLatestDay),
        sinceMs,
      };
      stored = { json: JSON.stringify(value), risk: value };
      this.#stored.set(jsonKey, stored);
    }
    if (stored.json === c.riskJson) return;
    this.#updates.push({ promiseId: c.id, risk: stored.risk, json: stored.json });
  }

  /** The order day at the origin and whether the confirm beat that day's cut-off. */
  #orderClass(
    warehouse: CompiledNetwork["warehouses"][number] | undefined,
    serviceId: string,
    confirmedAtMs: number,
  ): string {
    if (warehouse === undefined) return "x";
    const net = this.#net;
    const orderAtMs = Math.max(confirmedAtMs, warehouse.midnightMs[0]!);
    const day: Day = localDayOf(warehouse, net.horizon, orderAtMs);
    const origin = net.originsByWarehouse[warehouse.index]?.find((o) => o.service.id === serviceId);
    if (day < 0 || origin === undefined) return `${day}`;
    return `${day}${orderAtMs < origin.cutoffMs[day - net.horizon.firstDay]! ? "<" : ">"}`;
  }
}

function asLosers(ids: ReadonlySet<string>): ReadonlyMap<string, StockShortfall> {
  const m = new Map<string, StockShortfall>();
  for (const id of ids) m.set(id, { coverEtaDay: undefined });
  return m;
}

function promiseOf(holderId: string): string {
  return holderId.slice(0, holderId.lastIndexOf("|"));
}

/** Every warehouse's local date now: a new one makes promises LATE and carriers late. */
function todayKey(net: CompiledNetwork, atMs: number): string {
  return net.warehouses.map((w) => localDayOf(w, net.horizon, atMs)).join(",");
}

function zoneOf(
  net: CompiledNetwork,
  c: { countryCode: string; postalCode: string; province: string },
): CompiledZone | undefined {
  try {
    return resolveDestination(net, {
      countryCode: c.countryCode,
      postalCode: c.postalCode,
      ...(c.province === "" ? {} : { province: c.province }),
    });
  } catch {
    return undefined;
  }
}

/** The longest stretch of assessing between two chances for requests to run. */
const SLICE_MS = 5;

function yieldToRequests(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
