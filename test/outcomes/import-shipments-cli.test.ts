import { spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Writable } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/run-cli.js";
import { isoDay } from "../../src/engine/day.js";
import { IMPORT_BATCH_ROWS } from "../../src/outcomes/import-shipment-csv.js";
import { openStore } from "../../src/store/open-store.js";
import type { DeliveryRecord } from "../../src/store/store.js";
import { tempDir } from "../support/temp-dir.js";

class Capture extends Writable {
  text = "";
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

const ENV = {
  PROMISE_FIXED_NOW: "2026-06-17T03:00:00Z",
  PROMISE_NETWORK_FILE: "samples/network.yaml",
};

let dir: { path: string; remove(): void };
let dbPath: string;
const saved: Record<string, string | undefined> = {};

beforeEach(() => {
  dir = tempDir("promise-import-");
  dbPath = join(dir.path, "promise.db");
  for (const [k, v] of Object.entries({ ...ENV, PROMISE_SQLITE_PATH: dbPath })) {
    saved[k] = process.env[k];
    process.env[k] = v;
  }
});

afterEach(() => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  dir.remove();
});

async function run(...argv: string[]) {
  const stdout = new Capture();
  const stderr = new Capture();
  const code = await runCli(argv, { stdout, stderr });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

async function stored(): Promise<DeliveryRecord[]> {
  const store = await openStore({ sqlitePath: dbPath });
  try {
    const rows: DeliveryRecord[] = [];
    for await (const page of store.loadDeliveries(isoDay("2020-01-01"), isoDay("2030-01-01"))) {
      rows.push(...page);
    }
    return rows;
  } finally {
    await store.close();
  }
}

describe("promise import-shipments", () => {
  it("imports the sample CSV: 1,000 deliveries, nothing rejected", async () => {
    const result = await run("import-shipments", "samples/shipments.csv");
    expect(result.stdout).toBe(
      "1000 rows imported, 0 rejected, from 1001 lines of samples/shipments.csv\n",
    );
    expect([result.code, result.stderr]).toEqual([0, "imported 1000 rows (committed)\n"]);
    const rows = await stored();
    expect(rows.length).toBe(1000);
    // Line 2: shipped Fri 5 June, delivered 16:33 Bangkok time on Tue 9 June, promised by 11 June.
    // (A batch is stored in import-key order, not file order.)
    const line2 = rows.filter(
      (r) =>
        r.postalCode === "30000" &&
        r.shipDay === isoDay("2026-06-05") &&
        r.deliveredDay === isoDay("2026-06-09"),
    );
    expect(line2).toEqual([
      {
        source: "import",
        warehouseId: "bkk-1",
        serviceId: "thaipost-ems",
        countryCode: "TH",
        postalCode: "30000",
        shipDay: isoDay("2026-06-05"),
        deliveredDay: isoDay("2026-06-09"),
        promisedEarliestDay: null,
        promisedLatestDay: isoDay("2026-06-11"),
        onTimeProbability: null,
      },
    ]);
  });

  it("imports the sample CSV a second time without counting a parcel twice: the same accuracy figures", async () => {
    await run("import-shipments", "samples/shipments.csv");
    const accuracy = () => run("accuracy", "--from", "2026-03-20", "--to", "2026-06-10");
    const before = await accuracy();
    const again = await run("import-shipments", "samples/shipments.csv");
    expect(again.stdout).toBe(
      "0 rows imported, 1000 already imported, 0 rejected, from 1001 lines of samples/shipments.csv\n",
    );
    expect(again.code).toBe(0);
    expect((await stored()).length).toBe(1000);
    const after = await accuracy();
    expect(after.stdout).toBe(before.stdout);
    // The worked example's figures (docs/outcomes-and-accuracy.md).
    expect(after.stdout).toContain(
      "kerry-express            shipped 400, delivered 400, early 0, on time 377, late 23, on-time rate 94.3%",
    );
  });

  it("keeps identical parcels apart and stores only the new ones of an overlapping file", async () => {
    const header =
      "origin_warehouse,service,destination_country,destination_postal_code,ship_date,delivered";
    const parcel = "bkk-1,kerry-express,TH,10110,2026-06-01,2026-06-02";
    const first = join(dir.path, "first.csv");
    writeFileSync(first, [header, parcel, parcel].join("\n"));
    expect((await run("import-shipments", first)).stdout).toBe(
      `2 rows imported, 0 rejected, from 3 lines of ${first}\n`,
    );
    // The next export repeats both parcels and adds a third identical one and another.
    const second = join(dir.path, "second.csv");
    const other = "bkk-1,kerry-express,TH,10500,2026-06-01,2026-06-02";
    writeFileSync(second, [header, parcel, other, parcel, parcel].join("\n"));
    expect((await run("import-shipments", second)).stdout).toBe(
      `2 rows imported, 2 already imported, 0 rejected, from 5 lines of ${second}\n`,
    );
    expect((await stored()).map((r) => r.postalCode).sort()).toEqual([
      "10110",
      "10110",
      "10110",
      "10500",
    ]);
  });

  it("reports each bad line with its number, column and reason, and imports the others", async () => {
    const path = join(dir.path, "mixed.csv");
    writeFileSync(
      path,
      [
        "service,origin_warehouse,destination_country,destination_postal_code,ship_date,delivered",
        'kerry-express,bkk-1,TH,"10110",2026-06-01,2026-06-02',
        "kerry-express,bkk-9,TH,10110,2026-06-01,2026-06-02",
        "dhl-paket,bkk-1,TH,10110,2026-06-01,2026-06-02",
        "kerry-express,bkk-1,TH,99999x,2026-06-01,2026-06-02",
        "kerry-express,bkk-1,TH,10110,2026-06-31,2026-06-02",
        "kerry-express,bkk-1,TH,10110,2026-06-03,2026-06-02",
        "kerry-express,bkk-1,TH,10110,2026-06-03,2026-06-25",
        'kerry-express,bkk-1,TH,"10110,2026-06-01,2026-06-02',
        "",
        "kerry-express,bkk-1,th,10500,2026-06-01,2026-06-01T23:30:00Z",
      ].join("\r\n"),
    );
    const result = await run("import-shipments", path);
    expect(result.code).toBe(1);
    expect(result.stderr.split("\n").filter((l) => l.startsWith(path))).toEqual([
      `${path}:3: origin_warehouse: unknown warehouse "bkk-9"`,
      `${path}:4: service: "dhl-paket" does not pick up at "bkk-1"`,
      `${path}:5: destination_postal_code: "99999x" is not a valid postal code for TH`,
      `${path}:6: ship_date: expected a date YYYY-MM-DD`,
      `${path}:7: delivered: delivered before it shipped`,
      `${path}:8: delivered: more than a day in the future`,
      `${path}:9: line: malformed CSV (unclosed or misplaced quote)`,
    ]);
    expect(result.stdout).toBe(`2 rows imported, 7 rejected, from 11 lines of ${path}\n`);
    // 23:30 UTC on 1 June is 06:30 on 2 June in Bangkok.
    const rows = (await stored()).map((r) => [r.postalCode, r.deliveredDay]);
    expect(rows.sort()).toEqual([
      ["10110", isoDay("2026-06-02")],
      ["10500", isoDay("2026-06-02")],
    ]);
  });

  it("refuses a file whose header does not name the columns, importing nothing", async () => {
    const path = join(dir.path, "headless.csv");
    writeFileSync(path, "bkk-1,kerry-express,TH,10110,2026-06-01,2026-06-02\n");
    const result = await run("import-shipments", path);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /line 1: the header must name the columns .* missing origin_warehouse/,
    );
    expect(await stored()).toEqual([]);
  });

  it("keeps every batch it reported committed when the import is killed with SIGKILL", async () => {
    const sample = readFileSync("samples/shipments.csv", "utf8").trimEnd().split("\n");
    const path = join(dir.path, "big.csv");
    const body = sample.slice(1).join("\n");
    writeFileSync(path, `${sample[0]}\n${Array.from({ length: 500 }, () => body).join("\n")}\n`);
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "src/cli/main.ts", "import-shipments", path],
      {
        env: { ...process.env },
        stdio: ["ignore", "ignore", "pipe"],
      },
    );
    let reported = 0;
    await new Promise<void>((resolve, reject) => {
      let text = "";
      child.stderr.on("data", (chunk: Buffer) => {
        text += chunk.toString();
        const all = [...text.matchAll(/imported (\d+) rows \(committed\)/g)];
        if (all.length > 0) reported = Number(all[all.length - 1]![1]);
        if (reported >= 2 * IMPORT_BATCH_ROWS) {
          child.kill("SIGKILL");
          resolve();
        }
      });
      child.on("exit", () => resolve());
      child.on("error", reject);
    });
    await new Promise((r) => child.once("exit", r).once("close", r));
    const rows = (await stored()).length;
    expect(reported).toBeGreaterThanOrEqual(2 * IMPORT_BATCH_ROWS);
    expect(rows).toBeGreaterThanOrEqual(reported);
    // Batches are all or nothing.
    expect(rows % IMPORT_BATCH_ROWS).toBe(0);
    expect(rows).toBeLessThan(500_000);
    // Run again, it stores exactly the rows the killed import had not committed.
    const resumed = await run("import-shipments", path);
    expect(resumed.stdout).toBe(
      `${500_000 - rows} rows imported, ${rows} already imported, 0 rejected, from 500001 lines of ${path}\n`,
    );
    expect((await stored()).length).toBe(500_000);
  }, 300_000);
});
