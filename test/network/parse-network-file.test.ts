import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { loadNetworkFile } from "../../src/network/load-network-file.js";
import { NetworkFileError, type NetworkFileIssue } from "../../src/network/network-file-error.js";
import { parseNetworkFile } from "../../src/network/parse-network-file.js";
import {
  minimalNetwork,
  type NetworkInput,
  parseNetworkObject,
} from "./fixtures/minimal-network.js";

function errorOf(run: () => unknown): NetworkFileError {
  try {
    run();
  } catch (error) {
    if (error instanceof NetworkFileError) return error;
    throw error;
  }
  throw new Error("expected a NetworkFileError");
}

function issuesOf(network: NetworkInput): { path: string; message: string }[] {
  return errorOf(() => parseNetworkObject(network)).issues.map(({ path, message }) => ({
    path,
    message,
  }));
}

function paths(issues: readonly Pick<NetworkFileIssue, "path">[]): string[] {
  return issues.map((issue) => issue.path);
}

describe("parseNetworkFile", () => {
  test("accepts the minimal network and fills in the defaults", () => {
    const file = parseNetworkObject(minimalNetwork());
    expect(file.warehouses[0]!.handling_days).toBe(0);
    expect(file.warehouses[0]!.receiving_days).toBe(1);
    expect(file.services[0]!.pickup_days).toEqual(["mon", "tue", "wed", "thu", "fri"]);
    expect(file.peaks).toEqual([]);
  });

  test("names the path and line of a bad cut-off time", () => {
    const text = [
      "version: 1",
      "warehouses:",
      "  - id: w1",
      "    name: Warehouse 1",
      "    time_zone: UTC",
      "    holidays: { country: TH, use_library: false }",
      "    cutoff:",
      '      default: "25:00"',
      "carriers: [{ id: c1, name: Carrier 1, holidays: { country: TH, use_library: false } }]",
      "services:",
      "  - id: s1",
      "    carrier: c1",
      "    name: Service 1",
      "    level: standard",
      '    origins: [{ warehouse: w1, pickup_cutoff: "16:00" }]',
      "    lanes: [{ from: w1, to: [z1], transit_days: { min: 1, max: 2 } }]",
      "    price: { currency: THB, amount: 40 }",
      'zones: [{ id: z1, country: TH, postal_prefixes: ["10"] }]',
    ].join("\n");
    const error = errorOf(() => parseNetworkFile(text, "bad-cutoff.yaml"));
    expect(error.issues).toEqual([
      {
        path: "warehouses[0].cutoff.default",
        message: "expected a local time HH:MM (00:00-23:59)",
        line: 8,
      },
    ]);
    expect(error.message).toBe(
      "invalid network file bad-cutoff.yaml (1 problem):\n" +
        "bad-cutoff.yaml:8: warehouses[0].cutoff.default: expected a local time HH:MM (00:00-23:59)",
    );
  });

  test("names a bad per-date cut-off key with the date quoted", () => {
    const network = minimalNetwork();
    network.warehouses[0]!.cutoff.dates = { "2026-02-30": "12:00" };
    expect(issuesOf(network)).toEqual([
      {
        path: 'warehouses[0].cutoff.dates["2026-02-30"]',
        message: "bad key: expected a date YYYY-MM-DD",
      },
    ]);
  });

  test("reports a missing field and a misspelt one", () => {
    const network = minimalNetwork();
    const warehouse = network.warehouses[0]! as unknown as Record<string, unknown>;
    delete warehouse["time_zone"];
    warehouse["handling_day"] = 1;
    expect(issuesOf(network)).toEqual([
      { path: "warehouses[0].time_zone", message: "required (expected string)" },
      { path: "warehouses[0].handling_day", message: "unknown field" },
    ]);
  });

  test("names an unknown warehouse in a lane", () => {
    const network = minimalNetwork();
    network.services[0]!.lanes[0]!.from = "w9";
    expect(issuesOf(network)).toEqual([
      {
        path: "services[0].lanes[0].from",
        message: `"w9" is not one of this service's origin warehouses (w1)`,
      },
    ]);
  });

  test("names an unknown zone by its position in the lane", () => {
    const network = minimalNetwork();
    network.services[0]!.lanes[0]!.to = ["z1", "z9"];
    expect(issuesOf(network)).toEqual([
      { path: "services[0].lanes[0].to[1]", message: `unknown zone "z9"` },
    ]);
  });

  test("names a zone without prefixes or provinces and a bad prefix", () => {
    const network = minimalNetwork();
    network.zones.push({ id: "z2", country: "TH" });
    network.zones.push({ id: "z3", country: "TH", postal_prefixes: ["1a"] });
    expect(paths(issuesOf(network))).toEqual(["zones[1]", "zones[2].postal_prefixes[0]"]);
    expect(issuesOf(network)[0]!.message).toBe("a zone needs postal_prefixes or provinces");
  });

  test("reports a YAML syntax error with its line", () => {
    const text = "version: 1\nwarehouses:\n  - id: w1\n    name: [unclosed\n";
    const error = errorOf(() => parseNetworkFile(text, "broken.yaml"));
    expect(error.issues).toEqual([
      {
        path: "",
        message:
          "YAML syntax error at column 1: Flow sequence in block collection must be sufficiently indented and end with a ]",
        line: 5,
      },
    ]);
    expect(error.message.split("\n")[1]).toMatch(/^broken\.yaml:5: YAML syntax error/);
  });

  test("rejects duplicate ids of every kind", () => {
    const network = minimalNetwork();
    network.warehouses.push({ ...network.warehouses[0]! });
    network.carriers.push({ ...network.carriers[0]! });
    network.services.push({ ...network.services[0]! });
    network.zones.push({ id: "z1", country: "TH", postal_prefixes: ["11"] });
    const issues = issuesOf(network);
    expect(paths(issues)).toEqual([
      "warehouses[1].id",
      "carriers[1].id",
      "services[1].id",
      "zones[1].id",
    ]);
    expect(issues[0]!.message).toBe(`duplicate warehouse id "w1" (first at warehouses[0])`);
  });

  test("rejects an unknown carrier, an unknown or repeated origin and a lane given twice", () => {
    const network = minimalNetwork();
    const service = network.services[0]!;
    service.carrier = "c9";
    service.origins.push({ warehouse: "w9", pickup_cutoff: "16:00" });
    service.origins.push({ warehouse: "w1", pickup_cutoff: "17:00" });
    service.lanes.push({ from: "w1", to: ["z1"], transit_days: { min: 2, max: 3 } });
    expect(issuesOf(network)).toEqual([
      { path: "services[0].carrier", message: `unknown carrier "c9"` },
      { path: "services[0].origins[1].warehouse", message: `unknown warehouse "w9"` },
      { path: "services[0].origins[2].warehouse", message: `warehouse "w1" is listed twice` },
      {
        path: "services[0].lanes[1].to[0]",
        message: "a lane from w1 to z1 is already defined at lanes[0]",
      },
    ]);
  });

  test("requires 0-0 transit for same-day services and at least 1 day for the others", () => {
    const network = minimalNetwork();
    network.services[0]!.lanes[0]!.transit_days = { min: 0, max: 1 };
    network.services.push({
      ...network.services[0]!,
      id: "s2",
      level: "same_day",
      lanes: [{ from: "w1", to: ["z1"], transit_days: { min: 0, max: 1 } }],
    });
    expect(issuesOf(network)).toEqual([
      {
        path: "services[0].lanes[0].transit_days.min",
        message: "a standard service needs at least 1 transit day (only same_day uses 0)",
      },
      {
        path: "services[1].lanes[0].transit_days",
        message: "a same_day service needs transit_days min 0 and max 0",
      },
    ]);
  });

  test("rejects a postal prefix or province in two zones of one country, not of two", () => {
    const network = minimalNetwork();
    network.zones[0]!.provinces = ["Bangkok"];
    network.zones.push({
      id: "z2",
      country: "TH",
      postal_prefixes: ["10"],
      provinces: ["BANGKOK"],
    });
    network.zones.push({ id: "z3", country: "VN", postal_prefixes: ["10"] });
    expect(issuesOf(network)).toEqual([
      { path: "zones[1].postal_prefixes[0]", message: `prefix "10" of TH is already in zone z1` },
      { path: "zones[1].provinces[0]", message: `province "BANGKOK" of TH is already in zone z1` },
    ]);
  });

  test("rejects a remote surcharge in another currency than a service serving the zone", () => {
    const network = minimalNetwork();
    network.zones[0]!.remote = { surcharge: { currency: "EUR", amount: 2 } };
    expect(issuesOf(network)).toEqual([
      {
        path: "zones[0].remote.surcharge.currency",
        message: "EUR differs from THB, the currency of service s1 which has a lane to this zone",
      },
    ]);
  });

  test("rejects unknown services and warehouses in peaks and stock, and repeated stock rows", () => {
    const network = minimalNetwork();
    network.peaks = [
      {
        name: "Peak",
        from: "2026-11-09",
        to: "2026-11-20",
        services: ["s1", "s9"],
        warehouse_capacity: { w9: 10 },
      },
    ];
    network.stock = [
      { sku: "A", warehouse: "w1", on_hand: 1 },
      { sku: "A", warehouse: "w9", on_hand: 1 },
      { sku: "A", warehouse: "w1", on_hand: 2 },
    ];
    expect(issuesOf(network)).toEqual([
      { path: "peaks[0].services[1]", message: `unknown service "s9"` },
      { path: "peaks[0].warehouse_capacity.w9", message: `unknown warehouse "w9"` },
      { path: "stock[1].warehouse", message: `unknown warehouse "w9"` },
      { path: "stock[2]", message: "stock for A in w1 is already given at stock[0]" },
    ]);
  });

  test("rejects a holiday country or region date-holidays does not know", () => {
    const network = minimalNetwork();
    network.warehouses[0]!.holidays = { country: "XX" };
    network.carriers[0]!.holidays = { country: "DE", region: "ZZ" };
    const issues = issuesOf(network);
    expect(paths(issues)).toEqual([
      "warehouses[0].holidays.country",
      "carriers[0].holidays.region",
    ]);
    expect(issues[1]!.message).toMatch(/^date-holidays has no region ZZ in DE \(known: BB, BE, /);
  });

  test("accepts a region with or without its country prefix", () => {
    const network = minimalNetwork();
    network.warehouses[0]!.holidays = { country: "DE", region: "BY" };
    network.carriers[0]!.holidays = { country: "DE", region: "DE-BY" };
    expect(() => parseNetworkObject(network)).not.toThrow();
  });
});

describe("loadNetworkFile", () => {
  test("loads the sample network", () => {
    const file = loadNetworkFile("samples/network.yaml");
    expect(file.warehouses.map((w) => w.id)).toEqual(["bkk-1", "hcm-1", "ams-1"]);
    expect(new Set(file.stock.map((row) => row.sku)).size).toBe(36);
  });

  test("reports a missing file as a NetworkFileError", () => {
    const path = join(mkdtempSync(join(tmpdir(), "network-")), "missing.yaml");
    const error = errorOf(() => loadNetworkFile(path));
    expect(error.issues).toEqual([{ path: "", message: "file not found" }]);
    expect(error.message).toBe(
      `invalid network file ${path} (1 problem):\n${path}: file not found`,
    );
  });

  test("names the file it read in every issue", () => {
    const path = join(mkdtempSync(join(tmpdir(), "network-")), "bad.yaml");
    writeFileSync(path, "version: 2\n");
    const lines = errorOf(() => loadNetworkFile(path))
      .message.split("\n")
      .slice(1);
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) expect(line.startsWith(`${path}:`)).toBe(true);
  });
});
