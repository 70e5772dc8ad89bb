import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { formatIsoDay } from "../../src/engine/day.js";
import {
  loadScenarioFile,
  parseScenarioFile,
  type Scenario,
} from "../../src/sim/parse-scenario.js";
import { ScenarioFileError } from "../../src/sim/scenario-file-error.js";
import type { ScenarioInput } from "../../src/sim/scenario-schema.js";
import { capacityScenario, smallNetwork } from "./scenario-fixtures.js";

function issuesOf(run: () => unknown): { path: string; message: string; line?: number }[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ScenarioFileError) {
      return error.issues.map(({ path, message, line }) =>
        line === undefined ? { path, message } : { path, message, line },
      );
    }
    throw error;
  }
  throw new Error("expected a ScenarioFileError");
}

const pathsOf = (input: ScenarioInput) =>
  issuesOf(() => parseScenarioFile(stringify(input), "s.yaml")).map((i) => i.path);

describe("parsing a scenario", () => {
  it("fills the defaults and compiles the network from two days before the start", () => {
    const scenario: Scenario = parseScenarioFile(stringify(capacityScenario(true)), "s.yaml");
    expect(scenario.file.seed).toBe(7);
    expect(scenario.file.target_on_time).toBe(0.95);
    expect(scenario.file.policy.choice).toEqual({ fastest: 1, cheapest: 0 });
    expect(scenario.file.mix.quantities).toEqual([{ quantity: 1, weight: 1 }]);
    expect(formatIsoDay(scenario.net.horizon.firstDay)).toBe("2026-05-30");
    expect(formatIsoDay(scenario.net.horizon.orderLastDay)).toBe("2026-06-06");
    expect(scenario.destinationZones.map((z) => z.id)).toEqual(["z1"]);
    expect(scenario.demandTimeZone).toBe("UTC");
  });

  it("names the line and path of a misspelt field and of a distribution that does not sum to 1", () => {
    const text = [
      "version: 1",
      "start: 2026-06-01",
      "days: 3",
      "demand: { orders_per_day: 10, hourly_profil: [] }",
      "mix: { skus: [{ sku: TEE, weight: 1 }], destinations: [{ country: TH, postal_code: '10110', weight: 1 }] }",
      "actual:",
      "  transit:",
      "    services: { s1: { 0: 0.5, 1: 0.4 } }",
    ].join("\n");
    expect(issuesOf(() => parseScenarioFile(text, "s.yaml"))).toEqual([
      { path: "demand.hourly_profil", message: "unknown field", line: 4 },
      { path: "actual.transit.services.s1", message: "the probabilities must sum to 1", line: 8 },
    ]);
  });

  it("rejects names the network does not have, with the field's path", () => {
    const input = capacityScenario(true);
    input.capacity_changes = [{ warehouse: "w9", date: "2026-06-01", capacity: 5 }];
    input.actual = {
      slowdowns: [{ name: "x", date: "2026-06-01", services: ["s9"], extra_days: { "1": 1 } }],
    };
    input.questions = { min_capacity: ["w1", "w8"] };
    input.extra_peaks = [{ name: "p", from: "2026-06-01", to: "2026-06-02", services: ["s7"] }];
    expect(pathsOf(input)).toEqual([
      "extra_peaks[0].services[0]",
      "capacity_changes[0].warehouse",
      "actual.slowdowns[0].services[0]",
      "questions.min_capacity[1]",
    ]);
  });

  it("rejects a SKU with no stock anywhere unless stock is unlimited", () => {
    const input = capacityScenario(true);
    input.stock = { rows: [{ sku: "MUG", warehouse: "w1", on_hand: 3 }] };
    expect(issuesOf(() => parseScenarioFile(stringify(input), "s.yaml"))).toEqual([
      {
        path: "mix.skus[0].sku",
        message:
          "no stock row for TEE in the network or the scenario (set stock.unlimited to ignore stock)",
        line: expect.any(Number),
      },
    ]);
  });

  it("rejects a destination the network cannot resolve, naming the destination's field", () => {
    const input = capacityScenario(true);
    input.mix.destinations = [
      { country: "TH", postal_code: "1011", weight: 1 },
      { country: "VN", postal_code: "70000", weight: 1 },
    ];
    expect(issuesOf(() => parseScenarioFile(stringify(input), "s.yaml"))).toEqual([
      {
        path: "mix.destinations[0].postal_code",
        message: `"1011" is not a valid postal code for TH`,
        line: expect.any(Number),
      },
      {
        path: "mix.destinations[1].country",
        message: "country VN is not served",
        line: expect.any(Number),
      },
    ]);
  });

  it("prefixes the problems of an inline network with network.", () => {
    const input = capacityScenario(true);
    const network = smallNetwork();
    network.warehouses[0]!.time_zone = "Mars/Olympus";
    input.network = network as unknown as Record<string, unknown>;
    expect(pathsOf(input)).toEqual(["network.warehouses[0].time_zone"]);
  });

  it("refuses a network path without a folder to read it from (a remote caller's scenario)", () => {
    const input = capacityScenario(true);
    input.network = "../samples/network.yaml";
    expect(issuesOf(() => parseScenarioFile(stringify(input), "s.yaml"))).toEqual([
      {
        path: "network",
        message: "a network path is not accepted here: give the network inline",
        line: expect.any(Number),
      },
    ]);
  });

  it("reads a network path relative to the scenario file, and keeps it inside a confined folder", () => {
    const dir = mkdtempSync(join(tmpdir(), "scenario-"));
    mkdirSync(join(dir, "scenarios"));
    writeFileSync(join(dir, "net.yaml"), stringify(smallNetwork()));
    const input = capacityScenario(true);
    input.network = "../net.yaml";
    writeFileSync(join(dir, "scenarios", "s.yaml"), stringify(input));
    const scenario = loadScenarioFile(join(dir, "scenarios", "s.yaml"));
    expect(scenario.net.warehouses.map((w) => w.id)).toEqual(["w1"]);
    expect(
      issuesOf(() =>
        parseScenarioFile(stringify(input), "s.yaml", {
          baseDir: join(dir, "scenarios"),
          confineTo: join(dir, "scenarios"),
        }),
      ).map((i) => i.message),
    ).toEqual(["the network path must stay inside the allowed folder"]);
  });

  it("reports a broken network file under `network`, with the network file's own line and path", () => {
    const dir = mkdtempSync(join(tmpdir(), "scenario-"));
    writeFileSync(join(dir, "net.yaml"), "version: 1\nwarehouses: []\n");
    const input = capacityScenario(true);
    input.network = "net.yaml";
    const issues = issuesOf(() => parseScenarioFile(stringify(input), "s.yaml", { baseDir: dir }));
    expect(issues.map((i) => i.path)).toEqual(["network", "network", "network", "network"]);
    expect(issues[0]!.message).toMatch(/^net\.yaml:2: warehouses: /);
  });

  it("requires a network when the host supplies none, and runs on the host's when it does", () => {
    const input = capacityScenario(true);
    delete input.network;
    expect(pathsOf(input)).toEqual(["network"]);
    const hostNetwork = parseScenarioFile(stringify(capacityScenario(true)), "s.yaml").network;
    const scenario = parseScenarioFile(stringify(input), "s.yaml", { defaultNetwork: hostNetwork });
    expect(scenario.net.warehouses.map((w) => w.id)).toEqual(["w1"]);
  });
});
