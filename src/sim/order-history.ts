import { DateTime } from "luxon";
import { addDays, type Day, formatIsoDay, parseIsoDay } from "../engine/day.js";

/** A problem in history: the message starts with where it was found (`file:line`, a promise). */
export class HistoryError extends Error {}

export interface OrderHistoryOptions {
  /** Where the orders come from, in messages ("past-orders.csv", "the store"). */
  readonly source: string;
  /** The history day that maps to the scenario's first day. */
  readonly fromDay: Day;
  readonly startDay: Day;
  readonly days: number;
  /** Orders are scaled by it (1.2: 20% more than the history). */
  readonly growth: number;
  /** The zone whose local dates and hours count the orders. */
  readonly timeZone: string;
}

/** One order line of the history. */
export interface HistoryLine {
  readonly orderId: string;
  /** The instant the order was placed (UTC ms). */
  readonly atMs: number;
  readonly sku: string;
  readonly quantity: number;
  readonly country: string;
  readonly postalCode: string;
  readonly province?: string | undefined;
}

/**
 * Demand and mix of a scenario from past orders, fed line by line (a CSV of past orders, or the
 * promises recorded in the store): orders placed on the `days` local days from `fromDay` give,
 * shifted to the scenario's days, orders per day (x growth, rounded), each day's hourly profile
 * (a multiplier of factor 1 per day, so a sale that opened at midnight keeps its spike), and the
 * SKU, quantity, lines-per-order and destination mixes as weights (counts). `build` returns raw
 * scenario sections (validated by the scenario schema like written ones).
 */
export class OrderHistory {
  readonly #options: OrderHistoryOptions;
  readonly #perDay: Float64Array;
  readonly #perHour: Float64Array;
  readonly #skus = new Map<string, number>();
  readonly #quantities = new Map<number, number>();
  readonly #destinations = new Map<
    string,
    { country: string; postal_code: string; province?: string; n: number }
  >();
  readonly #orders = new Map<string, { lines: number }>();

  constructor(options: OrderHistoryOptions) {
    this.#options = options;
    this.#perDay = new Float64Array(options.days);
    this.#perHour = new Float64Array(options.days * 24);
  }

  /** Counts one order line; false when it lies outside the days read. */
  add(line: HistoryLine): boolean {
    const local = DateTime.fromMillis(line.atMs, { zone: this.#options.timeZone });
    const day = parseIsoDay(local.toISODate()!)! - this.#options.fromDay;
    if (day < 0 || day >= this.#options.days) return false;
    this.#skus.set(line.sku, (this.#skus.get(line.sku) ?? 0) + 1);
    this.#quantities.set(line.quantity, (this.#quantities.get(line.quantity) ?? 0) + 1);
    const order = this.#orders.get(line.orderId);
    if (order !== undefined) {
      order.lines++;
      return true;
    }
    this.#orders.set(line.orderId, { lines: 1 });
    this.#perDay[day]!++;
    this.#perHour[day * 24 + local.hour]!++;
    const province = line.province ?? "";
    const key = `${line.country}\u0000${line.postalCode}\u0000${province}`;
    const dest = this.#destinations.get(key);
    if (dest !== undefined) dest.n++;
    else {
      this.#destinations.set(key, {
        country: line.country,
        postal_code: line.postalCode,
        ...(province === "" ? {} : { province }),
        n: 1,
      });
    }
    return true;
  }

  /** Orders counted so far. */
  get orders(): number {
    return this.#orders.size;
  }

  build(): { demand: Record<string, unknown>; mix: Record<string, unknown> } {
    const { fromDay, days, startDay, growth, timeZone, source } = this.#options;
    if (this.#orders.size === 0) {
      throw new HistoryError(
        `${source}: no order in the ${days} days from ${formatIsoDay(fromDay)} (local dates in ${timeZone})`,
      );
    }
    const linesPerOrder = new Map<number, number>();
    for (const o of this.#orders.values()) {
      const lines = Math.min(o.lines, 20);
      linesPerOrder.set(lines, (linesPerOrder.get(lines) ?? 0) + 1);
    }
    const ordersPerDay: Record<string, number> = {};
    const multipliers: Record<string, unknown>[] = [];
    for (let d = 0; d < days; d++) {
      if (this.#perDay[d] === 0) continue;
      const date = formatIsoDay(addDays(startDay, d));
      ordersPerDay[date] = Math.round(this.#perDay[d]! * growth);
      multipliers.push({
        name: `history ${formatIsoDay(addDays(fromDay, d))}`,
        date,
        factor: 1,
        hourly_profile: Array.from(this.#perHour.subarray(d * 24, d * 24 + 24)),
      });
    }
    const sorted = <K>(m: Map<K, number>) => [...m.entries()].sort((a, b) => b[1] - a[1]);
    return {
      demand: { time_zone: timeZone, orders_per_day: ordersPerDay, multipliers },
      mix: {
        skus: sorted(this.#skus).map(([sku, weight]) => ({ sku, weight })),
        quantities: [...this.#quantities.entries()]
          .sort((a, b) => a[0] - b[0])
          .map(([quantity, weight]) => ({ quantity, weight })),
        lines: [...linesPerOrder.entries()]
          .sort((a, b) => a[0] - b[0])
          .map(([count, weight]) => ({ count, weight })),
        destinations: [...this.#destinations.values()]
          .sort((a, b) => b.n - a.n)
          .map(({ n, ...d }) => ({ ...d, weight: n })),
      },
    };
  }
}
