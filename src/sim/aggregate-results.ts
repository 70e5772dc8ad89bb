import { addDays, type Day, formatIsoDay, isoDay, maxDay, minDay, NO_DAY } from "../engine/day.js";
import type { Bookings } from "./bookings.js";
import type { Outcome } from "./play-out.js";
import type { SimContext } from "./sim-context.js";
import type { DayResult, GroupSummary, RunSummary, SimulationRun, WorstDay } from "./sim-result.js";

/** Lead times are counted in a histogram of this many one-day bins (the last holds the rest). */
const LEAD_BINS = 128;
const WORST_DAYS = 10;

const round4 = (x: number): number => Math.round(x * 10_000) / 10_000;
const rate = (kept: number, broken: number): number | null =>
  kept + broken > 0 ? round4(kept / (kept + broken)) : null;
const formatCount = (n: number): string => n.toLocaleString("en-US");

function percentile(hist: Int32Array, offset: number, count: number, p: number): number | null {
  if (count === 0) return null;
  const need = Math.ceil(count * p);
  let seen = 0;
  for (let b = 0; b < LEAD_BINS; b++) {
    seen += hist[offset + b]!;
    if (seen >= need) return b;
  }
  return LEAD_BINS - 1;
}

/**
 * Turns a run's bookings and outcome into per-day rows (all, per warehouse, per service at a
 * warehouse; only groups that shipped anything) and a summary with the worst days and why.
 * Promises are counted on the day they were made; shipped and backlog on the day they happen.
 */
export function aggregateResults(
  ctx: SimContext,
  bookings: Bookings,
  outcome: Outcome,
  label: string,
  target: number,
): SimulationRun {
  const { net, first, length, startDay, days } = ctx;
  const { log } = bookings;
  const W = net.warehouses.length;
  const O = net.origins.length;
  const G = 1 + W + O;
  const orders = new Int32Array(days * G);
  const leadSum = new Float64Array(days * G);
  const leadHist = new Int32Array(days * G * LEAD_BINS);
  const kept = new Int32Array(days * G);
  const broken = new Int32Array(days * G);
  const shippedLate = new Int32Array(days * G);
  const inTransit = new Int32Array(days * G);
  const inSlowdown = new Int32Array(days * G);
  const pushed = new Int32Array(days * G);
  const usedWarehouse = new Uint8Array(W);
  const usedOrigin = new Uint8Array(O);
  let lastShip = NO_DAY;
  let lastDelivery = NO_DAY;
  let firstShip = NO_DAY;
  const groups = new Int32Array(3);

  for (let s = 0; s < log.count; s++) {
    const o = log.origin[s]!;
    const w = net.origins[o]!.warehouse.index;
    usedWarehouse[w] = 1;
    usedOrigin[o] = 1;
    const d = log.orderDay[s]!;
    const lead = Math.min(Math.max(log.lead[s]!, 0), LEAD_BINS - 1);
    const shipped = outcome.shippedDay[s]!;
    const delivered = outcome.deliveredDay[s]!;
    const ok = delivered >= 0 && delivered <= log.latestDay[s]!;
    if (shipped > lastShip) lastShip = shipped;
    if (shipped >= 0 && (firstShip < 0 || shipped < firstShip)) firstShip = shipped;
    if (delivered > lastDelivery) lastDelivery = delivered;
    groups[1] = 1 + w;
    groups[2] = 1 + W + o;
    for (let j = 0; j < 3; j++) {
      const k = d * G + groups[j]!;
      orders[k]!++;
      leadSum[k]! += log.lead[s]!;
      leadHist[k * LEAD_BINS + lead]!++;
      if (log.pushed[s] === 1) pushed[k]!++;
      if (ok) kept[k]!++;
      else {
        broken[k]!++;
        if (shipped < 0 || shipped > log.shipDay[s]!) shippedLate[k]!++;
        else {
          inTransit[k]!++;
          if (outcome.slowedDays[s]! > 0) inSlowdown[k]!++;
        }
      }
    }
  }

  const rowFirst = firstShip < 0 ? startDay : minDay(startDay, firstShip);
  const rowLast = maxDay(addDays(startDay, days - 1), lastShip);
  const rows: DayResult[] = [];
  const capacityOf = (w: number, i: number): number | null => {
    // A closed day (weekend, holiday) can take no booking, whatever the daily figure says.
    if (net.warehouses[w]!.working[i] !== 1) return 0;
    const c = ctx.capacity[w * length + i]!;
    return c < 0 ? null : c;
  };
  const throughputOf = (w: number, i: number): number | null => {
    if (net.warehouses[w]!.working[i] !== 1) return 0;
    const t = outcome.throughput[w * length + i]!;
    return t < 0 ? null : t;
  };
  const usedWarehouses = net.warehouses.filter((w) => usedWarehouse[w.index] === 1);
  for (let day = rowFirst; day <= rowLast; day++) {
    const i = day - first;
    const d = day - startDay;
    const inDays = d >= 0 && d < days;
    const row = (
      g: number,
      warehouseId: string,
      serviceId: string,
      extra: {
        shipped: number;
        backlog: number;
        booked: number;
        capacity: number | null;
        throughput: number | null;
        pickupLimit: number | null;
      },
    ): DayResult => {
      const k = d * G + g;
      const n = inDays ? orders[k]! : 0;
      return {
        date: formatIsoDay(day),
        warehouseId,
        serviceId,
        orders: g === 0 ? (inDays ? bookings.ordersPlaced[d]! : 0) : n,
        promisedLeadDaysMean: n > 0 ? round4(leadSum[k]! / n) : null,
        promisedLeadDaysP95: inDays ? percentile(leadHist, k * LEAD_BINS, n, 0.95) : null,
        shipped: extra.shipped,
        backlog: extra.backlog,
        kept: inDays ? kept[k]! : 0,
        broken: inDays ? broken[k]! : 0,
        onTimeRate: inDays ? rate(kept[k]!, broken[k]!) : null,
        unitsUnavailable: g === 0 && inDays ? bookings.unitsUnavailable[d]! : 0,
        booked: extra.booked,
        capacity: extra.capacity,
        throughput: extra.throughput,
        pickupLimit: extra.pickupLimit,
        pushedByCapacity: inDays ? pushed[k]! : 0,
        brokenShippedLate: inDays ? shippedLate[k]! : 0,
        brokenInTransit: inDays ? inTransit[k]! : 0,
        brokenInSlowdown: inDays ? inSlowdown[k]! : 0,
      };
    };
    let shippedAll = 0;
    let backlogAll = 0;
    let bookedAll = 0;
    let capacityAll: number | null = 0;
    let throughputAll: number | null = 0;
    const warehouseRows: DayResult[] = [];
    for (const warehouse of usedWarehouses) {
      const w = warehouse.index;
      const shipped = outcome.shipped[w * length + i]!;
      const backlog = outcome.backlog[w * length + i]!;
      const booked = bookings.booked[w * length + i]!;
      const capacity = capacityOf(w, i);
      const throughput = throughputOf(w, i);
      shippedAll += shipped;
      backlogAll += backlog;
      bookedAll += booked;
      capacityAll = capacityAll === null || capacity === null ? null : capacityAll + capacity;
      throughputAll =
        throughputAll === null || throughput === null ? null : throughputAll + throughput;
      warehouseRows.push(
        row(1 + w, warehouse.id, "", {
          shipped,
          backlog,
          booked,
          capacity,
          throughput,
          pickupLimit: null,
        }),
      );
      for (const origin of net.originsByWarehouse[w]!) {
        if (usedOrigin[origin.index] !== 1) continue;
        const o = origin.index;
        const service = origin.service;
        const limit = service.pickupDay[i] !== 1 ? 0 : service.pickupLimit[i]!;
        warehouseRows.push(
          row(1 + W + o, warehouse.id, origin.service.id, {
            shipped: outcome.originShipped[o * length + i]!,
            backlog: outcome.originBacklog[o * length + i]!,
            booked: 0,
            capacity: null,
            throughput: null,
            pickupLimit: limit < 0 ? null : limit,
          }),
        );
      }
    }
    rows.push(
      row(0, "", "", {
        shipped: shippedAll,
        backlog: backlogAll,
        booked: bookedAll,
        capacity: capacityAll,
        throughput: throughputAll,
        pickupLimit: null,
      }),
      ...warehouseRows,
    );
  }

  return {
    label,
    capacityAware: bookings.policy.capacityAware,
    summary: summarize(ctx, bookings, outcome, rows, target, {
      lastShip,
      lastDelivery,
      orders,
      kept,
      broken,
      leadHist,
      leadSum,
      G,
    }),
    days: rows,
  };
}

interface Totals {
  readonly lastShip: Day;
  readonly lastDelivery: Day;
  readonly orders: Int32Array;
  readonly kept: Int32Array;
  readonly broken: Int32Array;
  readonly leadHist: Int32Array;
  readonly leadSum: Float64Array;
  readonly G: number;
}

function summarize(
  ctx: SimContext,
  bookings: Bookings,
  outcome: Outcome,
  rows: readonly DayResult[],
  target: number,
  totals: Totals,
): RunSummary {
  const { net, days } = ctx;
  const all = rows.filter((r) => r.warehouseId === "");
  const sum = (pick: (r: DayResult) => number) => all.reduce((a, r) => a + pick(r), 0);
  const kept = sum((r) => r.kept);
  const broken = sum((r) => r.broken);
  const shipments = bookings.log.count;
  const hist = new Int32Array(LEAD_BINS);
  let leadSum = 0;
  for (let d = 0; d < days; d++) {
    leadSum += totals.leadSum[d * totals.G]!;
    for (let b = 0; b < LEAD_BINS; b++) hist[b]! += totals.leadHist[d * totals.G * LEAD_BINS + b]!;
  }

  const groupSummary = (id: string, groupRows: readonly DayResult[]): GroupSummary => {
    let k = 0;
    let x = 0;
    let n = 0;
    let lead = 0;
    let maxBacklog = 0;
    let maxBacklogDate: string | null = null;
    for (const r of groupRows) {
      k += r.kept;
      x += r.broken;
      n += r.orders;
      if (r.promisedLeadDaysMean !== null) lead += r.promisedLeadDaysMean * r.orders;
      if (r.backlog > maxBacklog) {
        maxBacklog = r.backlog;
        maxBacklogDate = r.date;
      }
    }
    return {
      id,
      shipments: n,
      kept: k,
      broken: x,
      onTimeRate: rate(k, x),
      promisedLeadDaysMean: n > 0 ? round4(lead / n) : null,
      maxBacklog,
      maxBacklogDate,
    };
  };
  const warehouses = net.warehouses
    .map((w) =>
      groupSummary(
        w.id,
        rows.filter((r) => r.warehouseId === w.id && r.serviceId === ""),
      ),
    )
    .filter((g) => g.shipments > 0);
  const services = net.services
    .map((s) =>
      groupSummary(
        s.id,
        rows.filter((r) => r.serviceId === s.id),
      ),
    )
    .filter((g) => g.shipments > 0);

  const orderDays = all.filter((r) => r.date >= formatIsoDay(ctx.startDay)).slice(0, days);
  const worst = orderDays
    .filter((r) => r.broken > 0)
    .sort((a, b) => (a.onTimeRate ?? 1) - (b.onTimeRate ?? 1) || b.broken - a.broken)
    .slice(0, WORST_DAYS);
  const lateByShipDay = lateShipDays(ctx, bookings, outcome, worst);
  const worstDays: WorstDay[] = worst.map((r) => ({
    date: r.date,
    orders: r.orders,
    kept: r.kept,
    broken: r.broken,
    onTimeRate: r.onTimeRate,
    reasons: reasonsOf(ctx, rows, r, lateByShipDay.get(r.date) ?? []),
  }));

  return {
    orders: sum((r) => r.orders),
    ordersUnavailable: bookings.ordersUnavailable.reduce((a, b) => a + b, 0),
    unitsOrdered: bookings.unitsOrdered.reduce((a, b) => a + b, 0),
    unitsUnavailable: bookings.unitsUnavailable.reduce((a, b) => a + b, 0),
    shipments,
    kept,
    broken,
    onTimeRate: rate(kept, broken),
    promisedLeadDaysMean: shipments > 0 ? round4(leadSum / shipments) : null,
    promisedLeadDaysP95: percentile(hist, 0, shipments, 0.95),
    pushedByCapacity: sum((r) => r.pushedByCapacity),
    brokenShippedLate: sum((r) => r.brokenShippedLate),
    brokenInTransit: sum((r) => r.brokenInTransit),
    brokenInSlowdown: sum((r) => r.brokenInSlowdown),
    daysBelowTarget: orderDays.filter((r) => r.onTimeRate !== null && r.onTimeRate < target).length,
    lastShipDate: totals.lastShip >= 0 ? formatIsoDay(totals.lastShip) : null,
    lastDeliveryDate: totals.lastDelivery >= 0 ? formatIsoDay(totals.lastDelivery) : null,
    warehouses,
    services,
    worstDays,
  };
}

interface LateGroup {
  readonly warehouseId: string;
  readonly shipDate: string;
  count: number;
}

/**
 * For each worst day of ordering: its promises that shipped late, grouped by warehouse and
 * promised ship date (the day whose backlog made them late), biggest group first.
 */
function lateShipDays(
  ctx: SimContext,
  bookings: Bookings,
  outcome: Outcome,
  worst: readonly DayResult[],
): Map<string, LateGroup[]> {
  const wanted = new Map<number, string>();
  for (const r of worst) wanted.set(isoDay(r.date) - ctx.startDay, r.date);
  const groups = new Map<string, Map<string, LateGroup>>();
  const { log } = bookings;
  for (let s = 0; s < log.count; s++) {
    const date = wanted.get(log.orderDay[s]!);
    if (date === undefined) continue;
    const delivered = outcome.deliveredDay[s]!;
    if (delivered >= 0 && delivered <= log.latestDay[s]!) continue;
    const shipped = outcome.shippedDay[s]!;
    if (shipped >= 0 && shipped <= log.shipDay[s]!) continue;
    const warehouseId = ctx.net.origins[log.origin[s]!]!.warehouse.id;
    const shipDate = formatIsoDay(log.shipDay[s]!);
    const key = `${warehouseId}|${shipDate}`;
    let byKey = groups.get(date);
    if (byKey === undefined) {
      byKey = new Map();
      groups.set(date, byKey);
    }
    const group = byKey.get(key);
    if (group === undefined) byKey.set(key, { warehouseId, shipDate, count: 1 });
    else group.count++;
  }
  const out = new Map<string, LateGroup[]>();
  for (const [date, byKey] of groups) {
    out.set(
      date,
      [...byKey.values()].sort(
        (a, b) =>
          b.count - a.count || (a.shipDate < b.shipDate ? -1 : a.shipDate > b.shipDate ? 1 : 0),
      ),
    );
  }
  return out;
}

/** Why a day's promises broke, biggest cause first, in words a planner can act on. */
function reasonsOf(
  ctx: SimContext,
  rows: readonly DayResult[],
  day: DayResult,
  late: readonly LateGroup[],
): string[] {
  const reasons: { count: number; text: string }[] = [];
  const sameDay = rows.filter((r) => r.date === day.date && r.warehouseId !== "");
  for (const group of late.slice(0, 3)) {
    const at = rows.find(
      (r) => r.date === group.shipDate && r.warehouseId === group.warehouseId && r.serviceId === "",
    );
    const dayBefore = formatIsoDay(addDays(isoDay(group.shipDate), -1));
    const before = rows.find(
      (r) => r.date === dayBefore && r.warehouseId === group.warehouseId && r.serviceId === "",
    );
    const tp = at === undefined || at.throughput === null ? "no limit" : formatCount(at.throughput);
    reasons.push({
      count: group.count,
      text: `${formatCount(group.count)} promised to ship from ${group.warehouseId} on ${group.shipDate} left later: ${formatCount(before?.backlog ?? 0)} parcels were still waiting from earlier days, ${formatCount(at?.booked ?? 0)} were booked for that day against a real throughput of ${tp}`,
    });
  }
  const byService = new Map<string, { transit: number; slowdown: number }>();
  for (const r of sameDay) {
    if (r.serviceId === "" || r.brokenInTransit === 0) continue;
    const entry = byService.get(r.serviceId) ?? { transit: 0, slowdown: 0 };
    entry.transit += r.brokenInTransit;
    entry.slowdown += r.brokenInSlowdown;
    byService.set(r.serviceId, entry);
  }
  for (const [serviceId, entry] of byService) {
    const service = ctx.net.serviceById.get(serviceId)!;
    const slowText =
      entry.slowdown > 0 ? `, ${formatCount(entry.slowdown)} of them in a carrier slowdown` : "";
    reasons.push({
      count: entry.transit,
      text: `${formatCount(entry.transit)} shipped on time but slower in transit than promised with ${service.name}${slowText}`,
    });
  }
  if (day.unitsUnavailable > 0) {
    reasons.push({
      count: 0,
      text: `${formatCount(day.unitsUnavailable)} units could not be promised at all (out of stock)`,
    });
  }
  if (day.pushedByCapacity > 0) {
    reasons.push({
      count: 0,
      text: `${formatCount(day.pushedByCapacity)} promises moved past full ship dates (capacity-aware)`,
    });
  }
  return reasons.sort((a, b) => b.count - a.count).map((r) => r.text);
}
