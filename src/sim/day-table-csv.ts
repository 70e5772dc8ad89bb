import type { DayResult, SimulationReport } from "./sim-result.js";

const COLUMNS: readonly [string, (row: DayResult) => string | number | null][] = [
  ["date", (r) => r.date],
  ["warehouse_id", (r) => r.warehouseId],
  ["service_id", (r) => r.serviceId],
  ["orders", (r) => r.orders],
  ["promised_lead_days_mean", (r) => r.promisedLeadDaysMean],
  ["promised_lead_days_p95", (r) => r.promisedLeadDaysP95],
  ["booked", (r) => r.booked],
  ["capacity", (r) => r.capacity],
  ["throughput", (r) => r.throughput],
  ["pickup_limit", (r) => r.pickupLimit],
  ["shipped", (r) => r.shipped],
  ["backlog", (r) => r.backlog],
  ["kept", (r) => r.kept],
  ["broken", (r) => r.broken],
  ["on_time_rate", (r) => r.onTimeRate],
  ["pushed_by_capacity", (r) => r.pushedByCapacity],
  ["broken_shipped_late", (r) => r.brokenShippedLate],
  ["broken_in_transit", (r) => r.brokenInTransit],
  ["broken_in_slowdown", (r) => r.brokenInSlowdown],
  ["units_unavailable", (r) => r.unitsUnavailable],
];

/** A CSV field: quoted when it holds a comma, a quote or a line break (RFC 4180). */
function field(value: string | number | null): string {
  if (value === null) return "";
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * The per-day table of every run as CSV (RFC 4180, CRLF line ends, a header row): one row per
 * run, day and group (all: warehouse_id and service_id empty; a warehouse; a service there).
 * Empty cells are "nothing to count" (a rate with no promises) or "no limit".
 */
export function dayTableCsv(report: SimulationReport): string {
  const lines = [["run", ...COLUMNS.map(([name]) => name)].join(",")];
  for (const run of report.runs) {
    for (const row of run.days) {
      lines.push([field(run.label), ...COLUMNS.map(([, pick]) => field(pick(row)))].join(","));
    }
  }
  return `${lines.join("\r\n")}\r\n`;
}
