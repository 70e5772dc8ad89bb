import type { Logger } from "pino";
import { assessRisk, type RiskShipment, type RiskStatus } from "../engine/assess-risk.js";
import type { CompiledNetwork, CompiledZone } from "../engine/compiled-network.js";
import { type Day, dayNumber, formatIsoDay, NO_DAY, parseIsoDay } from "../engine/day.js";
import { localDayOf } from "../engine/local-day.js";
import { resolveDestination } from "../engine/resolve-destination.js";
import type {
  OpenPromise,
  PromiseEventStore,
  RiskUpdate,
  StoredRisk,
} from "../events/promise-event-store.js";
import type { Store } from "../store/store.js";
import { describeStoreFailure, isUnavailableError } from "../store/store-error.js";
import type { LiveView } from "../view/live-view.js";
import {
  type Holder,
  newestBeyond,
  type StockShortfall,
  stockShortfalls,
} from "./rank-shortfalls.js";

export interface RiskMonitorOptions {
  readonly store: Store;
  readonly events: PromiseEventStore;
  readonly live: LiveView;
  readonly clock: () => number;
  readonly logger?: Logger | undefined;
  /** Minutes after a ship date's cut-off before an unshipped promise is NOT_SHIPPED_ON_TIME. */
  readonly shipGraceMinutes: number;
  /** A full sweep at least this often (cut-offs pass with no other change); 0: only on changes. */
  readonly intervalMs: number;
  /** How often the views' versions are compared to find a change (default 100 ms). */
  readonly watchMs?: number;
  /** Promises read per page; the sweep yields to requests between pages (default 500). */
  readonly pageSize?: number;
  /** The least time between the end of one sweep and the start of the next (default 250 ms). */
  readonly minGapMs?: number;
}

export interface SweepResult {
  readonly promises: number;
  /** Promises whose risk changed (each one's event is in the same transaction). */
  readonly changed: number;
  readonly byStatus: Readonly<Record<string, number>>;
  /** Per stock cut: the SKU at the warehouse, how many promises kept their units, how many are short. */
  readonly stockCuts: readonly { sku: string; warehouseId: string; kept: number; short: number }[];
}

interface Parsed {
  readonly promise: OpenPromise;
  readonly shipments: readonly ParsedShipment[];
  readonly earliest: Day;
  readonly latest: Day;
  readonly destination: { countryCode: string; postalCode: string; province?: string };
}

interface ParsedShipment {
  readonly warehouseId: string;
  readonly serviceId: string;
  readonly shipDay: Day;
  readonly earliestDay: Day;
  readonly latestDay: Day;
  readonly lines: readonly { sku: string; quantity: number }[];
}

/**
 * Keeps every open promise's risk up to date, off the request path: a sweep runs when the stock,
 * capacity or network the views hold changes, when the store reports a commit (shipment events,
 * cancels), and every `intervalMs` (ship-date cut-offs passing). One sweep at a time; changes
 * during a sweep schedule one more. A sweep reads open promises page by page (yielding to the
 * event loop between pages), ranks the holders of each cut resource (newest lose first), asks
 * `assessRisk` for each promise, and stores the risks that changed (their events go out in the
 * same transaction).
 */
/** A sweep is followed by at least this many times its duration without one (see `request`). */
const SWEEP_GAP_FACTOR = 3;

export class RiskMonitor {
  readonly #o: RiskMonitorOptions;
  #running: Promise<SweepResult> | undefined;
  #dirty = false;
  /** The last sweep failed because the store was unavailable (logged once per outage). */
  #storeDown = false;
  #watch: NodeJS.Timeout | undefined;
  #interval: NodeJS.Timeout | undefined;
  #unsubscribe: (() => void) | undefined;
  #seen = "";
  #waiting: NodeJS.Timeout | undefined;
  #stopped = false;
  #lastEndMs = Number.NEGATIVE_INFINITY;
  #lastDurationMs = 0;
  #last: SweepResult | undefined;

  constructor(options: RiskMonitorOptions) {
    this.#o = options;
  }

  get lastSweep(): SweepResult | undefined {
    return this.#last;
  }

  start(): void {
    this.#seen = this.#versions();
    this.#unsubscribe = this.#o.store.onChange(() => this.request());
    this.#watch = setInterval(() => {
      const v = this.#versions();
      if (v !== this.#seen) {
        this.#seen = v;
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

  /**
   * Schedules a sweep, coalesced with one running or waiting. Sweeps are spaced by at least
   * `minGapMs` (default 250 ms) or three times the last sweep's own duration, whichever is
   * longer, so that under a stream of changes (every confirm changes the stock view) sweeping
   * takes at most about a quarter of the process's time. With a gap of one sweep's duration it took
   * half (SQLite confirms 998/s in a quiet run; 1,594/s with 3; 2,928/s with no sweeps at all).
   * A larger factor breaks "AT_RISK within 1 s" once a sweep takes 100 ms. Sweeping every open
   * promise on every change is the cost to remove: re-check only the promises a change touches.
   */
  request(): void {
    if (this.#stopped) return;
    if (this.#running !== undefined || this.#waiting !== undefined) {
      if (this.#running !== undefined) this.#dirty = true;
      return;
    }
    const gap = Math.max(this.#o.minGapMs ?? 250, this.#lastDurationMs * SWEEP_GAP_FACTOR);
    const wait = this.#lastEndMs + gap - performance.now();
    if (wait > 0) {
      this.#waiting = setTimeout(() => {
        this.#waiting = undefined;
        this.request();
      }, wait);
      this.#waiting.unref();
      return;
    }
    const started = performance.now();
    this.#running = this.sweep()
      .then((result) => {
        this.#storeDown = false;
        return result;
      })
      .catch((err: unknown) => {
        if (isUnavailableError(err)) {
          // An outage is the store's to report (once, without a stack); say once that sweeps wait.
          if (!this.#storeDown) {
            this.#o.logger?.warn(
              describeStoreFailure(err),
              "risk sweeps wait for the store; the next change or interval retries",
            );
          }
          this.#storeDown = true;
        } else {
          this.#o.logger?.warn({ err }, "risk sweep failed; the next change or interval retries");
        }
        return undefined as unknown as SweepResult;
      })
      .finally(() => {
        this.#running = undefined;
        this.#lastEndMs = performance.now();
        this.#lastDurationMs = this.#lastEndMs - started;
        if (this.#dirty) {
          this.#dirty = false;
          setImmediate(() => this.request());
        }
      });
  }

  /** One sweep over every open promise, now. */
  async sweep(): Promise<SweepResult> {
    const { events, live } = this.#o;
    const net = live.network;
    const atMs = this.#o.clock();
    const parsed: Parsed[] = [];
    for await (const page of events.openPromises(this.#o.pageSize ?? 500)) {
      for (const p of page) {
        const x = parse(p);
        if (x !== undefined) parsed.push(x);
      }
      await yieldToRequests();
    }
    const stockCuts: { sku: string; warehouseId: string; kept: number; short: number }[] = [];
    const short = this.#stockShort(parsed, net, stockCuts);
    const { capacityCut, pickupCut } = this.#limitCuts(parsed, net);
    const zones = new Map<string, CompiledZone | undefined>();
    let sliceStart = performance.now();
    const updates: RiskUpdate[] = [];
    const byStatus: Record<string, number> = {};
    for (let i = 0; i < parsed.length; i++) {
      const x = parsed[i]!;
      const key = `${x.destination.countryCode}|${x.destination.postalCode}|${x.destination.province ?? ""}`;
      if (!zones.has(key)) zones.set(key, zoneOf(net, x.destination));
      const shipments: RiskShipment[] = x.shipments.map((s) => {
        const facts = x.promise.shipments.find((f) => f.warehouseId === s.warehouseId);
        const shortfall = short.get(`${x.promise.id}|${s.warehouseId}`);
        const warehouse = net.warehouseById.get(s.warehouseId);
        const failed =
          facts?.state === "DELIVERY_FAILED" && warehouse !== undefined
            ? localDayOf(warehouse, net.horizon, facts.stateAtMs)
            : NO_DAY;
        const unshipped = x.promise.status === "confirmed";
        return {
          ...s,
          stockShort: unshipped ? shortfall : undefined,
          capacityCut: unshipped && capacityCut.has(`${x.promise.id}|${s.warehouseId}`),
          pickupCut: unshipped && pickupCut.has(`${x.promise.id}|${s.warehouseId}`),
          shippedDay: facts?.shipDay ?? (unshipped ? undefined : s.shipDay),
          deliveredDay: facts?.deliveredDay ?? undefined,
          deliveryFailedDay: failed >= 0 ? failed : undefined,
        };
      });
      const previous = x.promise.risk;
      const risk = assessRisk({
        net,
        zone: zones.get(key),
        atMs,
        confirmedAtMs: x.promise.createdAtMs,
        promisedEarliestDay: x.earliest,
        promisedLatestDay: x.latest,
        shipments,
        shipGraceMinutes: this.#o.shipGraceMinutes,
        previous:
          previous === null
            ? undefined
            : { status: previous.status as RiskStatus, sinceMs: previous.sinceMs },
      });
      byStatus[risk.status] = (byStatus[risk.status] ?? 0) + 1;
      const stored: StoredRisk = {
        status: risk.status,
        reasons: risk.reasons,
        expectedEarliest:
          risk.expectedEarliestDay < 0 ? "" : formatIsoDay(risk.expectedEarliestDay),
        expectedLatest: risk.expectedLatestDay < 0 ? "" : formatIsoDay(risk.expectedLatestDay),
        sinceMs: risk.sinceMs,
      };
      if (previous === null || !sameRisk(previous, stored)) {
        updates.push({ promiseId: x.promise.id, risk: stored });
      }
      // Never more than a few milliseconds without letting requests in.
      if ((i & 31) === 31 && performance.now() - sliceStart > SLICE_MS) {
        await yieldToRequests();
        sliceStart = performance.now();
      }
    }
    let changed = 0;
    for (let i = 0; i < updates.length; i += 500) {
      changed += await events.applyRisks(updates.slice(i, i + 500));
      await yieldToRequests();
    }
    for (const cut of stockCuts) {
      this.#o.logger?.info(
        cut,
        "stock below what is reserved: the oldest promises keep their units",
      );
    }
    const result = { promises: parsed.length, changed, byStatus, stockCuts };
    this.#last = result;
    return result;
  }

  #versions(): string {
    const { live } = this.#o;
    return `${live.network.version}|${live.stock.version}|${live.capacity.version}`;
  }

  /** Per (promise, warehouse): the shortfall, when the SKUs it holds there are short. */
  #stockShort(
    parsed: readonly Parsed[],
    net: CompiledNetwork,
    cuts: { sku: string; warehouseId: string; kept: number; short: number }[],
  ): Map<string, StockShortfall> {
    const holders = new Map<string, Holder[]>();
    for (const x of parsed) {
      if (x.promise.status !== "confirmed") continue;
      for (const s of x.shipments) {
        for (const line of s.lines) {
          const key = `${line.sku}|${s.warehouseId}`;
          let list = holders.get(key);
          if (list === undefined) {
            list = [];
            holders.set(key, list);
          }
          list.push({
            promiseId: `${x.promise.id}|${s.warehouseId}`,
            createdAtMs: x.promise.createdAtMs,
            quantity: line.quantity,
          });
        }
      }
    }
    const stock = this.#o.live.stock;
    const result = new Map<string, StockShortfall>();
    for (const [key, list] of holders) {
      const [sku, warehouseId] = key.split("|") as [string, string];
      const skuIndex = stock.skuIndex(sku);
      const warehouse = net.warehouseById.get(warehouseId);
      if (skuIndex < 0 || warehouse === undefined) continue;
      const supply =
        stock.onHand(skuIndex, warehouse.index) - stock.safetyStock(skuIndex, warehouse.index);
      const total = list.reduce((n, h) => n + h.quantity, 0);
      if (total <= supply) continue;
      const { short, kept } = stockShortfalls(
        list,
        supply,
        stock.inbound(skuIndex, warehouse.index),
      );
      cuts.push({ sku, warehouseId, kept, short: short.size });
      for (const [id, s] of short) {
        const prior = result.get(id);
        // A shipment short of two SKUs waits for the later cover (none beats any date).
        if (
          prior === undefined ||
          s.coverEtaDay === undefined ||
          (prior.coverEtaDay !== undefined && s.coverEtaDay > prior.coverEtaDay)
        ) {
          result.set(id, s);
        }
      }
    }
    return result;
  }

  /** Per (promise, warehouse): beyond a cut capacity or pickup limit on its ship date. */
  #limitCuts(
    parsed: readonly Parsed[],
    net: CompiledNetwork,
  ): { capacityCut: Set<string>; pickupCut: Set<string> } {
    const byDay = new Map<string, Holder[]>();
    const byPickup = new Map<string, Holder[]>();
    const add = (map: Map<string, Holder[]>, key: string, h: Holder) => {
      let list = map.get(key);
      if (list === undefined) {
        list = [];
        map.set(key, list);
      }
      list.push(h);
    };
    for (const x of parsed) {
      for (const s of x.shipments) {
        const h = {
          promiseId: `${x.promise.id}|${s.warehouseId}`,
          createdAtMs: x.promise.createdAtMs,
          quantity: 1,
        };
        add(byDay, `${s.warehouseId}|${s.shipDay}`, h);
        add(byPickup, `${s.warehouseId}|${s.serviceId}|${s.shipDay}`, h);
      }
    }
    const capacity = this.#o.live.capacity;
    const unshipped = new Set(
      parsed.filter((x) => x.promise.status === "confirmed").map((x) => x.promise.id),
    );
    const capacityCut = new Set<string>();
    for (const [key, list] of byDay) {
      const [warehouseId, dayText] = key.split("|") as [string, string];
      const warehouse = net.warehouseById.get(warehouseId);
      if (warehouse === undefined) continue;
      const day = dayNumber(Number(dayText));
      const cap = capacity.capacity(warehouse.index, day);
      if (cap < 0) continue;
      const over = capacity.load(warehouse.index, day) - cap;
      for (const id of newestBeyond(
        list.filter((h) => unshipped.has(h.promiseId.split("|")[0]!)),
        over,
      )) {
        capacityCut.add(id);
      }
    }
    const pickupCut = new Set<string>();
    for (const [key, list] of byPickup) {
      const [warehouseId, serviceId, dayText] = key.split("|") as [string, string, string];
      const warehouse = net.warehouseById.get(warehouseId);
      const origin =
        warehouse === undefined
          ? undefined
          : net.originsByWarehouse[warehouse.index]?.find((o) => o.service.id === serviceId);
      if (origin === undefined) continue;
      const limit = capacity.pickupLimit(origin.index, dayNumber(Number(dayText)));
      if (limit < 0) continue;
      const over = list.length - limit;
      for (const id of newestBeyond(
        list.filter((h) => unshipped.has(h.promiseId.split("|")[0]!)),
        over,
      )) {
        pickupCut.add(id);
      }
    }
    return { capacityCut, pickupCut };
  }
}

function sameRisk(a: StoredRisk, b: StoredRisk): boolean {
  return (
    a.status === b.status &&
    a.sinceMs === b.sinceMs &&
    a.expectedEarliest === b.expectedEarliest &&
    a.expectedLatest === b.expectedLatest &&
    a.reasons.join(",") === b.reasons.join(",")
  );
}

function zoneOf(
  net: CompiledNetwork,
  destination: { countryCode: string; postalCode: string; province?: string },
): CompiledZone | undefined {
  try {
    return resolveDestination(net, destination);
  } catch {
    return undefined;
  }
}

interface PayloadShape {
  destination?: { countryCode?: string; postalCode?: string; province?: string };
  deliveryEarliest?: string;
  deliveryLatest?: string;
  shipments?: {
    warehouseId?: string;
    serviceId?: string;
    shipDate?: string;
    deliveryEarliest?: string;
    deliveryLatest?: string;
    lines?: { sku?: string; quantity?: number }[];
  }[];
}

/** Reads a promise's payload (see checkout/promise-payload); undefined when it is not one. */
function parse(promise: OpenPromise): Parsed | undefined {
  const p = promise.payload as PayloadShape | null;
  if (p === null || typeof p !== "object" || !Array.isArray(p.shipments)) return undefined;
  const shipments: ParsedShipment[] = [];
  for (const s of p.shipments) {
    const shipDay = parseIsoDay(s.shipDate ?? "");
    const earliestDay = parseIsoDay(s.deliveryEarliest ?? "");
    const latestDay = parseIsoDay(s.deliveryLatest ?? "");
    if (
      shipDay === undefined ||
      earliestDay === undefined ||
      latestDay === undefined ||
      s.warehouseId === undefined ||
      s.serviceId === undefined
    ) {
      return undefined;
    }
    shipments.push({
      warehouseId: s.warehouseId,
      serviceId: s.serviceId,
      shipDay,
      earliestDay,
      latestDay,
      lines: (s.lines ?? []).map((l) => ({ sku: l.sku ?? "", quantity: l.quantity ?? 0 })),
    });
  }
  const earliest = parseIsoDay(p.deliveryEarliest ?? "");
  const latest = parseIsoDay(p.deliveryLatest ?? "");
  if (shipments.length === 0 || earliest === undefined || latest === undefined) return undefined;
  return {
    promise,
    shipments,
    earliest,
    latest,
    destination: {
      countryCode: p.destination?.countryCode ?? "",
      postalCode: p.destination?.postalCode ?? "",
      ...(p.destination?.province === undefined ? {} : { province: p.destination.province }),
    },
  };
}

/** The longest stretch of sweeping between two chances for requests to run. */
const SLICE_MS = 5;

function yieldToRequests(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
