import { describe, expect, it } from "vitest";
import { renderChart } from "../../src/sim/svg-chart.js";

describe("a chart's legend", () => {
  it("wraps onto a second row when wider than the plot, and the chart grows by that row", () => {
    // Width 300: the plot spans x 64..284. Each item takes 26 + 6.2 per character: "aaaaaaaaaa"
    // (10) takes 88, so the first two fit (64, 152) and the third (240 + 88 - 8 > 284) wraps.
    const series = ["aaaaaaaaaa", "bbbbbbbbbb", "cccccccccc"].map((name) => ({
      name,
      values: [1, 2],
      color: "#123456",
      kind: "line" as const,
    }));
    const svg = renderChart({
      id: "t",
      title: "T",
      xLabels: ["2026-06-01", "2026-06-02"],
      series,
      width: 300,
    });
    const texts = [...svg.matchAll(/<g class="legend">.*?<text x="([\d.]+)" y="(\d+)"/g)].map(
      (m) => [Number(m[1]), Number(m[2])],
    );
    expect(texts).toEqual([
      [82, 32],
      [170, 32],
      [82, 47],
    ]);
    expect(svg).toContain('viewBox="0 0 300 315"');
    const one = renderChart({
      id: "t",
      title: "T",
      xLabels: ["2026-06-01"],
      series: series.slice(0, 2),
      width: 300,
    });
    expect(one).toContain('viewBox="0 0 300 300"');
  });
});
