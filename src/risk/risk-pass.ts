import {
  assessRisk,
  type Risk,
  type RiskShipment,
  type RiskStatus,
} from "../engine/assess-risk.js";
import type { CompiledNetwork, CompiledZone } from "../engine/compiled-network.js";
import { type Day, formatIsoDay, NO_DAY } from "../engine/day.js";
import { localDayOf } from "../engine/local-day.js";
import { pickupOrderClass } from "../engine/replan-pickup.js";
import { resolveDestination } from "../engine/resolve-destination.js";
import {
  type PromiseEventStore,
  type RiskCandidate,
  type RiskGroup,
  type RiskUpdate,
  type RiskWriteRow,
  riskWriteRows,
  type StoredRisk,
} from "../events/promise-event-store.js";
import { pickupPathKey } from "./network-path-changes.js";
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
  /**
   * While a day's capacity is cut: the orders each stock location (warehouse or store) can still
   * take, by `locationId|day`, over the days a moved pick-up may go to (a day not named has no
   * room). A pick-up beyond a cut is expected on the first later day with room (replanPickup);
   * absent, it gets no date.
   */
  readonly room?: ReadonlyMap<string, number> | undefined;
  /**
   * While a carrier's pickups are cut: the pickups each origin collecting a transfer still has, by
   * `warehouseId|serviceId|day`, over the days a moved transfer may leave on (a day not named has
   * none). A pick-up whose transfer lost its pickup leaves on the first later day with one; absent,
   * it gets no date.
   */
  readonly pickupsLeft?: ReadonlyMap<string, number> | undefined;
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
  /** A pick-up's room per day, from the cuts (the same for the whole pass). */
  readonly #room: ((locationId: string, day: Day) => number) | undefined;
  /** A transfer's carrier pickups left per day, from the cuts (the same for the whole pass). */
  readonly #pickupsLeft: ((warehouseId: string, serviceId: string, day: Day) => number) | undefined;
  #updates: RiskUpdate[] = [];
  /** Groups' writes (RiskGroup), and how many promises they hold. */
  #rows: RiskWriteRow[] = [];
  #rowPromises = 0;
  #inFlight: Promise<void> = Promise.resolve();
  #promises = 0;
  #changed = 0;
  readonly #byStatus: Record<string, number> = {};
  #sliceStart = performance.now();

  constructor(options: RiskPassOptions) {
    this.#o = options;
    this.#net = options.net;
    this.#atMs = options.atMs;
    const room = options.cuts.room;
    this.#room =
      room === undefined ? undefined : (locationId, day) => room.get(`${locationId}|${day}`) ?? 0;
    const left = options.cuts.pickupsLeft;
    this.#pickupsLeft =
      left === undefined
        ? undefined
        : (warehouseId, serviceId, day) => left.get(`${warehouseId}|${serviceId}|${day}`) ?? 0;
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

  /**
   * Assesses each group once for all its members (see RiskGroup). Returns the ids of the
   * members of groups whose confirms fall on two sides of an order-day or cut-off boundary:
   * those are to be read and assessed one by one.
   */
  async assessGroups(groups: readonly RiskGroup[]): Promise<string[]> {
    const batch = this.#o.writeBatch ?? 2_000;
    const sliceMs = this.#o.sliceMs;
    const split: string[] = [];
    for (let i = 0; i < groups.length; i++) {
      const g = groups[i]!;
      const c = g.candidate;
      const { key, risk } = this.#assessed(c);
      if (
        g.lastCreatedAtMs !== c.createdAtMs &&
        this.#assessed({ ...c, createdAtMs: g.lastCreatedAtMs }).key !== key
      ) {
        for (const id of JSON.parse(g.idsJson) as string[]) split.push(id);
        continue;
      }
      const stored = this.#outcome(c, key, risk, g.count);
      if (stored !== undefined) {
        this.#rows.push([stored.risk.status, stored.json, stored.risk.sinceMs, g.idsJson]);
        this.#rowPromises += g.count;
      }
      if (this.#updates.length + this.#rowPromises >= batch) await this.#flush();
      if (
        sliceMs !== undefined &&
        (i & 15) === 15 &&
        performance.now() - this.#sliceStart > sliceMs
      ) {
        await yieldToRequests();
        this.#sliceStart = performance.now();
      }
    }
    return split;
  }

  /** The promises a cut names (assessed one by one: a group's members share no cut). */
  cutPromises(): Set<string> {
    const ids = new Set<string>();
    const { short, capacity, pickup } = this.#o.cuts;
    for (const key of short.keys()) ids.add(key.slice(0, key.lastIndexOf("|")));
    for (const key of capacity) ids.add(key.slice(0, key.lastIndexOf("|")));
    for (const key of pickup) ids.add(key.slice(0, key.lastIndexOf("|")));
    return ids;
  }

  async done(): Promise<RiskPassResult> {
    await this.#flush();
    await this.#inFlight;
    return { promises: this.#promises, changed: this.#changed, byStatus: this.#byStatus };
  }

  /** Sends the batch to be written; one batch is written while the next is assessed. */
  async #flush(): Promise<void> {
    if (this.#updates.length === 0 && this.#rows.length === 0) return;
    const updates = this.#updates;
    const rows = this.#rows;
    this.#updates = [];
    this.#rows = [];
    this.#rowPromises = 0;
    await this.#inFlight;
    const events = this.#o.events;
    // Group rows come only from an engine that writes them (riskPages and applyRiskRows).
    const written =
      rows.length > 0 && events.applyRiskRows !== undefined
        ? events.applyRiskRows(rows.concat(riskWriteRows(updates)))
        : events.applyRisks(updates);
    this.#inFlight = written.then((n) => {
      this.#changed += n;
    });
    if (this.#o.sliceMs !== undefined) {
      await yieldToRequests();
      this.#sliceStart = performance.now();
    }
  }

  #one(c: RiskCandidate): void {
    const { key, risk } = this.#assessed(c);
    const stored = this.#outcome(c, key, risk, 1);
    if (stored !== undefined) {
      this.#updates.push({ promiseId: c.id, risk: stored.risk, json: stored.json });
    }
  }

  /**
   * Counts `count` promises of candidate `c` assessed `risk`, and returns what to store for them
   * (undefined: nothing to write, the stored risk is that one already).
   */
  #outcome(
    c: RiskCandidate,
    key: string,
    risk: Risk,
    count: number,
  ): { json: string; risk: StoredRisk } | undefined {
    this.#promises += count;
    this.#byStatus[risk.status] = (this.#byStatus[risk.status] ?? 0) + count;
    const previous = c.riskStatus as RiskStatus | null;
    // Never assessed reads as ON_TRACK: nothing to write (a fresh confirm costs no write).
    if (previous === null && risk.status === "ON_TRACK") return undefined;
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
    return stored.json === c.riskJson ? undefined : stored;
  }

  /** The candidate's inputs as a key, and its risk (assessed once per key). */
  #assessed(c: RiskCandidate): { key: string; risk: Risk } {
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
    // A pick-up is planned again at its store from its confirm instant (pickup-options compares
    // it with the store's last order and the lanes' cut-offs): both are part of its inputs.
    if (c.pickupStoreId !== undefined) {
      key += `|@${c.pickupStoreId}|${pickupOrderClass(net, c.pickupStoreId, c.createdAtMs)}`;
    }
    let risk = this.#risks.get(key);
    if (risk === undefined) {
      risk = assessRisk({
        net,
        zone,
        pickupStoreId: c.pickupStoreId,
        pickupRoom: this.#room,
        pickupsLeft: this.#pickupsLeft,
        atMs: this.#atMs,
        confirmedAtMs: c.createdAtMs,
        promisedEarliestDay: c.promisedEarliestDay,
        promisedLatestDay: c.promisedLatestDay,
        shipments,
        shipGraceMinutes: o.shipGraceMinutes,
      });
      this.#risks.set(key, risk);
    }
    return { key, risk };
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

/**
 * Whether a candidate has a shipment from a changed origin, or is a pick-up at a changed store
 * (`storeId|pickup`, see networkPathChanges), on or before its latest day.
 */
export function onChangedPath(c: RiskCandidate, origins: ReadonlyMap<string, Day>): boolean {
  if (c.pickupStoreId !== undefined) {
    const from = origins.get(pickupPathKey(c.pickupStoreId));
    if (from !== undefined && c.promisedLatestDay >= from) return true;
  }
  for (const l of c.legs) {
    const from = origins.get(`${l.warehouseId}|${l.serviceId}`);
    if (from !== undefined && c.promisedLatestDay >= from) return true;
  }
  return false;
}

/**
 * Reads the selected open promises page by page (promise_leg, never the payload) into `pass`:
 * grouped where the engine can (riskPages: each distinct group of promises with the same inputs
 * assessed once and written set-based), else one by one.
 */
export async function assessSelected(
  pass: RiskPass,
  events: PromiseEventStore,
  select: BulkSelection,
  pageSize: number,
  /** False: one by one even where the engine can group (the reference the groups must match). */
  grouped = true,
): Promise<void> {
  const wanted = (c: RiskCandidate) =>
    select.kind === "all" || (!select.skip.has(c.id) && onChangedPath(c, select.origins));
  if (grouped && events.riskPages !== undefined && events.applyRiskRows !== undefined) {
    // The promises a cut names, and those assessed already, are read one by one.
    const exclude = pass.cutPromises();
    if (select.kind === "origins") for (const id of select.skip) exclude.add(id);
    for await (const page of events.riskPages(pageSize, [...exclude])) {
      const groups =
        select.kind === "all"
          ? page.groups
          : page.groups.filter((g) => onChangedPath(g.candidate, select.origins));
      const ids = [...page.single, ...(await pass.assessGroups(groups))];
      for (let i = 0; i < ids.length; i += 500) {
        const candidates = await events.riskCandidates(ids.slice(i, i + 500));
        await pass.assess(select.kind === "all" ? candidates : candidates.filter(wanted));
      }
    }
    return;
  }
  for await (const page of events.allRiskCandidates(pageSize)) {
    await pass.assess(select.kind === "all" ? page : page.filter(wanted));
  }
}
