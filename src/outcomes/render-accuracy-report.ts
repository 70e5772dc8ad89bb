import { type ChartSeries, escapeHtml, renderChart } from "../sim/svg-chart.js";
import type { AccuracyGroup, AccuracyReport } from "./accuracy.js";

const PALETTE = ["#2f6fd6", "#e0592a", "#2a9d5c", "#8e44ad", "#c99a06", "#16a0b5", "#b5376b"];
const count = (n: number): string => n.toLocaleString("en-US");
const pct = (r: number): string => `${(r * 100).toFixed(1)}%`;

export interface AccuracyReportInput {
  /** Ship dates covered, YYYY-MM-DD. */
  readonly from: string;
  readonly to: string;
  /** Grouped by service and ship week. */
  readonly byServiceWeek: AccuracyReport;
  /** Grouped by service. */
  readonly byService: AccuracyReport;
}

/**
 * A self-contained HTML report of promise accuracy, in the style of the peak report: key
 * numbers, the on-time rate by ship week per carrier service, the late-days histogram, and a
 * calibration chart (mean predicted on-time probability against the observed share, per decile).
 * Inline SVG, no scripts, nothing fetched; the same input gives the same bytes.
 */
export function renderAccuracyReport(input: AccuracyReportInput): string {
  const { byServiceWeek, byService } = input;
  const total = byService.total;
  const weeks = [...new Set(byServiceWeek.groups.map((g) => g.key.ship_week ?? ""))].sort();
  const services = byService.groups.map((g) => g.key.service ?? "");
  const cell = new Map<string, AccuracyGroup>();
  for (const g of byServiceWeek.groups) cell.set(`${g.key.service}\u0000${g.key.ship_week}`, g);

  const charts = [
    renderChart({
      id: "on-time-by-week",
      title: "On-time rate by ship week and service (early or on time / judged)",
      xLabels: weeks,
      percent: true,
      yMin: 0,
      yMax: 1,
      yLabel: "on time",
      series: services.map(
        (service, i): ChartSeries => ({
          name: service,
          kind: "line",
          color: PALETTE[i % PALETTE.length]!,
          values: weeks.map((w) => {
            const g = cell.get(`${service}\u0000${w}`);
            return g === undefined || g.judged === 0 ? null : g.onTimeRate;
          }),
        }),
      ),
    }),
    renderChart({
      id: "late-days",
      title: "Late parcels by days late",
      xLabels: total.lateByDays.slice(1).map((_, i) => `${i + 1}`),
      xLabelText: (label) => `${label} d`,
      yLabel: "parcels",
      yMin: 0,
      series: [
        {
          name: "late parcels",
          kind: "bars",
          color: "#e0592a",
          values: total.lateByDays.slice(1),
        },
      ],
    }),
    renderChart({
      id: "calibration",
      title: "Calibration: predicted on-time probability vs observed share, per decile",
      xLabels: byService.calibration.map(
        (b) => `${b.from.toFixed(1)}-${(b.from + 0.1).toFixed(1)}`,
      ),
      percent: true,
      yMin: 0,
      yMax: 1,
      yLabel: "share",
      series: [
        {
          name: "mean predicted",
          kind: "line",
          color: "#8e44ad",
          dashed: true,
          values: byService.calibration.map((b) => (b.count === 0 ? null : b.meanPredicted)),
        },
        {
          name: "observed",
          kind: "line",
          color: "#2a9d5c",
          values: byService.calibration.map((b) => (b.count === 0 ? null : b.observed)),
        },
      ],
    }),
  ];

  const rows = byService.groups.map(
    (g) =>
      `<tr><td>${escapeHtml(g.key.service ?? "")}</td><td>${count(g.promises)}</td><td>${count(g.shipped)}</td><td>${count(g.delivered)}</td><td>${count(g.early)}</td><td>${count(g.onTime)}</td><td>${count(g.late)}</td><td>${g.judged === 0 ? "–" : pct(g.onTimeRate)}</td><td>${g.predicted === 0 ? "–" : `${pct(g.meanPredicted)} / ${pct(g.observedRate)}`}</td></tr>`,
  );
  const calibrated = byService.calibration.reduce((n, b) => n + b.count, 0);
  return [
    "<!doctype html>",
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>Promise accuracy ${escapeHtml(input.from)} to ${escapeHtml(input.to)}</title>`,
    `<style>${CSS}</style></head><body><main>`,
    "<h1>Promise accuracy</h1>",
    `<p class="meta">Shipments that shipped from ${escapeHtml(input.from)} to ${escapeHtml(input.to)}, judged against the window confirmed at checkout (imported history against its promised latest date). On time means not late: delivered by the promised latest date.</p>`,
    '<section class="numbers">',
    numberCard("promises", count(total.promises)),
    numberCard("shipped", count(total.shipped)),
    numberCard("delivered", count(total.delivered)),
    numberCard("on-time rate", total.judged === 0 ? "–" : pct(total.onTimeRate)),
    numberCard(
      "early / on time / late",
      `${count(total.early)} / ${count(total.onTime)} / ${count(total.late)}`,
    ),
    numberCard("with a probability", count(calibrated)),
    numberCard("Brier score", calibrated === 0 ? "–" : byService.brierScore.toFixed(4)),
    numberCard(
      "calibration error",
      calibrated === 0 ? "–" : pct(byService.expectedCalibrationError),
    ),
    "</section>",
    '<section class="charts">',
    ...charts.map((c) => `<figure>${c}</figure>`),
    "</section>",
    "<section><h2>By service</h2>",
    '<table class="services"><thead><tr><th>Service</th><th>Promises</th><th>Shipped</th><th>Delivered</th><th>Early</th><th>On time</th><th>Late</th><th>On-time rate</th><th>Predicted / observed</th></tr></thead><tbody>',
    ...rows,
    "</tbody></table></section>",
    "<footer>Generated by <code>promise accuracy</code>. Self-contained: charts are inline SVG, nothing is fetched.</footer>",
    "</main></body></html>",
  ].join("\n");
}

function numberCard(label: string, value: string): string {
  return `<div class="card"><span class="value">${escapeHtml(value)}</span><span class="label">${escapeHtml(label)}</span></div>`;
}

const CSS = `
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;color:#222;background:#f5f6f8}
main{max-width:980px;margin:0 auto;padding:24px 24px 48px}
h1{font-size:24px;margin:0 0 6px}
h2{font-size:18px;margin:28px 0 8px}
p.meta{color:#555;margin:0 0 16px}
.numbers{display:grid;grid-template-columns:repeat(4,1fr);gap:8px}
.card{background:#fff;border:1px solid #dde1e6;border-radius:8px;padding:10px 14px;display:flex;flex-direction:column}
.value{font-size:18px;font-weight:600}
.label{font-size:11px;color:#666}
figure{margin:14px 0;background:#fff;border:1px solid #dde1e6;border-radius:8px;padding:8px;overflow-x:auto}
svg.chart{display:block;max-width:100%;height:auto}
table{border-collapse:collapse;width:100%;background:#fff;border:1px solid #dde1e6}
th,td{padding:6px 8px;border-bottom:1px solid #eceef1;text-align:left;vertical-align:top}
thead th{background:#f0f2f5;font-weight:600}
footer{margin-top:32px;color:#777;font-size:12px}
`;
