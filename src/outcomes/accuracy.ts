import { DomainError } from "../domain/domain-error.js";
import type { CompiledNetwork } from "../engine/compiled-network.js";
import { addDays, type Day, formatIsoDay, weekdayOf } from "../engine/day.js";
import { resolveDestination } from "../engine/resolve-destination.js";
import type {
  ImportedOutcomeGroup,
  ShipmentOutcomeGroup,
  ShippedRecord,
  UntrackedShipment,
} from "../store/store.js";
import { deliveryOutcome } from "./delivery-outcome.js";

export const ACCURACY_GROUPINGS = ["warehouse", "service", "zone", "ship_week"] as const;
export type AccuracyGrouping = (typeof ACCURACY_GROUPINGS)[number];

/** One reliability-diagram bin: parcels whose predicted on-time probability fell in it. */
export interface CalibrationBin {
  /** Lower edge: 0, 0.1, ... 0.9 (the last bin includes 1). */
  readonly from: number;
  readonly count: number;
  readonly meanPredicted: number;
  /** The share of them that arrived by the promised latest date. */
  readonly observed: number;
}

export interface AccuracyGroup {
  /** The group's value of each grouping asked for (warehouse id, service id, zone id, Monday). */
  readonly key: Readonly<Partial<Record<AccuracyGrouping, string>>>;
  /**
   * Confirmed promises (not cancelled; imports: one each) with a shipment in the group, tracked
   * or not: a promise whose shipments have no tracking event yet counts here by its promised
   * ship date, and not under `shipped`.
   */
  readonly promises: number;
  readonly shipped: number;
  readonly delivered: number;
  /** Delivered with a promised window to judge them by. */
  readonly judged: number;
  readonly early: number;
  readonly onTime: number;
  readonly late: number;
  /** lateByDays[n] = parcels late by n days (index 0 unused). */
  readonly lateByDays: readonly number[];
  /** Judged parcels that were not late (early or on time) / judged; 0 when none was judged. */
  readonly onTimeRate: number;
  /** Judged parcels promised with an on-time probability: mean prediction and observed rate. */
  readonly predicted: number;
  readonly meanPredicted: number;
  readonly observedRate: number;
}

export interface AccuracyReport {
  readonly groups: readonly AccuracyGroup[];
  readonly total: AccuracyGroup;
  /** Ten bins of width 0.1 over every judged parcel that carried a probability. */
  readonly calibration: readonly CalibrationBin[];
  /** mean((p - outcome)^2) over those parcels; 0 when none. */
  readonly brierScore: number;
  /** Weighted mean |predicted - observed| over the bins; 0 when none. */
  readonly expectedCalibrationError: number;
}

class Tally {
  /** Promises of several shipments (one may fall in several groups): counted by id. */
  readonly promiseIds = new Set<string>();
  /** Imports and one-shipment promises: each is its only shipment, so counted by number. */
  imports = 0;
  shipped = 0;
  delivered = 0;
  judged = 0;
  early = 0;
  onTime = 0;
  late = 0;
  lateByDays: number[] = [0];
  predicted = 0;
  predictedSum = 0;
  predictedHeld = 0;

  constructor(readonly key: Partial<Record<AccuracyGrouping, string>>) {}

  result(): AccuracyGroup {
    return {
      key: this.key,
      promises: this.promiseIds.size + this.imports,
      shipped: this.shipped,
      delivered: this.delivered,
      judged: this.judged,
      early: this.early,
      onTime: this.onTime,
      late: this.late,
      lateByDays: this.lateByDays,
      onTimeRate: this.judged === 0 ? 0 : (this.early + this.onTime) / this.judged,
      predicted: this.predicted,
      meanPredicted: this.predicted === 0 ? 0 : this.predictedSum / this.predicted,
      observedRate: this.predicted === 0 ? 0 : this.predictedHeld / this.predicted,
    };
  }
}

/**
 * Promise accuracy over shipments: each delivered shipment is judged against the window
 * confirmed at checkout (imports against their promised latest date, when given): early (before
 * the earliest date), on time, or late by N calendar days. Grouped by any combination of
 * warehouse, service, destination zone and ship week (ISO week, named by its Monday). Pure:
 * `add` every shipment, then `report`.
 */
export class AccuracyAggregator {
  readonly #net: CompiledNetwork;
  readonly #grouping: readonly AccuracyGrouping[];
  readonly #groups = new Map<string, Tally>();
  readonly #total = new Tally({});
  readonly #zones = new Map<string, string>();
  readonly #weeks = new Map<Day, string>();
  readonly #bins = Array.from({ length: 10 }, () => ({ count: 0, predicted: 0, held: 0 }));
  #brier = 0;

  constructor(net: CompiledNetwork, grouping: readonly AccuracyGrouping[]) {
    this.#net = net;
    this.#grouping = ACCURACY_GROUPINGS.filter((g) => grouping.includes(g));
  }

  add(r: ShippedRecord): void {
    this.#add(r, 1);
  }

  /**
   * `g.count` identical tracked shipments of promises (see Store.loadShipmentOutcomes): the same
   * as `add` of each (a null promise id: shipments of one-shipment promises, one promise each).
   */
  addShipments(g: ShipmentOutcomeGroup): void {
    this.#add(
      {
        source: "promise",
        promiseId: g.promiseId,
        warehouseId: g.warehouseId,
        serviceId: g.serviceId,
        countryCode: g.countryCode,
        postalCode: g.postalCode,
        shipDay: g.shipDay,
        deliveredDay: g.deliveredDay,
        promisedEarliestDay: g.promisedEarliestDay,
        promisedLatestDay: g.promisedLatestDay,
        onTimeProbability: g.onTimeProbability,
      },
      g.count,
    );
  }

  #add(r: ShippedRecord, n: number): void {
    const tally = this.#tally(r);
    this.#count(tally, r, n);
    this.#count(this.#total, r, n);
    if (r.deliveredDay !== null && r.promisedLatestDay !== null && r.onTimeProbability !== null) {
      const p = r.onTimeProbability;
      const held = r.deliveredDay <= r.promisedLatestDay ? 1 : 0;
      const bin = this.#bins[Math.min(9, Math.floor(p * 10))]!;
      bin.count += n;
      bin.held += held * n;
      // Sums of probabilities one parcel at a time, as `add` of each would.
      for (let i = 0; i < n; i++) {
        bin.predicted += p;
        this.#brier += (p - held) ** 2;
      }
    }
  }

  /** `count` identical imported parcels (no promise, no probability) at once. */
  addImported(g: ImportedOutcomeGroup): void {
    const r: ShippedRecord = {
      source: "import",
      promiseId: null,
      warehouseId: g.warehouseId,
      serviceId: g.serviceId,
      countryCode: g.countryCode,
      postalCode: g.postalCode,
      shipDay: g.shipDay,
      deliveredDay: g.deliveredDay,
      promisedEarliestDay: null,
      promisedLatestDay: g.promisedLatestDay,
      onTimeProbability: null,
    };
    this.#count(this.#tally(r), r, g.count);
    this.#count(this.#total, r, g.count);
  }

  /** A confirmed promise's shipment with no tracking event yet: counted under `promises` only. */
  addUntracked(r: UntrackedShipment): void {
    this.#tally(r).promiseIds.add(r.promiseId);
    this.#total.promiseIds.add(r.promiseId);
  }

  #tally(r: GroupedFields): Tally {
    // The group's id first (no object per record); its key object only for a new group.
    let id = "";
    for (const g of this.#grouping) id += `${this.#part(g, r)}\u0000`;
    let tally = this.#groups.get(id);
    if (tally === undefined) {
      const key: Partial<Record<AccuracyGrouping, string>> = {};
      for (const g of this.#grouping) key[g] = this.#part(g, r);
      tally = new Tally(key);
      this.#groups.set(id, tally);
    }
    return tally;
  }

  report(): AccuracyReport {
    const groups = [...this.#groups.values()].map((t) => t.result());
    groups.sort((a, b) => {
      for (const g of this.#grouping) {
        const x = a.key[g] ?? "";
        const y = b.key[g] ?? "";
        if (x !== y) return x < y ? -1 : 1;
      }
      return 0;
    });
    let n = 0;
    let gap = 0;
    const calibration = this.#bins.map((b, i) => {
      n += b.count;
      const meanPredicted = b.count === 0 ? 0 : b.predicted / b.count;
      const observed = b.count === 0 ? 0 : b.held / b.count;
      gap += b.count * Math.abs(meanPredicted - observed);
      return { from: i / 10, count: b.count, meanPredicted, observed };
    });
    return {
      groups,
      total: this.#total.result(),
      calibration,
      brierScore: n === 0 ? 0 : this.#brier / n,
      expectedCalibrationError: n === 0 ? 0 : gap / n,
    };
  }

  /**
   * Counts `n` identical shipments: imports, or shipments of one-shipment promises (promise id
   * null), or one shipment of a promise with several (its id).
   */
  #count(t: Tally, r: ShippedRecord, n: number): void {
    if (r.promiseId === null) t.imports += n;
    else t.promiseIds.add(r.promiseId);
    t.shipped += n;
    if (r.deliveredDay === null) return;
    t.delivered += n;
    if (r.promisedLatestDay === null) return;
    t.judged += n;
    const { outcome, lateDays } = deliveryOutcome(
      r.deliveredDay,
      r.promisedEarliestDay,
      r.promisedLatestDay,
    );
    if (outcome === "early") t.early += n;
    else if (outcome === "on_time") t.onTime += n;
    else {
      t.late += n;
      while (t.lateByDays.length <= lateDays) t.lateByDays.push(0);
      t.lateByDays[lateDays]! += n;
    }
    if (r.onTimeProbability !== null) {
      t.predicted += n;
      for (let i = 0; i < n; i++) t.predictedSum += r.onTimeProbability;
      if (outcome !== "late") t.predictedHeld += n;
    }
  }

  #part(g: AccuracyGrouping, r: GroupedFields): string {
    if (g === "warehouse") return r.warehouseId;
    if (g === "service") return r.serviceId;
    if (g === "zone") return this.#zone(r.countryCode, r.postalCode);
    return this.#week(r.shipDay);
  }

  #week(day: Day): string {
    let week = this.#weeks.get(day);
    if (week === undefined) {
      week = formatIsoDay(mondayOf(day));
      this.#weeks.set(day, week);
    }
    return week;
  }

  #zone(countryCode: string, postalCode: string): string {
    const k = `${countryCode}\u0000${postalCode}`;
    let zone = this.#zones.get(k);
    if (zone === undefined) {
      try {
        zone = resolveDestination(this.#net, { countryCode, postalCode }).id;
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        zone = "unknown";
      }
      this.#zones.set(k, zone);
    }
    return zone;
  }
}

/** The Monday of a day's ISO week. */
export function mondayOf(day: Day): Day {
  return addDays(day, 1 - weekdayOf(day));
}

/**
 * Reads promises' tracked shipments counted in groups from `pages` (Store.loadShipmentOutcomes),
 * the confirmed promises' untracked shipments from `untracked`, and imported history counted in
 * groups from `imported` into a report, yielding to the event loop between pages.
 */
export async function accuracyReport(
  net: CompiledNetwork,
  pages: AsyncIterable<readonly ShipmentOutcomeGroup[]>,
  grouping: readonly AccuracyGrouping[],
  untracked?: AsyncIterable<readonly UntrackedShipment[]>,
  imported?: AsyncIterable<readonly ImportedOutcomeGroup[]>,
): Promise<AccuracyReport> {
  const aggregator = new AccuracyAggregator(net, grouping);
  for await (const page of pages) {
    for (const g of page) aggregator.addShipments(g);
    // SQLite pages are read synchronously: let other calls run between pages.
    await new Promise((resolve) => setImmediate(resolve));
  }
  if (imported !== undefined) {
    for await (const page of imported) {
      for (const g of page) aggregator.addImported(g);
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  if (untracked !== undefined) {
    for await (const page of untracked) {
      for (const r of page) aggregator.addUntracked(r);
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  return aggregator.report();
}

/** What grouping reads of a shipment. */
type GroupedFields = Pick<
  ShippedRecord,
  "warehouseId" | "serviceId" | "countryCode" | "postalCode" | "shipDay"
>;
