import type { PromisePayload } from "../checkout/promise-payload.js";
import { addDays, type Day, formatIsoDay } from "../engine/day.js";
import { TransitLearner } from "../learning/transit-learner.js";
import { compileNetwork } from "../network/compile-network.js";
import type { NetworkFile } from "../network/network-schema.js";
import type { Store } from "../store/store.js";
import { OrderHistory } from "./order-history.js";
import type { LaneTransitSpec } from "./scenario-schema.js";

/** What a scenario asks of the store's history (see storeHistoryNeeds in parse-scenario). */
export interface StoreHistoryNeeds {
  readonly ordersFromStore: boolean;
  readonly transitFromStore: boolean;
  /** The history day played on the scenario's first day. */
  readonly fromDay: Day;
  readonly startDay: Day;
  readonly days: number;
  readonly growth: number;
  readonly timeZone: string;
  readonly network: NetworkFile;
  /** Delivered dates read for transit (inclusive). */
  readonly outcomesFrom: Day;
  readonly outcomesTo: Day;
}

/**
 * What the store's history gives a scenario: raw `demand` and `mix` sections (as a CSV of past
 * orders would) and per-lane transit. Plain data, so it crosses to worker threads as it is.
 */
export interface StoreHistory {
  readonly demand?: Record<string, unknown> | undefined;
  readonly mix?: Record<string, unknown> | undefined;
  /** Promises counted into the demand. */
  readonly promises?: number | undefined;
  readonly lanes?: readonly LaneTransitSpec[] | undefined;
  /** Deliveries read for the lanes, and how many of them were counted into a lane. */
  readonly deliveries?: number | undefined;
  readonly deliveriesUsed?: number | undefined;
}

/** The store operations the history needs. */
export type HistoryStore = Pick<Store, "loadPromises" | "loadDeliveries">;

/** A problem in the store's history (no promise in the days read). */
export class StoreHistoryError extends Error {
  constructor(
    message: string,
    readonly field: "orders_from_store" | "transit_from_store",
  ) {
    super(message);
  }
}

const DAY_MS = 86_400_000;

/**
 * Reads the store's history a scenario asks for, page by page (nothing is held but the counts):
 * - demand and mix from the promises created on the `days` local days from `fromDay` (any status
 *   but cancelled): each promise is an order, each payload line an order line, its destination
 *   the order's (counted by OrderHistory exactly as a CSV of past orders);
 * - per lane, the transit learned from deliveries delivered in [outcomesFrom, outcomesTo], with
 *   the service's own learner (peak and normal apart); only lanes with at least
 *   `learning.min_samples` deliveries are returned.
 */
export async function readStoreHistory(
  store: HistoryStore,
  needs: StoreHistoryNeeds,
): Promise<StoreHistory> {
  let orders: Pick<StoreHistory, "demand" | "mix" | "promises"> = {};
  if (needs.ordersFromStore) {
    const history = new OrderHistory({
      source: "the store",
      fromDay: needs.fromDay,
      startDay: needs.startDay,
      days: needs.days,
      growth: needs.growth,
      timeZone: needs.timeZone,
    });
    // Local days lie within a day of UTC ones; OrderHistory keeps those inside the days read.
    const fromMs = (needs.fromDay - 1) * DAY_MS;
    const toMs = (needs.fromDay + needs.days + 1) * DAY_MS;
    for await (const page of store.loadPromises(fromMs, toMs)) {
      for (const p of page) {
        const payload = p.payload as Partial<PromisePayload> | null;
        if (payload === null || typeof payload !== "object" || !Array.isArray(payload.lines))
          continue;
        const destination = payload.destination;
        if (destination === undefined) continue;
        for (const line of payload.lines) {
          history.add({
            orderId: p.id,
            atMs: p.createdAtMs,
            sku: line.sku,
            quantity: line.quantity,
            country: destination.countryCode,
            postalCode: destination.postalCode,
            province: destination.province === "" ? undefined : destination.province,
          });
        }
      }
    }
    if (history.orders === 0) {
      throw new StoreHistoryError(
        `no promise in the store was made in the ${needs.days} days from ${formatIsoDay(needs.fromDay)} (local dates in ${needs.timeZone})`,
        "orders_from_store",
      );
    }
    orders = { ...history.build(), promises: history.orders };
  }
  if (!needs.transitFromStore) return orders;

  // Compiled around the deliveries (and the ship dates up to 40 days before them).
  const { outcomesFrom, outcomesTo } = needs;
  const net = compileNetwork(
    {
      ...needs.network,
      horizon: { days_before: 2, days_after: outcomesTo - outcomesFrom + 42 },
    },
    { todayDay: addDays(outcomesFrom, -40) },
  );
  const learner = new TransitLearner(net, needs.network.learning);
  for await (const page of store.loadDeliveries(outcomesFrom, outcomesTo)) {
    for (const d of page) learner.add(d);
  }
  const { learned, stats } = learner.build(1);
  const lanes: LaneTransitSpec[] = [];
  learned.lanes.forEach((row, originIndex) => {
    const origin = net.origins[originIndex]!;
    row?.forEach((lane, k) => {
      if (lane === undefined || !lane.learned) return;
      const days: Record<string, number> = {};
      let previous = 0;
      lane.cdf.forEach((c, transit) => {
        if (c > previous) days[String(Math.min(transit, 60))] = c - previous;
        previous = c;
      });
      lanes.push({
        service: origin.service.id,
        warehouse: origin.warehouse.id,
        zone: net.zones[Math.floor(k / 2)]!.id,
        peak: k % 2 === 1,
        days,
        samples: lane.samples,
      });
    });
  });
  return { ...orders, lanes, deliveries: stats.deliveries, deliveriesUsed: stats.used };
}
