import { addDays, type Day, formatIsoDay } from "../engine/day.js";
import type { CapacityView } from "./capacity-view.js";
import { BACKLOG_LOOKBACK_DAYS } from "./warehouse-backlog.js";

/** One day of a warehouse's throughput report. */
export interface ThroughputDayReport {
  readonly date: string;
  /** Planned capacity; -1: no limit. */
  readonly capacity: number;
  /** What promises count on (planned dates exact, others times the factor); -1: no limit. */
  readonly effectiveCapacity: number;
  readonly booked: number;
  readonly backlogAhead: number;
  /** -1: no limit. */
  readonly remaining: number;
  readonly shipped: number;
  readonly shippedOn: number;
}

export interface WarehouseThroughputReport {
  readonly warehouseId: string;
  readonly tracked: boolean;
  readonly backlogOrders: number;
  readonly throughputFactor: number;
  readonly learnedDays: number;
  readonly firstOpenDate: string;
  readonly backlogShippedToday: number;
  readonly days: readonly ThroughputDayReport[];
  readonly history: readonly ThroughputDayReport[];
}

/**
 * A warehouse's backlog, learned throughput and capacity left over `days` days from its first
 * open day, and the rolling window the factor comes from (its working days, oldest first), as
 * the view has them at `nowMs`. Undefined for a warehouse the network does not know.
 */
export function throughputReport(
  view: CapacityView,
  warehouseId: string,
  nowMs: number,
  days: number,
): WarehouseThroughputReport | undefined {
  const net = view.network;
  const warehouse = net.warehouseById.get(warehouseId);
  if (warehouse === undefined) return undefined;
  view.setNow(nowMs);
  const p = view.backlogOf(warehouse.index)!;
  const first = net.horizon.firstDay;
  const w = warehouse.index;
  const dayReport = (day: Day): ThroughputDayReport => {
    const capacity = view.capacity(w, day);
    const { shipped, shippedOn } = view.shippedCounts(warehouseId, day);
    return {
      date: formatIsoDay(day),
      capacity,
      effectiveCapacity: view.effectiveCapacity(w, day),
      booked: view.load(w, day),
      backlogAhead: day < p.firstOpenDay ? 0 : view.backlog(w, day),
      remaining: capacity < 0 ? -1 : view.remaining(w, day),
      shipped,
      shippedOn,
    };
  };
  const ahead: ThroughputDayReport[] = [];
  for (let d = p.firstOpenDay; d < p.firstOpenDay + days && d - first < net.horizon.length; d++) {
    ahead.push(dayReport(d));
  }
  const history: ThroughputDayReport[] = [];
  for (
    let d = addDays(p.firstOpenDay, -1);
    d >= first &&
    history.length < view.settings.throughputWindowDays &&
    p.firstOpenDay - d <= BACKLOG_LOOKBACK_DAYS;
    d--
  ) {
    if (warehouse.working[d - first] === 1) history.push(dayReport(d));
  }
  history.reverse();
  return {
    warehouseId,
    tracked: p.tracked,
    backlogOrders: p.backlog,
    throughputFactor: p.factor,
    learnedDays: p.learnedDays,
    firstOpenDate: formatIsoDay(p.firstOpenDay),
    backlogShippedToday: p.aheadShipped,
    days: ahead,
    history,
  };
}
