import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { runCli } from "../../src/cli/run-cli.js";
import { summarizeSpread } from "../../src/sim/seed-spread.js";
import { simulateSync } from "../../src/sim/simulate.js";
import { capacityScenario, luckyWeek, scenarioOf } from "./scenario-fixtures.js";

class Capture extends Writable {
  text = "";
  isTTY?: boolean;
  columns?: number;
  constructor(tty = false) {
    super();
    if (tty) {
      this.isTTY = true;
      this.columns = 120;
    }
  }
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

function scenarioFile(): { dir: string; path: string } {
  const dir = mkdtempSync(join(tmpdir(), "promise-cli-"));
  const input = capacityScenario(true);
  input.questions = { compare_capacity_aware: true, min_capacity: true, min_buffer_days: true };
  const path = join(dir, "scenario.yaml");
  writeFileSync(path, stringify(input));
  return { dir, path };
}

describe("promise simulate", () => {
  it("writes the report and byte-identical JSON for the same seed, with plain progress lines on stderr off a terminal", async () => {
    const { dir, path } = scenarioFile();
    const runs: string[] = [];
    for (const name of ["a", "b"]) {
      const stdout = new Capture();
      const stderr = new Capture();
      const code = await runCli(
        [
          "simulate",
          path,
          "--report",
          join(dir, `${name}.html`),
          "--json",
          join(dir, `${name}.json`),
        ],
        { stdout, stderr },
      );
      expect(code).toBe(0);
      expect(stderr.text).not.toContain("\r");
      expect(stderr.text).toMatch(
        /^ 30% promising, capacity-aware on: day 1\/3, 150\/150 orders$/m,
      );
      expect(stderr.text).toMatch(
        /^ 90% answering the planner's questions \(capacity question\)$/m,
      );
      // stdout carries the summary only: nothing of the progress mixes into a pipe.
      expect(stdout.text).not.toContain("%  ");
      expect(stdout.text).not.toMatch(/^\s*\d+% /m);
      expect(stdout.text).toContain(
        "  capacity-aware off: 150 orders, 150 promises, 50 broken (66.7% on time)",
      );
      expect(stdout.text).toContain("  smallest daily capacity at w1: 143");
      runs.push(readFileSync(join(dir, `${name}.json`), "utf8"));
    }
    expect(runs[1]).toBe(runs[0]);
    expect(JSON.parse(runs[0]!).runs[1].summary.broken).toBe(50);
    const html = readFileSync(join(dir, "a.html"), "utf8");
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org\/2000\/svg)/);

    const other = new Capture();
    await runCli(["simulate", path, "--seed", "8", "--json", join(dir, "c.json")], {
      stdout: other,
      stderr: new Capture(),
    });
    expect(readFileSync(join(dir, "c.json"), "utf8")).not.toBe(runs[0]);
  });

  it("draws a progress bar when stderr is a terminal", async () => {
    const { path } = scenarioFile();
    const stderr = new Capture(true);
    const stdout = new Capture();
    expect(await runCli(["simulate", path, "--no-questions"], { stdout, stderr })).toBe(0);
    expect(stderr.text).toContain("\r[");
    expect(stderr.text).toContain("] 100% played out done");
    expect(stdout.text).not.toContain("[");
  });

  it("shows its usage for simulate --help and exits 0", async () => {
    const stdout = new Capture();
    const stderr = new Capture();
    expect(await runCli(["simulate", "--help"], { stdout, stderr })).toBe(0);
    expect(stdout.text).toContain("Usage: promise <command> [options]");
    expect(stdout.text).toContain("--max-orders <n>");
    expect(stderr.text).toBe("");
  });

  it("refuses a scenario over the server's order limit unless --max-orders raises it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "promise-cli-"));
    const input = capacityScenario(false);
    input.demand.orders_per_day = { "2026-06-01": 5_000_001 };
    const path = join(dir, "huge.yaml");
    writeFileSync(path, stringify(input));
    const stderr = new Capture();
    expect(await runCli(["simulate", path], { stdout: new Capture(), stderr })).toBe(1);
    expect(stderr.text).toBe(
      `${path}: demand.orders_per_day: the scenario has 5,000,001 orders; at most 5,000,000 are simulated (the command line's --max-orders raises the limit)\n`,
    );
    const small = join(dir, "small.yaml");
    writeFileSync(small, stringify(capacityScenario(false)));
    const refused = new Capture();
    expect(
      await runCli(["simulate", small, "--max-orders", "149"], {
        stdout: new Capture(),
        stderr: refused,
      }),
    ).toBe(1);
    expect(refused.text).toContain("the scenario has 150 orders; at most 149 are simulated");
    expect(
      await runCli(["simulate", small, "--max-orders=150", "--no-questions"], {
        stdout: new Capture(),
        stderr: new Capture(),
      }),
    ).toBe(0);
  });

  it("plays --runs 3 on worker threads with seeds 7, 8 and 9, the same as three runs in one thread", async () => {
    const dir = mkdtempSync(join(tmpdir(), "promise-cli-"));
    const path = join(dir, "lucky.yaml");
    writeFileSync(path, stringify(luckyWeek()));
    const stdout = new Capture();
    const stderr = new Capture();
    const json = join(dir, "runs.json");
    const html = join(dir, "runs.html");
    const code = await runCli(
      ["simulate", path, "--runs", "3", "--confidence", "0.6", "--json", json, "--report", html],
      { stdout, stderr },
    );
    expect(stderr.text).toMatch(/run 3\/3/);
    expect(code).toBe(0);
    const report = JSON.parse(readFileSync(json, "utf8"));
    const reports = [7, 8, 9].map((seed) => simulateSync(scenarioOf(luckyWeek()), { seed }));
    const expected = summarizeSpread(reports, 0.6);
    expect(report.spread).toEqual(JSON.parse(JSON.stringify(expected)));
    expect(report.runs).toEqual(JSON.parse(JSON.stringify(reports[0]!.runs)));
    expect(stdout.text).toContain("  over 3 runs (seeds 7-9), median and p10-p90:");
    expect(stdout.text).toContain(`  at 60% confidence: ${expected.answers[0]!.statement}`);
    const page = readFileSync(html, "utf8");
    expect(page).toContain("<h2>Spread over 3 runs</h2>");
    expect(page).toContain('data-chart="spread-on-time"');
    expect(
      await runCli(["simulate", path, "--runs", "0"], {
        stdout: new Capture(),
        stderr: new Capture(),
      }),
    ).toBe(2);
  }, 60_000);

  it("writes the per-day table as CSV with --csv", async () => {
    const { dir, path } = scenarioFile();
    const stdout = new Capture();
    const csv = join(dir, "days.csv");
    expect(
      await runCli(["simulate", path, "--no-questions", "--csv", csv], {
        stdout,
        stderr: new Capture(),
      }),
    ).toBe(0);
    expect(stdout.text).toContain(`per-day table: ${csv}`);
    const lines = readFileSync(csv, "utf8").split("\r\n");
    expect(lines[0]!.startsWith("run,date,warehouse_id,service_id,orders,")).toBe(true);
    expect(lines[1]).toBe(
      "capacity-aware on,2026-06-01,,,150,1.3333,2,100,100,100,,100,0,150,0,1,50,0,0,0,0",
    );
  });

  it("exits 1 with the field's path for an invalid scenario, and 2 for bad usage", async () => {
    const dir = mkdtempSync(join(tmpdir(), "promise-cli-"));
    const bad = join(dir, "bad.yaml");
    writeFileSync(bad, "version: 1\nstart: 2026-13-01\n");
    const stderr = new Capture();
    expect(await runCli(["simulate", bad], { stdout: new Capture(), stderr })).toBe(1);
    expect(stderr.text).toContain(`${bad}:2: start: expected a date YYYY-MM-DD`);
    const usage = new Capture();
    expect(await runCli(["simulate"], { stdout: new Capture(), stderr: usage })).toBe(2);
    expect(usage.text).toContain("simulate: give the scenario file");
    expect(
      await runCli(["simulate", bad, "--seed", "-1"], {
        stdout: new Capture(),
        stderr: new Capture(),
      }),
    ).toBe(2);
    expect(await runCli(["frobnicate"], { stdout: new Capture(), stderr: new Capture() })).toBe(2);
  });

  it("stops with exit code 130 when interrupted", async () => {
    const { path } = scenarioFile();
    const controller = new AbortController();
    controller.abort();
    const stderr = new Capture();
    const code = await runCli(["simulate", path], {
      stdout: new Capture(),
      stderr,
      signal: controller.signal,
    });
    expect(code).toBe(130);
    expect(stderr.text).toBe("promise: simulation cancelled\n");
  });
});
