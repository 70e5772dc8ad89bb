import { DateTime } from "luxon";
import { MAX_SKU_LENGTH } from "../domain/sku.js";
import type { CompiledNetwork } from "../engine/compiled-network.js";
import { type Day, maxDay, minDay, parseIsoDay } from "../engine/day.js";
import { resolveDestination } from "../engine/resolve-destination.js";
import { parseCsv } from "./csv-rows.js";
import { HistoryError, OrderHistory, type OrderHistoryOptions } from "./order-history.js";

export { HistoryError };

export type OrdersHistoryOptions = OrderHistoryOptions;

const ORDER_COLUMNS = ["order_id", "ordered_at", "sku", "quantity", "country", "postal_code"];

/**
 * The demand and mix of a scenario from a CSV of past orders (one row per order line: order_id,
 * ordered_at as an ISO 8601 instant with its offset, sku, quantity, country, postal_code, and an
 * optional province), counted by OrderHistory. Rows outside the days read are skipped unchecked.
 */
export function demandAndMixFromOrders(
  text: string,
  options: OrdersHistoryOptions,
): { demand: Record<string, unknown>; mix: Record<string, unknown> } {
  const parsed = parseCsv(text, ORDER_COLUMNS);
  const { source } = options;
  if ("error" in parsed) throw new HistoryError(`${source}:${parsed.line}: ${parsed.error}`);
  const history = new OrderHistory(options);
  for (const row of parsed.rows) {
    const at = DateTime.fromISO(row.get("ordered_at"), { setZone: true });
    if (!at.isValid || !/[zZ]|[+-]\d\d:?\d\d$/.test(row.get("ordered_at"))) {
      throw new HistoryError(
        `${source}:${row.line}: ordered_at: expected an ISO 8601 instant with its offset, such as 2025-11-11T00:05:00+07:00`,
      );
    }
    const local = at.setZone(options.timeZone);
    const day = parseIsoDay(local.toISODate()!)! - options.fromDay;
    if (day < 0 || day >= options.days) continue;
    const quantity = Number(row.get("quantity"));
    if (!Number.isInteger(quantity) || quantity < 1 || quantity > 1000) {
      throw new HistoryError(
        `${source}:${row.line}: quantity: expected a whole number from 1 to 1000`,
      );
    }
    const sku = row.get("sku");
    if (sku === "" || sku.length > MAX_SKU_LENGTH) {
      throw new HistoryError(
        `${source}:${row.line}: sku: expected 1 to ${MAX_SKU_LENGTH} characters`,
      );
    }
    const country = row.get("country").toUpperCase();
    if (!/^[A-Z]{2}$/.test(country)) {
      throw new HistoryError(`${source}:${row.line}: country: expected an ISO 3166-1 alpha-2 code`);
    }
    const id = row.get("order_id");
    if (id === "") throw new HistoryError(`${source}:${row.line}: order_id: required`);
    const province = row.get("province");
    history.add({
      orderId: id,
      atMs: at.toMillis(),
      sku,
      quantity,
      country,
      postalCode: row.get("postal_code"),
      province: province === "" ? undefined : province,
    });
  }
  return history.build();
}

const SHIPMENT_COLUMNS = [
  "service",
  "warehouse",
  "country",
  "postal_code",
  "shipped_on",
  "delivered_on",
];

/**
 * Per service, the distribution of extra delivery days over the lane's minimum (plus the zone's
 * extra days), from a CSV of past shipments (service, warehouse, country, postal_code, optional
 * province, shipped_on and delivered_on as dates): the transit of each counted in the service's
 * delivery days of its own calendar (`compileFor` compiles the network around the file's dates),
 * a delivery faster than the minimum counting as 0. The shape of actual.transit.services.
 */
export function transitFromShipments(
  text: string,
  source: string,
  compileFor: (firstDay: Day, lastDay: Day) => CompiledNetwork,
): Record<string, Record<string, number>> {
  const parsed = parseCsv(text, SHIPMENT_COLUMNS);
  if ("error" in parsed) throw new HistoryError(`${source}:${parsed.line}: ${parsed.error}`);
  const dates = parsed.rows.map((row) => {
    const shipped = parseIsoDay(row.get("shipped_on"));
    const delivered = parseIsoDay(row.get("delivered_on"));
    if (shipped === undefined || delivered === undefined) {
      throw new HistoryError(
        `${source}:${row.line}: shipped_on and delivered_on: expected dates YYYY-MM-DD`,
      );
    }
    if (delivered < shipped) {
      throw new HistoryError(`${source}:${row.line}: delivered_on is before shipped_on`);
    }
    return { shipped, delivered };
  });
  if (dates.length === 0) throw new HistoryError(`${source}: no shipment rows`);
  const first = dates.map((d) => d.shipped).reduce(minDay);
  const last = dates.map((d) => d.delivered).reduce(maxDay);
  const net = compileFor(first, last);
  const counts = new Map<string, number[]>();
  parsed.rows.forEach((row, k) => {
    const { shipped, delivered } = dates[k]!;
    const service = net.serviceById.get(row.get("service"));
    if (service === undefined) {
      throw new HistoryError(
        `${source}:${row.line}: service: unknown service "${row.get("service")}"`,
      );
    }
    const origin = net.origins.find(
      (o) => o.service === service && o.warehouse.id === row.get("warehouse"),
    );
    if (origin === undefined) {
      throw new HistoryError(
        `${source}:${row.line}: warehouse: ${service.id} does not ship from "${row.get("warehouse")}"`,
      );
    }
    let zone: ReturnType<typeof resolveDestination>;
    try {
      zone = resolveDestination(net, {
        countryCode: row.get("country").toUpperCase(),
        postalCode: row.get("postal_code"),
        province: row.get("province") === "" ? undefined : row.get("province"),
      });
    } catch (error) {
      throw new HistoryError(`${source}:${row.line}: ${(error as Error).message}`);
    }
    const lane = origin.lanes[zone.index];
    if (lane === undefined) {
      throw new HistoryError(
        `${source}:${row.line}: ${service.id} has no lane from ${origin.warehouse.id} to that destination`,
      );
    }
    const rank = (day: number) => service.deliveryRank[day - net.horizon.firstDay]!;
    const days = rank(delivered) - rank(shipped);
    const extra = Math.min(30, Math.max(0, days - lane.min - zone.extraTransitDays));
    const list = counts.get(service.id) ?? [];
    list[extra] = (list[extra] ?? 0) + 1;
    counts.set(service.id, list);
  });
  const out: Record<string, Record<string, number>> = {};
  for (const [id, list] of counts) {
    const total = list.reduce((a, b) => a + (b ?? 0), 0);
    const dist: Record<string, number> = {};
    list.forEach((n, extra) => {
      if (n !== undefined && n > 0) dist[String(extra)] = n / total;
    });
    out[id] = dist;
  }
  return out;
}
