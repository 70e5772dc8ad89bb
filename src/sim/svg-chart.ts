/**
 * A small SVG chart drawer for the report: lines, steps and bars over a shared axis of dates,
 * with y ticks at round numbers, a legend and optional reference lines. Every bar and every point
 * of a line carries an SVG `<title>` (date, series, value), which browsers show on hover. Output
 * is a string of inline SVG (no scripts, no external requests).
 */

export interface ChartSeries {
  readonly name: string;
  /** One value per x label; null leaves a gap. */
  readonly values: readonly (number | null)[];
  readonly color: string;
  readonly kind: "line" | "bars" | "area";
  readonly dashed?: boolean;
  /** Line width (default 2). */
  readonly strokeWidth?: number;
}

export interface ReferenceLine {
  readonly value: number;
  readonly label: string;
  readonly color: string;
}

export interface ChartSpec {
  /** A stable id (data-chart attribute). */
  readonly id: string;
  readonly title: string;
  readonly xLabels: readonly string[];
  readonly series: readonly ChartSeries[];
  readonly yLabel?: string;
  /** Format y values as percentages (values are 0..1). */
  readonly percent?: boolean;
  readonly yMin?: number;
  readonly yMax?: number;
  readonly references?: readonly ReferenceLine[];
  readonly width?: number;
  readonly height?: number;
  /** How an x label is shown (default: a date label without its year, `MM-DD`). */
  readonly xLabelText?: (label: string) => string;
  /** Dates to shade (peak days), as x labels. */
  readonly shaded?: readonly string[];
}

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

const fmt = (x: number): string => (Math.round(x * 100) / 100).toString();

/** Round tick values covering [min, max], about `count` of them. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!(max > min)) return [min];
  const raw = (max - min) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? raw;
  const ticks: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) {
    ticks.push(Math.round(v / step) * step);
  }
  return ticks;
}

/** A value as the hover text shows it: a percentage with one decimal, or a number with commas. */
function formatValue(value: number, percent: boolean): string {
  if (percent) return `${(value * 100).toFixed(1)}%`;
  return (Math.round(value * 100) / 100).toLocaleString("en-US");
}

function formatTick(value: number, percent: boolean): string {
  if (percent) return `${Math.round(value * 1000) / 10}%`;
  if (Math.abs(value) >= 1_000_000) return `${Math.round(value / 100_000) / 10}M`;
  if (Math.abs(value) >= 10_000) return `${Math.round(value / 100) / 10}k`;
  return Math.round(value * 100) / 100 === Math.round(value)
    ? String(Math.round(value))
    : fmt(value);
}

/** The height of a legend row. */
const LEGEND_ROW = 15;

/** Draws a chart as an SVG string. */
export function renderChart(spec: ChartSpec): string {
  const width = spec.width ?? 920;
  const left = 64;
  const right = 16;
  const bottom = 44;
  const plotW = width - left - right;
  // The legend wraps onto more rows when it is wider than the plot; each row adds to the height.
  const legendAt: { x: number; y: number }[] = [];
  {
    let lx = left;
    let ly = 32;
    for (const series of spec.series) {
      const w = 26 + series.name.length * 6.2;
      if (lx > left && lx + w - 8 > left + plotW) {
        lx = left;
        ly += LEGEND_ROW;
      }
      legendAt.push({ x: lx, y: ly });
      lx += w;
    }
  }
  const legendExtra = legendAt.length === 0 ? 0 : legendAt[legendAt.length - 1]!.y - 32;
  const height = (spec.height ?? 300) + legendExtra;
  const top = 40 + legendExtra;
  const plotH = height - top - bottom;
  const n = spec.xLabels.length;
  const percent = spec.percent ?? false;

  let lo = spec.yMin ?? Number.POSITIVE_INFINITY;
  let hi = spec.yMax ?? Number.NEGATIVE_INFINITY;
  if (spec.yMin === undefined || spec.yMax === undefined) {
    for (const series of spec.series) {
      for (const v of series.values) {
        if (v === null || !Number.isFinite(v)) continue;
        if (spec.yMin === undefined) lo = Math.min(lo, v, series.kind === "line" ? v : 0);
        if (spec.yMax === undefined) hi = Math.max(hi, v);
      }
    }
    for (const ref of spec.references ?? []) {
      if (spec.yMin === undefined) lo = Math.min(lo, ref.value);
      if (spec.yMax === undefined) hi = Math.max(hi, ref.value);
    }
  }
  if (!Number.isFinite(lo)) lo = 0;
  if (!Number.isFinite(hi)) hi = 1;
  if (spec.yMin === undefined) lo = Math.min(lo, 0);
  if (hi <= lo) hi = lo + 1;
  if (spec.yMax === undefined) hi += (hi - lo) * 0.06;
  const ticks = niceTicks(lo, hi);
  lo = Math.min(lo, ticks[0]!);
  hi = Math.max(hi, ticks[ticks.length - 1]!);

  const slot = n > 0 ? plotW / n : plotW;
  const x = (i: number): number => left + slot * (i + 0.5);
  const y = (v: number): number => top + plotH - ((v - lo) / (hi - lo)) * plotH;

  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart" data-chart="${escapeHtml(spec.id)}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeHtml(spec.title)}">`,
  );
  parts.push(`<title>${escapeHtml(spec.title)}</title>`);
  parts.push(`<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`);
  const shaded = new Set(spec.shaded ?? []);
  spec.xLabels.forEach((label, i) => {
    if (shaded.has(label)) {
      parts.push(
        `<rect class="shade" x="${fmt(left + slot * i)}" y="${top}" width="${fmt(slot)}" height="${plotH}" fill="#fff3d6"/>`,
      );
    }
  });
  for (const t of ticks) {
    const ty = fmt(y(t));
    parts.push(
      `<line x1="${left}" x2="${left + plotW}" y1="${ty}" y2="${ty}" stroke="#e3e6ea" stroke-width="1"/>`,
    );
    parts.push(
      `<text x="${left - 6}" y="${ty}" text-anchor="end" dominant-baseline="middle" font-size="11" fill="#555">${formatTick(t, percent)}</text>`,
    );
  }
  const every = Math.max(1, Math.ceil(n / 10));
  spec.xLabels.forEach((label, i) => {
    if (i % every !== 0) return;
    parts.push(
      `<line x1="${fmt(x(i))}" x2="${fmt(x(i))}" y1="${top + plotH}" y2="${top + plotH + 4}" stroke="#888"/>`,
    );
    parts.push(
      `<text x="${fmt(x(i))}" y="${top + plotH + 18}" text-anchor="middle" font-size="11" fill="#555">${escapeHtml(spec.xLabelText === undefined ? label.slice(5) : spec.xLabelText(label))}</text>`,
    );
  });
  parts.push(
    `<line x1="${left}" x2="${left + plotW}" y1="${top + plotH}" y2="${top + plotH}" stroke="#888"/>`,
  );
  if (spec.yLabel !== undefined) {
    parts.push(
      `<text x="14" y="${top + plotH / 2}" transform="rotate(-90 14 ${top + plotH / 2})" text-anchor="middle" font-size="11" fill="#555">${escapeHtml(spec.yLabel)}</text>`,
    );
  }

  const bars = spec.series.filter((s) => s.kind === "bars");
  const barWidth = Math.max(1, (slot * 0.8) / Math.max(1, bars.length));
  bars.forEach((series, b) => {
    const rects: string[] = [];
    series.values.forEach((v, i) => {
      if (v === null || !Number.isFinite(v)) return;
      const x0 = left + slot * i + slot * 0.1 + barWidth * b;
      const y0 = y(Math.max(v, lo));
      const h = Math.max(0, y(Math.max(lo, 0)) - y0);
      const tip = `${spec.xLabels[i] ?? ""}: ${series.name} ${formatValue(v, percent)}`;
      rects.push(
        `<rect x="${fmt(x0)}" y="${fmt(y0)}" width="${fmt(barWidth)}" height="${fmt(h)}"><title>${escapeHtml(tip)}</title></rect>`,
      );
    });
    parts.push(
      `<g class="series bars" data-series="${escapeHtml(series.name)}" fill="${series.color}" fill-opacity="0.75">${rects.join("")}</g>`,
    );
  });
  for (const series of spec.series) {
    if (series.kind === "bars") continue;
    const segments: string[] = [];
    let open = false;
    let firstX = 0;
    let lastX = 0;
    let d = "";
    const points: string[] = [];
    series.values.forEach((v, i) => {
      if (v === null || !Number.isFinite(v)) {
        if (open) segments.push(closeArea(series, d, firstX, lastX, y(Math.max(lo, 0))));
        open = false;
        d = "";
        return;
      }
      const px = fmt(x(i));
      const py = fmt(y(v));
      const tip = `${spec.xLabels[i] ?? ""}: ${series.name} ${formatValue(v, percent)}`;
      points.push(
        `<circle cx="${px}" cy="${py}" r="4" fill="${series.color}" fill-opacity="0"><title>${escapeHtml(tip)}</title></circle>`,
      );
      if (!open) {
        firstX = x(i);
        d = `M${px} ${py}`;
        open = true;
      } else d += ` L${px} ${py}`;
      lastX = x(i);
    });
    if (open) segments.push(closeArea(series, d, firstX, lastX, y(Math.max(lo, 0))));
    const dash = series.dashed ? ` stroke-dasharray="6 4"` : "";
    const fill = series.kind === "area" ? series.color : "none";
    parts.push(
      `<g class="series ${series.kind}" data-series="${escapeHtml(series.name)}">${segments
        .map(
          (segment) =>
            `<path d="${segment}" fill="${fill}" fill-opacity="0.18" stroke="${series.color}" stroke-width="${series.strokeWidth ?? 2}"${dash}/>`,
        )
        .join("")}${points.join("")}</g>`,
    );
  }
  for (const ref of spec.references ?? []) {
    const ry = fmt(y(ref.value));
    parts.push(
      `<line class="reference" x1="${left}" x2="${left + plotW}" y1="${ry}" y2="${ry}" stroke="${ref.color}" stroke-width="1.5" stroke-dasharray="2 3"/>`,
    );
    parts.push(
      `<text x="${left + plotW - 4}" y="${fmt(y(ref.value) - 4)}" text-anchor="end" font-size="11" fill="${ref.color}">${escapeHtml(ref.label)}</text>`,
    );
  }
  parts.push(
    `<text x="${left}" y="18" font-size="14" font-weight="600" fill="#222">${escapeHtml(spec.title)}</text>`,
  );
  spec.series.forEach((series, k) => {
    const { x: lx, y: legendY } = legendAt[k]!;
    const swatch =
      series.kind === "bars"
        ? `<rect x="${fmt(lx)}" y="${legendY - 8}" width="12" height="9" fill="${series.color}" fill-opacity="0.75"/>`
        : `<line x1="${fmt(lx)}" x2="${fmt(lx + 14)}" y1="${legendY - 4}" y2="${legendY - 4}" stroke="${series.color}" stroke-width="2"${series.dashed ? ` stroke-dasharray="4 3"` : ""}/>`;
    parts.push(
      `<g class="legend">${swatch}<text x="${fmt(lx + 18)}" y="${legendY}" font-size="11" fill="#333">${escapeHtml(series.name)}</text></g>`,
    );
  });
  parts.push("</svg>");
  return parts.join("");
}

function closeArea(
  series: ChartSeries,
  d: string,
  firstX: number,
  lastX: number,
  baseY: number,
): string {
  if (series.kind !== "area") return d;
  return `${d} L${fmt(lastX)} ${fmt(baseY)} L${fmt(firstX)} ${fmt(baseY)} Z`;
}
