import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import { describe, expect, it } from "vitest";
import { loadScenarioFile } from "../../src/sim/parse-scenario.js";
import { renderReport } from "../../src/sim/render-report.js";
import { simulateSync } from "../../src/sim/simulate.js";

const CHROMIUM = "/usr/bin/chromium";
const OUTPUT = fileURLToPath(new URL("../../test-output/", import.meta.url));
const SCENARIO = fileURLToPath(
  new URL("../../samples/scenarios/th-mega-sale.yaml", import.meta.url),
);

interface ChartInfo {
  readonly id: string;
  readonly width: number;
  readonly height: number;
  readonly bars: number;
  readonly paths: number;
  readonly longestPath: number;
}

describe("the HTML report in a real browser", () => {
  it("renders every chart of the 11.11/12.12 sample in headless Chromium, offline", async (ctx) => {
    if (!existsSync(CHROMIUM)) {
      if (process.env.CI) {
        throw new Error(
          `CI is set but ${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium)`,
        );
      }
      const note = `skipped: ${CHROMIUM} is not installed (apt-get install -y chromium); with CI set this test fails instead`;
      console.warn(note);
      ctx.skip(note);
    }
    // The report does not depend on the host's zone: one browser run (in the utc project) is enough.
    if (process.env.TZ !== "UTC") ctx.skip("runs once, in the utc project");

    const report = simulateSync(loadScenarioFile(SCENARIO));
    mkdirSync(OUTPUT, { recursive: true });
    const htmlPath = `${OUTPUT}report.html`;
    writeFileSync(htmlPath, renderReport(report));

    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1040, height: 1200 } });
      const requests: string[] = [];
      page.on("request", (request) => {
        if (!request.url().startsWith("file:")) requests.push(request.url());
      });
      await page.goto(pathToFileURL(htmlPath).href, { waitUntil: "load" });

      const charts: ChartInfo[] = await page.$$eval("svg.chart", (svgs) =>
        svgs.map((svg) => {
          const box = svg.getBoundingClientRect();
          const paths = [...svg.querySelectorAll("g.series path")].map(
            (p) => p.getAttribute("d") ?? "",
          );
          return {
            id: svg.getAttribute("data-chart") ?? "",
            width: box.width,
            height: box.height,
            bars: svg.querySelectorAll("g.bars rect").length,
            paths: paths.filter((d) => d.length > 0).length,
            longestPath: Math.max(0, ...paths.map((d) => d.length)),
          };
        }),
      );
      expect(charts.map((c) => c.id)).toEqual([
        "demand-capacity-bkk-1",
        "pickups-bkk-1",
        "backlog",
        "lead-time",
        "on-time",
        "cost-curve-bkk-1",
      ]);
      for (const chart of charts) {
        expect(chart.width, chart.id).toBeGreaterThan(300);
        expect(chart.height, chart.id).toBeGreaterThan(150);
        expect(chart.paths, chart.id).toBeGreaterThan(0);
        expect(chart.longestPath, chart.id).toBeGreaterThan(100);
      }
      // Orders per day as bars, one per day of the axis.
      expect(charts[0]!.bars).toBeGreaterThanOrEqual(56);
      // Pickups and limits of the three limited services in the sale weeks.
      expect(charts[1]!.paths).toBeGreaterThanOrEqual(6);
      // On and off, mean and p95 lead time; on-time rate of both runs.
      expect(charts[3]!.paths).toBeGreaterThanOrEqual(4);
      expect(charts[4]!.paths).toBeGreaterThanOrEqual(2);
      // Every bar and point has its hover value (an SVG <title>).
      const untitled = await page.$$eval(
        "g.series rect, g.series circle",
        (marks) => marks.filter((m) => m.querySelector("title") === null).length,
      );
      expect(untitled).toBe(0);

      const comparison = await page.$$eval("table.comparison thead th", (ths) =>
        ths.map((th) => th.textContent),
      );
      expect(comparison).toEqual(["", "capacity-aware on", "capacity-aware off"]);
      expect(await page.locator("table.answers").count()).toBe(2);
      expect(await page.locator("table.worst tbody tr").count()).toBeGreaterThan(0);
      expect(requests).toEqual([]);

      await page.screenshot({ path: `${OUTPUT}report.png`, fullPage: true });
      expect(existsSync(`${OUTPUT}report.png`)).toBe(true);
    } finally {
      await browser.close();
    }
  }, 180_000);
});
