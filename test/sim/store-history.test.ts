import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import * as grpc from "@grpc/grpc-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { runCli } from "../../src/cli/run-cli.js";
import { isoDay } from "../../src/engine/day.js";
import type { PeakPlannerServiceClient } from "../../src/grpc/generated/promise/v1/PeakPlannerService.js";
import type { SimulateResponse__Output } from "../../src/grpc/generated/promise/v1/SimulateResponse.js";
import { loadProto } from "../../src/grpc/load-proto.js";
import { createPeakPlannerService } from "../../src/grpc/peak-planner-service.js";
import { loadScenarioFile, storeHistoryNeeds } from "../../src/sim/parse-scenario.js";
import { simulateSync } from "../../src/sim/simulate.js";
import { readStoreHistory } from "../../src/sim/store-history.js";
import { openStore } from "../../src/store/open-store.js";
import type { Store } from "../../src/store/store.js";
import { NINE_O_CLOCK, smallNetwork } from "./scenario-fixtures.js";

const dir = mkdtempSync(join(tmpdir(), "promise-store-history-"));
let store: Store;

/** A promise made at `at` for `lines`, to a Thai postal code, written as checkout writes it. */
async function promise(key: string, at: string, lines: [string, number][], postal: string) {
  const outcome = await store.confirm(
    {
      idempotencyKey: key,
      requestHash: key,
      skus: [],
      fromDay: isoDay("2025-06-02"),
      toDay: isoDay("2025-06-02"),
    },
    () => ({
      ok: true,
      promise: {
        id: key,
        createdAtMs: Date.parse(at),
        payload: {
          lines: lines.map(([sku, quantity]) => ({ sku, quantity })),
          destination: { countryCode: "TH", postalCode: postal, province: "" },
          shipments: [],
        },
      },
      stock: [],
      capacity: [],
    }),
  );
  if (outcome.kind !== "confirmed") throw new Error(JSON.stringify(outcome));
}

/** w1 -> z1 has a 1-day lane; min_samples 4 so four deliveries are learned. */
function network() {
  return { ...smallNetwork(), learning: { min_samples: 4 } };
}

function scenarioFile(extra: Record<string, unknown>): string {
  const path = join(dir, `scenario-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(
    path,
    stringify({
      version: 1,
      network: "network.yaml",
      start: "2026-06-01",
      days: 2,
      stock: { unlimited: true },
      ...extra,
    }),
  );
  return path;
}

async function historyOf(path: string) {
  const needs = storeHistoryNeeds(readFileSync(path, "utf8"), path, { baseDir: dir });
  if (needs === undefined) throw new Error("the scenario asks nothing of the store");
  return readStoreHistory(store, needs);
}

beforeAll(async () => {
  writeFileSync(join(dir, "network.yaml"), stringify(network()));
  store = await openStore({ sqlitePath: join(dir, "store.db") });
  // Monday 2025-06-02 (w1 is UTC): P1 two lines, P2 one; Tuesday: P3; P4 (Tuesday) is
  // cancelled; P5 (Wednesday) lies after the two days read; P0 (Sunday) before them.
  await promise("P0", "2025-06-01T23:59:00Z", [["TEE", 1]], "10110");
  await promise(
    "P1",
    "2025-06-02T09:30:00Z",
    [
      ["TEE", 1],
      ["CAP", 2],
    ],
    "10110",
  );
  await promise("P2", "2025-06-02T13:10:00Z", [["TEE", 1]], "10200");
  await promise("P3", "2025-06-03T09:05:00Z", [["TEE", 3]], "10110");
  await promise("P4", "2025-06-03T10:00:00Z", [["CAP", 1]], "10110");
  await store.cancelPromise("P4", Date.parse("2025-06-03T11:00:00Z"));
  await promise("P5", "2025-06-04T09:00:00Z", [["CAP", 1]], "10110");
  // Four w1 -> z1 parcels shipped Monday and delivered Wednesday (2 delivery days), one of an
  // unknown service (skipped).
  const delivery = (serviceId: string) => ({
    warehouseId: "w1",
    serviceId,
    countryCode: "TH",
    postalCode: "10110",
    shipDay: isoDay("2025-06-02"),
    deliveredDay: isoDay("2025-06-04"),
    promisedLatestDay: null,
  });
  await store.importDeliveries([
    delivery("s1"),
    delivery("s1"),
    delivery("s1"),
    delivery("s1"),
    delivery("s9"),
  ]);
});

afterAll(async () => {
  await store?.close();
});

describe("demand and transit from the store's history", () => {
  it("takes orders per day (x growth), each day's hours and the mixes from the store's promises", async () => {
    const path = scenarioFile({
      history: { orders_from_store: true, from: "2025-06-02", growth: 2 },
    });
    const history = await historyOf(path);
    expect(history.promises).toBe(3);
    const scenario = loadScenarioFile(path, { storeHistory: history });
    const { demand, mix } = scenario.file;
    expect(demand.orders_per_day).toEqual({ "2026-06-01": 4, "2026-06-02": 2 });
    expect(demand.multipliers.map((m) => [m.name, m.date])).toEqual([
      ["history 2025-06-02", "2026-06-01"],
      ["history 2025-06-03", "2026-06-02"],
    ]);
    const monday = demand.multipliers[0]!.hourly_profile!;
    expect([monday[9], monday[13], monday.reduce((a, b) => a + b, 0)]).toEqual([1, 1, 2]);
    expect(mix.skus).toEqual([
      { sku: "TEE", weight: 3 },
      { sku: "CAP", weight: 1 },
    ]);
    expect(mix.quantities).toEqual([
      { quantity: 1, weight: 2 },
      { quantity: 2, weight: 1 },
      { quantity: 3, weight: 1 },
    ]);
    expect(mix.lines).toEqual([
      { count: 1, weight: 2 },
      { count: 2, weight: 1 },
    ]);
    expect(mix.destinations).toEqual([
      { country: "TH", postal_code: "10110", weight: 2 },
      { country: "TH", postal_code: "10200", weight: 1 },
    ]);
    expect(simulateSync(scenario).runs[0]!.summary.orders).toBe(6);
  });

  it("learns each lane's transit from recorded deliveries and plays it", async () => {
    const orders = {
      demand: {
        time_zone: "UTC",
        orders_per_day: { "2026-06-01": 10 },
        hourly_profile: NINE_O_CLOCK,
      },
      mix: {
        skus: [{ sku: "TEE", weight: 1 }],
        destinations: [{ country: "TH", postal_code: "10110", weight: 1 }],
      },
      questions: { compare_capacity_aware: false, min_capacity: false, min_buffer_days: false },
    };
    const path = scenarioFile({
      ...orders,
      history: { transit_from_store: true, from: "2025-06-01" },
    });
    const history = await historyOf(path);
    expect([history.deliveries, history.deliveriesUsed]).toEqual([5, 4]);
    expect(history.lanes).toEqual([
      { service: "s1", warehouse: "w1", zone: "z1", peak: false, days: { "2": 1 }, samples: 4 },
    ]);
    // Ten orders Monday 09:00 ship Monday and are promised Tuesday (a 1-day lane); the learned
    // lane delivers every parcel Wednesday: all ten broken in transit.
    const learned = simulateSync(loadScenarioFile(path, { storeHistory: history })).runs[0]!
      .summary;
    expect([learned.kept, learned.broken, learned.brokenInTransit]).toEqual([0, 10, 10]);
    // A lane written in the scenario wins over the learned one: 1 day, all ten kept.
    const written = scenarioFile({
      ...orders,
      history: { transit_from_store: true, from: "2025-06-01" },
      actual: {
        transit: { lanes: [{ service: "s1", warehouse: "w1", zone: "z1", days: { "1": 1 } }] },
      },
    });
    const own = simulateSync(loadScenarioFile(written, { storeHistory: history })).runs[0]!.summary;
    expect([own.kept, own.broken]).toEqual([10, 0]);
  });

  it("refuses a scenario that asks for the store's history when it was not read", () => {
    const path = scenarioFile({ history: { orders_from_store: true, from: "2025-06-02" } });
    expect(() => loadScenarioFile(path)).toThrow(
      "history.orders_from_store: the store's history was not read",
    );
  });

  it("says when the store has no promise in the days read", async () => {
    const path = scenarioFile({ history: { orders_from_store: true, from: "2024-06-02" } });
    await expect(historyOf(path)).rejects.toThrow(
      "no promise in the store was made in the 2 days from 2024-06-02 (local dates in UTC)",
    );
  });
});

describe("promise simulate with the store's history", () => {
  it("reads the store the PROMISE_* settings name, says what it read on stderr, and hands it to worker threads", async () => {
    const path = scenarioFile({
      history: { orders_from_store: true, transit_from_store: true, from: "2025-06-02", growth: 2 },
      questions: { compare_capacity_aware: false, min_capacity: false, min_buffer_days: false },
    });
    const out = join(dir, "cli.json");
    const capture = () => {
      const sink = new Writable({
        write(chunk, _encoding, done) {
          (sink as unknown as { text: string }).text += chunk.toString();
          done();
        },
      });
      (sink as unknown as { text: string }).text = "";
      return sink as Writable & { text: string };
    };
    const stdout = capture();
    const stderr = capture();
    const saved = process.env.PROMISE_SQLITE_PATH;
    process.env.PROMISE_SQLITE_PATH = join(dir, "store.db");
    try {
      const code = await runCli(["simulate", path, "--json", out], { stdout, stderr });
      expect(stderr.text).toContain(
        "history from the store: 3 promises; 4 of 5 deliveries, 1 lane populations learned\n",
      );
      expect(code).toBe(0);
      // With --runs the history read once crosses to the worker threads.
      const runs = await runCli(["simulate", path, "--runs", "2", "--json", `${out}.runs`], {
        stdout: capture(),
        stderr: capture(),
      });
      expect(runs).toBe(0);
    } finally {
      if (saved === undefined) delete process.env.PROMISE_SQLITE_PATH;
      else process.env.PROMISE_SQLITE_PATH = saved;
    }
    const report = JSON.parse(readFileSync(out, "utf8")) as {
      runs: { summary: { orders: number } }[];
    };
    expect(report.runs[0]!.summary.orders).toBe(6);
    const spread = JSON.parse(readFileSync(`${out}.runs`, "utf8")) as {
      runs: { summary: { orders: number } }[];
      spread: { seeds: number[] };
    };
    expect([spread.runs[0]!.summary.orders, spread.spread.seeds.length]).toEqual([6, 2]);
  });
});

describe("PeakPlannerService.Simulate with the server's store history", () => {
  it("learns the lane from the server's store and answers INVALID_ARGUMENT when no promise is in the days read", async () => {
    const server = new grpc.Server();
    const planner = createPeakPlannerService({ maxConcurrent: 1, historyStore: store });
    server.addService(planner.definition, planner.implementation);
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) =>
        err ? reject(err) : resolve(p),
      ),
    );
    const { proto } = loadProto();
    const client = new proto.promise.v1.PeakPlannerService(
      `127.0.0.1:${port}`,
      grpc.credentials.createInsecure(),
    ) as unknown as PeakPlannerServiceClient;
    const call = (scenario: Record<string, unknown>) =>
      new Promise<{ events: SimulateResponse__Output[]; error?: grpc.ServiceError }>((resolve) => {
        const events: SimulateResponse__Output[] = [];
        const stream = client.Simulate({ scenarioYaml: stringify(scenario) });
        stream.on("data", (e: SimulateResponse__Output) => events.push(e));
        stream.on("error", (error: grpc.ServiceError) => resolve({ events, error }));
        stream.on("end", () => resolve({ events }));
      });
    const base = {
      version: 1,
      network: network(),
      start: "2026-06-01",
      days: 2,
      stock: { unlimited: true },
      questions: { compare_capacity_aware: false, min_capacity: false, min_buffer_days: false },
    };
    try {
      const { events, error } = await call({
        ...base,
        demand: {
          time_zone: "UTC",
          orders_per_day: { "2026-06-01": 10 },
          hourly_profile: NINE_O_CLOCK,
        },
        mix: {
          skus: [{ sku: "TEE", weight: 1 }],
          destinations: [{ country: "TH", postal_code: "10110", weight: 1 }],
        },
        history: { transit_from_store: true, from: "2025-06-01" },
      });
      expect(error).toBeUndefined();
      expect(events.at(-1)!.summary).toMatchObject({ orders: 10, kept: 0, broken: 10 });
      const refused = await call({
        ...base,
        history: { orders_from_store: true, from: "2024-06-02" },
      });
      expect(refused.error?.code).toBe(grpc.status.INVALID_ARGUMENT);
      expect(refused.error?.metadata.get("promise-field")).toEqual(["history.orders_from_store"]);
    } finally {
      client.close();
      await new Promise<void>((resolve) => server.tryShutdown(() => resolve()));
    }
  });
});
