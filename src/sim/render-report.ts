import { planCapacityOverrides } from "./plan-capacity-overrides.js";
import { ruleLine } from "./plan-peak-rules.js";
import type {
  CostPlan,
  DayResult,
  GroupSummary,
  RunSummary,
  SimulationReport,
  SimulationRun,
} from "./sim-result.js";
import type { Band, DaySpread, RunSpread } from "./spread-report.js";
import { type ChartSeries, escapeHtml, renderChart } from "./svg-chart.js";

const PALETTE = ["#2f6fd6", "#e0592a", "#2a9d5c", "#8e44ad", "#c99a06", "#16a0b5", "#b5376b"];
const RUN_COLORS = ["#2f6fd6", "#e0592a"];

const count = (n: number): string => n.toLocaleString("en-US");
const pct = (r: number | null): string => (r === null ? "–" : `${(r * 100).toFixed(1)}%`);
const days = (d: number | null): string => (d === null ? "–" : d.toFixed(2));
/** A whole number of days (a percentile of whole days) without decimals. */
const wholeDays = (d: number | null): string => (d === null ? "–" : String(d));

/**
 * A self-contained HTML report of a simulation: key numbers, the capacity-aware on/off comparison
 * (when both ran), charts drawn as inline SVG (demand vs capacity per warehouse, backlog, promised
 * lead time, on-time rate per day), the worst days with their reasons and the planner's answers.
 * No scripts and no external requests: it opens the same anywhere, offline. Deterministic: the
 * same report gives the same bytes (no timestamps).
 */
export function renderReport(report: SimulationReport): string {
  const { scenario, runs } = report;
  const dates = dateAxis(runs);
  const base = runs[0]!;
  const shaded = scenario.peakDates;
  const charts: string[] = [];

  const warehouses = scenario.warehouses.filter((w) =>
    base.summary.warehouses.some((g) => g.id === w.id),
  );
  for (const warehouse of warehouses) {
    const rows = byDate(base, warehouse.id, "");
    charts.push(
      renderChart({
        id: `demand-capacity-${warehouse.id}`,
        title: `Demand vs capacity: ${warehouse.name} (${base.label})`,
        xLabels: dates,
        shaded,
        yLabel: "parcels per day",
        series: [
          {
            // Per warehouse these are shipments (a two-line cart split over two warehouses
            // counts at each), by the day the order was placed.
            name: "shipments promised (day of ordering)",
            kind: "bars",
            color: "#9bb7e8",
            values: dates.map((d) => rows.get(d)?.orders ?? 0),
          },
          {
            name: "capacity (promising)",
            kind: "line",
            color: "#222222",
            dashed: true,
            values: dates.map((d) => rows.get(d)?.capacity ?? null),
          },
          {
            name: "real throughput",
            kind: "line",
            color: "#c99a06",
            values: dates.map((d) => rows.get(d)?.throughput ?? null),
          },
          {
            name: "shipped",
            kind: "line",
            color: "#2a9d5c",
            values: dates.map((d) => rows.get(d)?.shipped ?? 0),
          },
          {
            // Drawn last and wider: where it matches the capacity line it would hide under it.
            name: "booked to ship",
            kind: "line",
            color: "#8e44ad",
            strokeWidth: 3,
            values: dates.map((d) => rows.get(d)?.booked ?? 0),
          },
        ],
      }),
    );
  }

  for (const warehouse of warehouses) {
    const pickups = pickupChart(base, warehouse, dates, shaded);
    if (pickups !== undefined) charts.push(pickups);
  }

  const backlogSeries: ChartSeries[] = [];
  runs.forEach((run, r) => {
    warehouses.forEach((warehouse, w) => {
      const rows = byDate(run, warehouse.id, "");
      backlogSeries.push({
        name: `${warehouse.id}, ${run.label}`,
        kind: r === 0 ? "area" : "line",
        dashed: r > 0,
        color: PALETTE[(w + r * 3) % PALETTE.length]!,
        values: dates.map((d) => rows.get(d)?.backlog ?? 0),
      });
    });
  });
  charts.push(
    renderChart({
      id: "backlog",
      title: "Backlog at the end of each day (parcels due to ship but still in the warehouse)",
      xLabels: dates,
      shaded,
      yLabel: "parcels",
      series: backlogSeries,
    }),
  );

  const leadSeries: ChartSeries[] = [];
  runs.forEach((run, r) => {
    const rows = byDate(run, "", "");
    leadSeries.push(
      {
        name: `mean, ${run.label}`,
        kind: "line",
        color: RUN_COLORS[r]!,
        values: dates.map((d) => rows.get(d)?.promisedLeadDaysMean ?? null),
      },
      {
        name: `p95, ${run.label}`,
        kind: "line",
        dashed: true,
        color: RUN_COLORS[r]!,
        values: dates.map((d) => rows.get(d)?.promisedLeadDaysP95 ?? null),
      },
    );
  });
  charts.push(
    renderChart({
      id: "lead-time",
      title: "Promised lead time by day of ordering (latest promised date minus order date)",
      xLabels: dates,
      shaded,
      yLabel: "days",
      series: leadSeries,
    }),
  );

  charts.push(
    renderChart({
      id: "on-time",
      title: "On-time rate of the promises made each day",
      xLabels: dates,
      shaded,
      percent: true,
      yMax: 1,
      yLabel: "kept / made",
      references: [
        {
          value: scenario.targetOnTime,
          label: `target ${pct(scenario.targetOnTime)}`,
          color: "#b5376b",
        },
      ],
      series: runs.map((run, r) => {
        const rows = byDate(run, "", "");
        return {
          name: run.label,
          kind: "line" as const,
          color: RUN_COLORS[r]!,
          values: dates.map((d) => rows.get(d)?.onTimeRate ?? null),
        };
      }),
    }),
  );

  const html: string[] = [];
  html.push(
    "<!doctype html>",
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(scenario.name)}: peak simulation</title>`,
    `<style>${CSS}</style></head><body><main>`,
  );
  html.push(`<h1>${escapeHtml(scenario.name)}</h1>`);
  if (scenario.description !== "")
    html.push(`<p class="lead">${escapeHtml(scenario.description)}</p>`);
  html.push(
    `<p class="meta">${scenario.days} days of orders from ${scenario.start} (hours in ${escapeHtml(scenario.demandTimeZone)}), seed ${scenario.seed}, target ${pct(scenario.targetOnTime)} of promises kept. Promises come from the same engine as the product pages; shaded days are peak days.</p>`,
  );
  html.push('<section class="cards">');
  for (const run of runs) html.push(card(run));
  html.push("</section>");
  if (runs.length > 1) html.push(comparison(runs));
  html.push(
    '<section class="charts">',
    ...charts.map((c) => `<figure>${c}</figure>`),
    "</section>",
  );
  html.push(spreadSection(report, shaded));
  html.push(plannerAnswers(report));
  html.push(applyPreview(report));
  for (const run of runs) html.push(worstDays(run));
  for (const run of runs) html.push(groups(run));
  html.push(
    "<footer>Generated by <code>promise simulate</code>. Self-contained: charts are inline SVG, nothing is fetched.</footer>",
    "</main></body></html>",
  );
  return html.join("\n");
}

/**
 * Carrier pickups against their limits at one warehouse: per service with a pickup limit on some
 * day, the parcels it picked up (solid) and its limit (dashed, 0 on days it does not pick up).
 * Undefined when no service there has a limit.
 */
function pickupChart(
  run: SimulationRun,
  warehouse: { id: string; name: string },
  dates: readonly string[],
  shaded: readonly string[],
): string | undefined {
  const series: ChartSeries[] = [];
  const services = run.summary.services.map((g) => g.id);
  let k = 0;
  for (const serviceId of services) {
    const rows = byDate(run, warehouse.id, serviceId);
    if (rows.size === 0) continue;
    const limited = [...rows.values()].some((r) => r.pickupLimit !== null && r.pickupLimit > 0);
    if (!limited) continue;
    const color = PALETTE[k++ % PALETTE.length]!;
    series.push(
      {
        name: `${serviceId} picked up`,
        kind: "line",
        color,
        values: dates.map((d) => rows.get(d)?.shipped ?? 0),
      },
      {
        name: `${serviceId} pickup limit`,
        kind: "line",
        color,
        dashed: true,
        values: dates.map((d) => {
          const row = rows.get(d);
          return row === undefined ? null : row.pickupLimit;
        }),
      },
    );
  }
  if (series.length === 0) return undefined;
  return renderChart({
    id: `pickups-${warehouse.id}`,
    title: `Carrier pickups vs pickup limits: ${warehouse.name} (${run.label})`,
    xLabels: dates,
    shaded,
    yLabel: "parcels per day",
    series,
  });
}

function dateAxis(runs: readonly SimulationRun[]): string[] {
  const dates = new Set<string>();
  for (const run of runs) for (const row of run.days) dates.add(row.date);
  return [...dates].sort();
}

function byDate(
  run: SimulationRun,
  warehouseId: string,
  serviceId: string,
): Map<string, DayResult> {
  const map = new Map<string, DayResult>();
  for (const row of run.days) {
    if (row.warehouseId === warehouseId && row.serviceId === serviceId) map.set(row.date, row);
  }
  return map;
}

function card(run: SimulationRun): string {
  const s = run.summary;
  const backlog = Math.max(0, ...s.warehouses.map((w) => w.maxBacklog));
  const item = (label: string, value: string) =>
    `<div><span class="value">${value}</span><span class="label">${label}</span></div>`;
  return [
    `<article class="card" data-run="${escapeHtml(run.label)}"><h2>${escapeHtml(run.label)}</h2><div class="numbers">`,
    item("orders", count(s.orders)),
    item("promises kept", pct(s.onTimeRate)),
    item("promises broken", count(s.broken)),
    item("mean promised lead (days)", days(s.promisedLeadDaysMean)),
    item("p95 promised lead (days)", wholeDays(s.promisedLeadDaysP95)),
    item("days below target", count(s.daysBelowTarget)),
    item("largest backlog", count(backlog)),
    item("units unavailable", count(s.unitsUnavailable)),
    "</div></article>",
  ].join("");
}

function comparison(runs: readonly SimulationRun[]): string {
  const rows: [string, (s: RunSummary) => string][] = [
    ["Promises made", (s) => count(s.shipments)],
    ["Promises broken", (s) => count(s.broken)],
    ["On-time rate", (s) => pct(s.onTimeRate)],
    ["Broken: shipped late from backlog", (s) => count(s.brokenShippedLate)],
    ["Broken: slower in transit", (s) => count(s.brokenInTransit)],
    ["Promises moved past full days", (s) => count(s.pushedByCapacity)],
    ["Mean promised lead time (days)", (s) => days(s.promisedLeadDaysMean)],
    ["p95 promised lead time (days)", (s) => wholeDays(s.promisedLeadDaysP95)],
    ["Days below target", (s) => count(s.daysBelowTarget)],
    ["Largest backlog", (s) => count(Math.max(0, ...s.warehouses.map((w) => w.maxBacklog)))],
    ["Last delivery", (s) => s.lastDeliveryDate ?? "–"],
  ];
  return [
    "<section><h2>Capacity-aware promising: on vs off</h2>",
    "<p>The same orders (same seed), promised with and without counting bookings against warehouse capacity and carrier pickup limits. With it on, promises made after a day fills show the next free ship date; with it off, they promise the usual dates and the backlog breaks them.</p>",
    '<table class="comparison"><thead><tr><th></th>',
    ...runs.map((r) => `<th>${escapeHtml(r.label)}</th>`),
    "</tr></thead><tbody>",
    ...rows.map(
      ([label, value]) =>
        `<tr><th>${label}</th>${runs.map((r) => `<td>${value(r.summary)}</td>`).join("")}</tr>`,
    ),
    "</tbody></table></section>",
  ].join("");
}

const whole = (n: number): string => count(Math.round(n));
const band = (b: Band, format: (n: number) => string): string =>
  b.median === null
    ? "–"
    : `${format(b.median)} <small>(${format(b.p10!)}–${format(b.p90!)})</small>`;

/** With several seeds: medians and p10-p90 bands, per-day band charts, confident answers. */
function spreadSection(report: SimulationReport, shaded: readonly string[]): string {
  const spread = report.spread;
  if (spread === undefined) return "";
  const seeds = spread.seeds;
  const out: string[] = [
    `<section class="spread"><h2>Spread over ${spread.runs} runs</h2>`,
    `<p>The same scenario with seeds ${seeds[0]} to ${seeds[seeds.length - 1]}: each run draws its own order instants, carts, transit and slowdowns. Medians, with the 10th to 90th percentile of the runs in brackets. The charts and tables further down are the first run's (seed ${seeds[0]}).</p>`,
    '<table class="spread"><thead><tr><th></th>',
    ...spread.policies.map((p) => `<th>${escapeHtml(p.label)}</th>`),
    "</tr></thead><tbody>",
  ];
  const rows: [string, (p: RunSpread) => string][] = [
    ["On-time rate", (p) => band(p.onTimeRate, (r) => pct(r))],
    ["Promises broken", (p) => band(p.broken, whole)],
    ["Largest backlog", (p) => band(p.maxBacklog, whole)],
    ["Days below target", (p) => band(p.daysBelowTarget, whole)],
    ["Mean promised lead time (days)", (p) => band(p.promisedLeadDaysMean, (d) => d.toFixed(2))],
  ];
  for (const [label, value] of rows) {
    out.push(
      `<tr><th>${label}</th>${spread.policies.map((p) => `<td>${value(p)}</td>`).join("")}</tr>`,
    );
  }
  out.push("</tbody></table>");
  if (spread.answers.length > 0) {
    out.push(
      `<h3>Answers at ${pct(spread.confidence)} confidence</h3><ul class="confident">${spread.answers
        .map(
          (a) =>
            `<li>${escapeHtml(a.statement)} <small>(per run: ${a.perRun.join(", ")})</small></li>`,
        )
        .join("")}</ul>`,
    );
  }
  const policy = spread.policies[0]!;
  const dates = policy.days.map((d) => d.date);
  const bandSeries = (pick: (d: DaySpread) => Band, color: string): ChartSeries[] => [
    { name: "p90", kind: "line", dashed: true, color, values: policy.days.map((d) => pick(d).p90) },
    {
      name: "median",
      kind: "line",
      color,
      strokeWidth: 2.5,
      values: policy.days.map((d) => pick(d).median),
    },
    { name: "p10", kind: "line", dashed: true, color, values: policy.days.map((d) => pick(d).p10) },
  ];
  out.push(
    "<figure>",
    renderChart({
      id: "spread-on-time",
      title: `On-time rate per day of ordering over ${spread.runs} runs (${policy.label})`,
      xLabels: dates,
      shaded,
      percent: true,
      yMax: 1,
      yLabel: "kept / made",
      references: [
        {
          value: spread.targetOnTime,
          label: `target ${pct(spread.targetOnTime)}`,
          color: "#b5376b",
        },
      ],
      series: bandSeries((d) => d.onTimeRate, RUN_COLORS[0]!),
    }),
    "</figure><figure>",
    renderChart({
      id: "spread-broken",
      title: `Broken promises per day of ordering over ${spread.runs} runs (${policy.label})`,
      xLabels: dates,
      shaded,
      yLabel: "promises",
      series: bandSeries((d) => d.broken, RUN_COLORS[1]!),
    }),
    "</figure><figure>",
    renderChart({
      id: "spread-backlog",
      title: `Backlog at the end of each day over ${spread.runs} runs (${policy.label})`,
      xLabels: dates,
      shaded,
      yLabel: "parcels",
      series: bandSeries((d) => d.backlog, PALETTE[2]!),
    }),
    "</figure></section>",
  );
  return out.join("");
}

function plannerAnswers(report: SimulationReport): string {
  const { answers } = report;
  if (answers.capacity === null && answers.buffer === null && answers.costPlans === null) return "";
  const out: string[] = [
    "<section><h2>Planner's answers</h2>",
    `<p>Target: at least ${pct(answers.targetOnTime)} of the promises made each day from ${answers.windowFrom} to ${answers.windowTo} delivered by their latest date.</p>`,
  ];
  if (answers.capacity !== null) {
    out.push(
      '<h3>Smallest daily capacity per warehouse</h3><table class="answers"><thead><tr><th>Warehouse</th><th>Daily capacity</th><th>Worst day at that capacity</th><th>Re-runs</th></tr></thead><tbody>',
    );
    for (const a of answers.capacity) {
      const value = a.found
        ? count(a.dailyCapacity)
        : `<strong>${count(a.dailyCapacity)}</strong> <small>(the target is out of reach by capacity alone: ${escapeHtml(a.note)})</small>`;
      out.push(
        `<tr><td>${escapeHtml(a.warehouseId)}</td><td>${value}</td><td>${pct(a.worstDayOnTimeRate)}</td><td>${a.runs}</td></tr>`,
      );
    }
    out.push("</tbody></table>");
    for (const a of answers.capacity) {
      if (a.whatDoes !== "") out.push(`<p class="what-does">${escapeHtml(a.whatDoes)}</p>`);
    }
  }
  for (const plan of answers.costPlans ?? []) out.push(costPlanSection(plan));
  if (answers.buffer !== null) {
    out.push(
      '<h3>Fewest buffer days</h3><table class="answers"><thead><tr><th>Service</th><th>Buffer days</th><th>Worst day with that buffer</th></tr></thead><tbody>',
    );
    for (const a of answers.buffer) {
      const name = a.serviceId === "" ? "all services (one extra buffer)" : a.serviceId;
      const value = a.found ? String(a.bufferDays) : `more than ${a.bufferDays}`;
      out.push(
        `<tr><td>${escapeHtml(name)}</td><td>${value}</td><td>${pct(a.worstDayOnTimeRate)}</td></tr>`,
      );
    }
    out.push("</tbody></table>");
  }
  if (answers.notes.length > 0) {
    out.push(
      `<ul class="notes">${answers.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join("")}</ul>`,
    );
  }
  out.push("</section>");
  return out.join("");
}

/** The cheapest plan of one warehouse: its days, cost against promises saved, and the curve. */
function costPlanSection(plan: CostPlan): string {
  const money = (n: number) =>
    `${plan.currency === "" ? "" : `${escapeHtml(plan.currency)} `}${count(n)}`;
  const out = [
    `<h3>Cheapest extra capacity per day at ${escapeHtml(plan.warehouseId)}</h3>`,
    `<p class="what-does">${
      plan.days.length === 0
        ? "No extra capacity"
        : `${count(plan.days.reduce((a, d) => a + d.extraCapacity, 0))} parcels of extra capacity over ${plan.days.length} day${plan.days.length === 1 ? "" : "s"}`
    } for <strong>${money(plan.capacityCost)}</strong>, against <strong>${money(plan.savedValue)}</strong> of promises saved (${count(plan.promisesSaved)}: ${count(plan.brokenBefore)} broken become ${count(plan.brokenAfter)}). ${
      plan.holdsTarget
        ? "It holds the target on every day of the window."
        : "It does not hold the target within the priced days and their limits (costs.extra_capacity)."
    }</p>`,
  ];
  if (plan.days.length > 0) {
    out.push(
      '<table class="plan"><thead><tr><th>Ship date</th><th>Extra capacity</th><th>Unit cost</th><th>Cost</th></tr></thead><tbody>',
      ...plan.days.map(
        (d) =>
          `<tr><td>${d.date}</td><td>+${count(d.extraCapacity)}</td><td>${money(d.unitCost)}</td><td>${money(d.cost)}</td></tr>`,
      ),
      "</tbody></table>",
    );
  }
  if (plan.curve.length > 1) {
    out.push(
      "<figure>",
      renderChart({
        id: `cost-curve-${plan.warehouseId}`,
        title: `On-time rate against capacity added at ${plan.warehouseId} (the plan's steps, cheapest first)`,
        xLabels: plan.curve.map((p) => `+${p.addedCapacity}`),
        xLabelText: (label) => label,
        percent: true,
        yMax: 1,
        yLabel: "kept / made",
        series: [
          {
            name: "on time (window)",
            kind: "line",
            color: RUN_COLORS[0]!,
            values: plan.curve.map((p) => p.onTimeRate),
          },
          {
            name: "worst day",
            kind: "line",
            dashed: true,
            color: RUN_COLORS[1]!,
            values: plan.curve.map((p) => p.worstDayOnTimeRate),
          },
        ],
      }),
      "</figure>",
    );
  }
  return out.join("");
}

/** Exactly what `promise apply` would change in the network file, rule by rule. */
function applyPreview(report: SimulationReport): string {
  const rules = report.applyPreview ?? [];
  if (rules.length === 0) return "";
  return [
    "<section><h2>What <code>promise apply</code> would change</h2>",
    `<p>Applied to the scenario's network file (<code>promise apply results.json --network &lt;file&gt;</code> shows the diff; <code>--write</code> writes it and <code>--admin</code> reloads the service), these ${rules.length} peak rule${rules.length === 1 ? "" : "s"} would be added at the end of <code>peaks</code>, replacing earlier ones of this scenario:</p>`,
    '<ul class="apply">',
    ...rules.map(
      (r) => `<li>${escapeHtml(r.why)}<br><code>${escapeHtml(ruleLine(r.rule))}</code></li>`,
    ),
    "</ul>",
    setCapacityPreview(report),
    "</section>",
  ].join("");
}

/** The capacity as `promise apply --set-capacity` would send it (AdminService.SetCapacity). */
function setCapacityPreview(report: SimulationReport): string {
  const overrides = planCapacityOverrides(report);
  if (overrides.length === 0) return "";
  const items = overrides.map(
    (o) =>
      `${o.warehouseId} ${o.date}: ${o.before === null ? "no limit" : count(o.before)} → ${count(o.after)}`,
  );
  return `<p class="set-capacity">With <code>--set-capacity</code> the capacity goes through <code>AdminService.SetCapacity</code> instead of peak rules, as ${overrides.length} per-date override${overrides.length === 1 ? "" : "s"} (before: what this simulation counted): ${escapeHtml(items.join("; "))}.</p>`;
}

function worstDays(run: SimulationRun): string {
  const rows = run.summary.worstDays;
  const out = [`<section><h2>Worst days, ${escapeHtml(run.label)}</h2>`];
  if (rows.length === 0) {
    out.push("<p>No promise made in this run was broken.</p></section>");
    return out.join("");
  }
  out.push(
    '<table class="worst"><thead><tr><th>Day of ordering</th><th>Orders</th><th>Kept</th><th>Broken</th><th>On time</th><th>Why</th></tr></thead><tbody>',
  );
  for (const day of rows) {
    out.push(
      `<tr><td>${day.date}</td><td>${count(day.orders)}</td><td>${count(day.kept)}</td><td>${count(day.broken)}</td><td>${pct(day.onTimeRate)}</td><td><ul>${day.reasons.map((r) => `<li>${escapeHtml(r)}</li>`).join("")}</ul></td></tr>`,
    );
  }
  out.push("</tbody></table></section>");
  return out.join("");
}

function groups(run: SimulationRun): string {
  const table = (title: string, rows: readonly GroupSummary[]) =>
    [
      `<h3>${title}</h3><table class="groups"><thead><tr><th></th><th>Promises</th><th>Kept</th><th>Broken</th><th>On time</th><th>Mean lead (days)</th><th>Largest backlog</th></tr></thead><tbody>`,
      ...rows.map(
        (g) =>
          `<tr><td>${escapeHtml(g.id)}</td><td>${count(g.shipments)}</td><td>${count(g.kept)}</td><td>${count(g.broken)}</td><td>${pct(g.onTimeRate)}</td><td>${days(g.promisedLeadDaysMean)}</td><td>${count(g.maxBacklog)}${g.maxBacklogDate === null ? "" : ` (${g.maxBacklogDate})`}</td></tr>`,
      ),
      "</tbody></table>",
    ].join("");
  return [
    `<section><h2>By warehouse and service, ${escapeHtml(run.label)}</h2>`,
    table("Warehouses", run.summary.warehouses),
    table("Services", run.summary.services),
    "</section>",
  ].join("");
}

const CSS = `
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;color:#222;background:#f5f6f8}
main{max-width:980px;margin:0 auto;padding:24px 24px 48px}
h1{font-size:24px;margin:0 0 6px}
h2{font-size:18px;margin:28px 0 8px}
h3{font-size:15px;margin:18px 0 6px}
p.lead{font-size:15px;margin:0 0 6px}
p.meta{color:#555;margin:0 0 16px}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(420px,1fr));gap:12px}
.card{background:#fff;border:1px solid #dde1e6;border-radius:8px;padding:12px 16px}
.card h2{margin:0 0 8px;font-size:16px}
.numbers{display:grid;grid-template-columns:repeat(4,1fr);gap:8px}
.numbers div{display:flex;flex-direction:column}
.value{font-size:18px;font-weight:600}
.label{font-size:11px;color:#666}
figure{margin:14px 0;background:#fff;border:1px solid #dde1e6;border-radius:8px;padding:8px;overflow-x:auto}
svg.chart{display:block;max-width:100%;height:auto}
table{border-collapse:collapse;width:100%;background:#fff;border:1px solid #dde1e6}
th,td{padding:6px 8px;border-bottom:1px solid #eceef1;text-align:left;vertical-align:top}
thead th{background:#f0f2f5;font-weight:600}
td ul{margin:0;padding-left:18px}
ul.notes{color:#555}
p.what-does{background:#fff;border-left:4px solid #b5376b;padding:8px 12px}
footer{margin-top:32px;color:#777;font-size:12px}
`;
