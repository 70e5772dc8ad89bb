import * as grpc from "@grpc/grpc-js";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { stringify } from "yaml";
import type { PeakPlannerServiceClient } from "../../src/grpc/generated/promise/v1/PeakPlannerService.js";
import type { SimulateRequest } from "../../src/grpc/generated/promise/v1/SimulateRequest.js";
import type { SimulateResponse__Output } from "../../src/grpc/generated/promise/v1/SimulateResponse.js";
import { loadProto } from "../../src/grpc/load-proto.js";
import { createPeakPlannerService } from "../../src/grpc/peak-planner-service.js";
import { SimulationSlots } from "../../src/grpc/simulation-slots.js";
import { summarizeSpread } from "../../src/sim/seed-spread.js";
import { simulateSync } from "../../src/sim/simulate.js";
import { capacityScenario, luckyWeek, scenarioOf, twoPeaks } from "./scenario-fixtures.js";

let server: grpc.Server;
let client: PeakPlannerServiceClient;
/** One simulation at a time, as the server runs it (main.ts shares its slots with the metrics). */
const slots = new SimulationSlots(1);

beforeAll(async () => {
  server = new grpc.Server();
  const planner = createPeakPlannerService({ slots });
  server.addService(planner.definition, planner.implementation);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) =>
      err ? reject(err) : resolve(p),
    ),
  );
  const { proto } = loadProto();
  client = new proto.promise.v1.PeakPlannerService(
    `127.0.0.1:${port}`,
    grpc.credentials.createInsecure(),
  ) as unknown as PeakPlannerServiceClient;
});

afterAll(async () => {
  client?.close();
  await new Promise<void>((resolve) => server.tryShutdown(() => resolve()));
});

interface Outcome {
  readonly events: SimulateResponse__Output[];
  readonly error?: grpc.ServiceError;
}

function call(
  request: SimulateRequest,
  onEvent?: (
    e: SimulateResponse__Output,
    stream: grpc.ClientReadableStream<SimulateResponse__Output>,
  ) => void,
): Promise<Outcome> {
  return new Promise((resolve) => {
    const events: SimulateResponse__Output[] = [];
    const stream = client.Simulate(request);
    stream.on("data", (event: SimulateResponse__Output) => {
      events.push(event);
      onEvent?.(event, stream);
    });
    stream.on("error", (error: grpc.ServiceError) => resolve({ events, error }));
    stream.on("end", () => resolve({ events }));
  });
}

const compared = () => {
  const input = capacityScenario(true);
  input.questions = { compare_capacity_aware: true, min_capacity: ["w1"], min_buffer_days: true };
  return stringify(input);
};

describe("PeakPlannerService.Simulate", () => {
  it("streams progress, then every run's days, then the summary with the planner's answers", async () => {
    const { events, error } = await call({ scenarioYaml: compared() });
    expect(error).toBeUndefined();
    const kinds = events.map((e) => e.event);
    expect(kinds[0]).toBe("progress");
    expect(kinds.at(-1)).toBe("summary");
    const firstDay = kinds.indexOf("day");
    expect(kinds.slice(firstDay, -1).every((k) => k === "day")).toBe(true);
    expect(kinds.slice(0, firstDay).every((k) => k === "progress")).toBe(true);

    const monday = events
      .map((e) => e.day)
      .filter((d) => d?.date === "2026-06-01" && d.warehouseId === "")
      .map((d) => [d!.run, d!.shipped, d!.backlog, d!.kept, d!.broken, d!.capacity]);
    expect(monday).toEqual([
      ["capacity-aware on", 100, 0, 150, 0, 100],
      ["capacity-aware off", 100, 50, 100, 50, 100],
    ]);

    const summary = events.at(-1)!.summary!;
    expect(summary).toMatchObject({ orders: 150, kept: 150, broken: 0, seed: 7 });
    expect(summary.runs.map((r) => [r.run, r.broken])).toEqual([
      ["capacity-aware on", 0],
      ["capacity-aware off", 50],
    ]);
    expect(summary.capacityAnswers).toMatchObject([
      { warehouseId: "w1", dailyCapacity: 143, found: true },
    ]);
    expect(summary.bufferAnswers.map((a) => [a.serviceId, a.bufferDays])).toEqual([
      ["", 0],
      ["s1", 0],
    ]);
  });

  it("overrides the seed when asked", async () => {
    const { events } = await call({ scenarioYaml: compared(), seed: 99, skipQuestions: true });
    const summary = events.at(-1)!.summary!;
    expect(summary.seed).toBe(99);
    expect(summary.runs).toHaveLength(1);
    expect(summary.capacityAnswers).toEqual([]);
  });

  it("plays several seeds when asked for runs, with the spread and the answers at a confidence", async () => {
    const { events, error } = await call({
      scenarioYaml: stringify(luckyWeek()),
      runs: 3,
      confidence: 0.6,
    });
    expect(error).toBeUndefined();
    const summary = events.at(-1)!.summary!;
    const reports = [7, 8, 9].map((seed) => simulateSync(scenarioOf(luckyWeek()), { seed }));
    const expected = summarizeSpread(reports, 0.6);
    expect(summary.runCount).toBe(3);
    expect(summary.seeds).toEqual([7, 8, 9]);
    expect(summary.confidence).toBe(0.6);
    expect(summary.seed).toBe(7);
    expect(summary.broken).toBe(reports[0]!.runs[0]!.summary.broken);
    expect(summary.spreads.map((p) => [p.run, p.broken!.median])).toEqual(
      expected.policies.map((p) => [p.label, p.broken.median]),
    );
    expect(summary.confidentAnswers.map((a) => a.statement)).toEqual(
      expected.answers.map((a) => a.statement),
    );
    const bad = await call({ scenarioYaml: compared(), runs: 101 });
    expect(bad.error?.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(bad.error?.metadata.get("promise-field")).toEqual(["runs"]);
  }, 60_000);

  it("sends the cheapest capacity plan with its cost, the promises it saves and its curve", async () => {
    const { events, error } = await call({ scenarioYaml: stringify(twoPeaks(0.6)) });
    expect(error).toBeUndefined();
    const [plan] = events.at(-1)!.summary!.costPlans;
    expect(plan).toMatchObject({
      warehouseId: "w1",
      currency: "THB",
      holdsTarget: true,
      days: [{ date: "2026-06-01", extraCapacity: 50, unitCost: 3, cost: 150 }],
      capacityCost: 150,
      promisesSaved: 50,
      savedValue: 250,
    });
    expect(plan!.curve.at(-1)).toMatchObject({ addedCapacity: 50, cost: 150, broken: 50 });
  });

  it("answers INVALID_ARGUMENT naming the bad field of an invalid scenario", async () => {
    const input = capacityScenario(true) as Record<string, unknown>;
    input.demand = { orders_per_day: 10, hourly_profil: [] };
    const { error } = await call({ scenarioYaml: stringify(input) });
    expect(error?.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(error?.metadata.get("promise-field")).toEqual(["demand.hourly_profil"]);
    expect(error?.details).toContain("scenario_yaml:");
    expect(error?.details).toContain("demand.hourly_profil: unknown field");
  });

  it("refuses a network path when the server allows no folder", async () => {
    const input = capacityScenario(true);
    input.network = "/etc/passwd";
    const { error } = await call({ scenarioYaml: stringify(input) });
    expect(error?.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(error?.metadata.get("promise-field")).toEqual(["network"]);
  });

  it("answers INVALID_ARGUMENT for an empty scenario", async () => {
    const { error } = await call({ scenarioYaml: "  " });
    expect(error?.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(error?.metadata.get("promise-field")).toEqual(["scenario_yaml"]);
  });

  it("stops the run when the caller cancels, freeing the server for the next call", async () => {
    const big = capacityScenario(true);
    big.days = 60;
    big.demand.orders_per_day = 20_000;
    big.demand.hourly_profile = new Array(24).fill(1);
    big.network = {
      ...(big.network as Record<string, unknown>),
      horizon: { days_before: 7, days_after: 90 },
    };
    const { events, error } = await call({ scenarioYaml: stringify(big) }, (event, stream) => {
      if (event.event === "progress") stream.cancel();
    });
    expect(error?.code).toBe(grpc.status.CANCELLED);
    expect(events.every((e) => e.event === "progress")).toBe(true);
    // One simulation at a time: the next call runs once the cancelled one has stopped (its
    // worker ended and its slot was given back).
    await vi.waitFor(() => expect(slots.running).toBe(0), { timeout: 5_000 });
    const next = await call({ scenarioYaml: compared(), skipQuestions: true });
    expect(next.error).toBeUndefined();
    expect(next.events.at(-1)?.summary?.orders).toBe(150);
  });
});
