import {
  assessRisk,
  type Risk,
  type RiskShipment,
  type RiskStatus,
} from "../engine/assess-risk.js";
import type { CompiledNetwork, CompiledZone } from "../engine/compiled-network.js";
import { type Day, formatIsoDay, NO_DAY } from "../engine/day.js";
import { localDayOf } from "../engine/local-day.js";
import { resolveDestination } from "../engine/resolve-destination.js";
import type {
  PromiseEventStore,
  RiskCandidate,
  RiskUpdate,
  StoredRisk,
} from "../events/promise-event-store.js";
import type { StockShortfall } from "./rank-shortfalls.js";

/**
 * The cut state a pass assesses against, by `promiseId|warehouseId`: the shipments short of
 * stock (with their cover), and those beyond a cut capacity or pickup limit. Plain data, so a
 * worker thread can be given it.
 */
export interface RiskCuts {
  readonly short: ReadonlyMap<string, StockShortfall>;
  readonly capacity: ReadonlySet<string>;
  readonly pickup: ReadonlySet<string>;
}

export interface RiskPassOptions {
  readonly net: CompiledNetwork;
  readonly atMs: number;
  readonly cuts: RiskCuts;
  readonly events: PromiseEventStore;
  readonly shipGraceMinutes: number;
  /** Risks written per transaction (default 2,000). */
  readonly writeBatch?: number | undefined;
  /**
   * On the service's event loop: the longest stretch of assessing between two chances for
   * requests to run (ms). Undefined on a worker thread: never yields.
   */
  readonly sliceMs?: number | undefined;
}

export interface RiskPassResult {
  /** Promises assessed. */
  readonly promises: number;
  /** Promises whose risk changed (each one's event is in the same transaction). */
  readonly changed: number;
  readonly byStatus: Readonly<Record<string, number>>;
}

/**
 * One pass's assessments and writes. Promises whose inputs are the same get the same risk: the
 * engine's answer depends on the confirm instant only through the warehouse-local order day and
 * which side of that day's cut-off it falls (planShipment), so that is what the key holds.
 */
export class RiskPass {
  readonly #o: RiskPassOptions;
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

  constructor(options: RiskPassOptions) {
    this.#o = options;
    this.#net = options.net;
    this.#atMs = options.atMs;
  }

  async assess(candidates: readonly RiskCandidate[]): Promise<void> {
    const batch = this.#o.writeBatch ?? 2_000;
    const sliceMs = this.#o.sliceMs;
    for (let i = 0; i < candidates.length; i++) {
      const c = candidates[i]!;
      this.#one(c);
      if (this.#updates.length >= batch) await this.#flush();
      // Never more than a few milliseconds without letting requests in.
      if (
        sliceMs !== undefined &&
        (i & 255) === 255 &&
        performance.now() - this.#sliceStart > sliceMs
      ) {
        await yieldToRequests();
        this.#sliceStart = performance.now();
      }
    }
  }

  async done(): Promise<RiskPassResult> {
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
    this.#inFlight = this.#o.events.applyRisks(updates).then((n) => {
      this.#changed += n;
    });
    if (this.#o.sliceMs !== undefined) {
      await yieldToRequests();
      this.#sliceStart = performance.now();
    }
  }

  #one(c: RiskCandidate): void {
    const net = this.#net;
    const o = this.#o;
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
      const cutKey = `${c.id}|${l.warehouseId}`;
      const short = o.cuts.short.get(cutKey);
      const capacity = o.cuts.capacity.has(cutKey);
      const pickup = o.cuts.pickup.has(cutKey);
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
        stockShort: unshipped ? short : undefined,
        capacityCut: unshipped && capacity,
        pickupCut: unshipped && pickup,
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

export function zoneOf(
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

function yieldToRequests(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** The promises a bulk pass assesses: every open one, or those on origins a reload changed. */
export type BulkSelection =
  | { readonly kind: "all" }
  | {
      readonly kind: "origins";
      /** `warehouseId|serviceId` -> the first day it changed. */
      readonly origins: ReadonlyMap<string, Day>;
      /** Promises assessed already (not again). */
      readonly skip: ReadonlySet<string>;
    };

/** Whether a candidate has a shipment from a changed origin on or before its latest day. */
export function onChangedPath(c: RiskCandidate, origins: ReadonlyMap<string, Day>): boolean {
  for (const l of c.legs) {
    const from = origins.get(`${l.warehouseId}|${l.serviceId}`);
    if (from !== undefined && c.promisedLatestDay >= from) return true;
  }
  return false;
}

/** Reads the selected open promises page by page (promise_leg, never the payload) into `pass`. */
export async function assessSelected(
  pass: RiskPass,
  events: PromiseEventStore,
  select: BulkSelection,
  pageSize: number,
): Promise<void> {
  for await (const page of events.allRiskCandidates(pageSize)) {
    if (select.kind === "all") await pass.assess(page);
    else {
      const { origins, skip } = select;
      await pass.assess(page.filter((c) => !skip.has(c.id) && onChangedPath(c, origins)));
    }
  }
}
