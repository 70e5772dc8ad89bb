import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Writable } from "node:stream";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import { describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/run-cli.js";
import { addDays, isoDay } from "../../src/engine/day.js";
import { compileNetwork } from "../../src/network/compile-network.js";
import { loadNetworkFile } from "../../src/network/load-network-file.js";
import { AccuracyAggregator } from "../../src/outcomes/accuracy.js";
import { renderAccuracyReport } from "../../src/outcomes/render-accuracy-report.js";
import type { ShippedRecord } from "../../src/store/store.js";
import { tempDir } from "../support/temp-dir.js";

const CHROMIUM = "/usr/bin/chromium";
const OUTPUT = fileURLToPath(new URL("../../test-output/", import.meta.url));

class Capture extends Writable {
  text = "";
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

/** Eight weeks of two services; a parcel is late by (i % 13 === 0 ? 1 + i % 3 : 0) days. */
function shipments(): ShippedRecord[] {
  const out: ShippedRecord[] = [];
  for (let i = 0; i < 800; i++) {
    const ship = addDays(isoDay("2026-04-06"), i % 56);
    const late = i % 13 === 0 ? 1 + (i % 3) : 0;
    const probability = 0.55 + (i % 9) * 0.05;
    out.push({
      source: "promise",
      promiseId: `p${i}`,
      warehouseId: "bkk-1",
      serviceId: i % 2 === 0 ? "kerry-express" : "thaipost-ems",
      countryCode: "TH",
      postalCode: i % 2 === 0 ? "10110" : "30000",
      shipDay: ship,
      deliveredDay: addDays(ship, 2 + late),
      promisedEarliestDay: addDays(ship, 1),
      promisedLatestDay: addDays(ship, 2),
      onTimeProbability: probability,
    });
  }
  return out;
}

describe("the accuracy report", () => {
  it("renders the weekly on-time, late-days and calibration charts in headless Chromium, offline", async (ctx) => {
    if (!existsSync(CHROMIUM)) {
      if (process.env.CI) throw new Error(`CI is set but ${CHROMIUM} is missing`);
      ctx.skip(`skipped: ${CHROMIUM} is not installed`);
    }
    if (process.env.TZ !== "UTC") ctx.skip("runs once, in the utc project");
    const net = compileNetwork(loadNetworkFile("samples/network.yaml"), {
      todayDay: isoDay("2026-06-17"),
    });
    const weekly = new AccuracyAggregator(net, ["service", "ship_week"]);
    const byService = new AccuracyAggregator(net, ["service"]);
    for (const r of shipments()) {
      weekly.add(r);
      byService.add(r);
    }
    mkdirSync(OUTPUT, { recursive: true });
    const htmlPath = `${OUTPUT}accuracy.html`;
    const html = renderAccuracyReport({
      from: "2026-04-06",
      to: "2026-05-31",
      byServiceWeek: weekly.report(),
      byService: byService.report(),
    });
    writeFileSync(htmlPath, html);

    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
      ],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1040, height: 1200 } });
      const requests: string[] = [];
      page.on("request", (request) => {
        if (!request.url().startsWith("file:")) requests.push(request.url());
      });
      await page.goto(pathToFileURL(htmlPath).href, { waitUntil: "load" });
      const charts = await page.$$eval("svg.chart", (svgs) =>
        svgs.map((svg) => {
          const box = svg.getBoundingClientRect();
          return {
            id: svg.getAttribute("data-chart") ?? "",
            width: box.width,
            height: box.height,
            bars: svg.querySelectorAll("g.bars rect").length,
            paths: [...svg.querySelectorAll("g.series path")].filter(
              (p) => (p.getAttribute("d") ?? "").length > 0,
            ).length,
          };
        }),
      );
      expect(charts.map((c) => c.id)).toEqual(["on-time-by-week", "late-days", "calibration"]);
      for (const c of charts) {
        expect(c.width, c.id).toBeGreaterThan(300);
        expect(c.height, c.id).toBeGreaterThan(150);
      }
      // One line per service; late by 1, 2 and 3 days as bars; predicted and observed lines.
      expect(charts[0]!.paths).toBe(2);
      expect(charts[1]!.bars).toBe(3);
      expect(charts[2]!.paths).toBe(2);
      expect(
        await page.$$eval("table.services tbody td:first-child", (tds) =>
          tds.map((td) => td.textContent),
        ),
      ).toEqual(["kerry-express", "thaipost-ems"]);
      expect(requests).toEqual([]);
      await page.screenshot({ path: `${OUTPUT}accuracy.png`, fullPage: true });
    } finally {
      await browser.close();
    }
  }, 60_000);

  it("is written by `promise accuracy --report` from the service's store", async () => {
    const dir = tempDir("promise-accuracy-");
    const env = {
      PROMISE_FIXED_NOW: "2026-06-17T03:00:00Z",
      PROMISE_NETWORK_FILE: "samples/network.yaml",
      PROMISE_SQLITE_PATH: join(dir.path, "promise.db"),
    };
    const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
    Object.assign(process.env, env);
    try {
      const io = () => ({ stdout: new Capture(), stderr: new Capture() });
      const imported = io();
      expect(await runCli(["import-shipments", "samples/shipments.csv"], imported)).toBe(0);
      const out = io();
      const reportPath = join(dir.path, "accuracy.html");
      const code = await runCli(
        ["accuracy", "--from", "2026-03-20", "--to", "2026-06-10", "--report", reportPath],
        out,
      );
      expect([code, out.stderr.text]).toEqual([0, ""]);
      const lines = out.stdout.text.split("\n");
      expect(lines[0]).toBe("promise accuracy, shipped 2026-03-20 to 2026-06-10");
      // Every thaipost-ems parcel of the sample arrived within the file's 5 days.
      expect(lines[2]).toMatch(
        /^thaipost-ems +shipped 600, delivered 600, early 0, on time 600, late 0, on-time rate 100.0%$/,
      );
      expect(lines[3]).toMatch(/^all +shipped 1000, delivered 1000,/);
      const html = readFileSync(reportPath, "utf8");
      expect(html).toContain('data-chart="late-days"');
      // No scripts, nothing loaded from anywhere (the SVG namespace is a name, not a fetch).
      expect(html).not.toMatch(/<script|(src|href)="https?:/);
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
      dir.remove();
    }
  });
});
