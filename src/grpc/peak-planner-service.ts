import * as grpc from "@grpc/grpc-js";
import { parse as parseYaml } from "yaml";
import { DomainError } from "../domain/domain-error.js";
import type { NetworkFile } from "../network/network-schema.js";
import { DEFAULT_MAX_ORDERS } from "../sim/order-limit.js";
import { storeHistoryNeeds } from "../sim/parse-scenario.js";
import { MAX_RUNS, runSeedsInWorkers, seedsFrom } from "../sim/run-seeds-in-workers.js";
import { runSimulationInWorker } from "../sim/run-simulation-in-worker.js";
import { ScenarioFileError } from "../sim/scenario-file-error.js";
import { type Band, summarizeSpread } from "../sim/seed-spread.js";
import type { DayResult, RunSummary, SimulationReport } from "../sim/sim-result.js";
import type { SimProgress } from "../sim/simulate.js";
import type { WorkerInput } from "../sim/simulation-worker-protocol.js";
import {
  type HistoryStore,
  readStoreHistory,
  type StoreHistory,
  StoreHistoryError,
  type StoreHistoryNeeds,
} from "../sim/store-history.js";
import { STATUS_OF_KIND } from "./error-status.js";
import { setFieldErrorTrailers } from "./field-error-trailers.js";
import type { PeakPlannerServiceHandlers } from "./generated/promise/v1/PeakPlannerService.js";
import type { RunSummary as RunSummaryMessage } from "./generated/promise/v1/RunSummary.js";
import type { SimulatedDay } from "./generated/promise/v1/SimulatedDay.js";
import type { SimulateProgress } from "./generated/promise/v1/SimulateProgress.js";
import type { SimulateRequest__Output } from "./generated/promise/v1/SimulateRequest.js";
import type { SimulateResponse } from "./generated/promise/v1/SimulateResponse.js";
import type { SimulateSummary } from "./generated/promise/v1/SimulateSummary.js";
import { loadProto } from "./load-proto.js";

export const PEAK_PLANNER_SERVICE_NAME = "promise.v1.PeakPlannerService";

export interface PeakPlannerOptions {
  /** The network a scenario without `network:` runs on (the server's current one). */
  readonly defaultNetwork?: (() => NetworkFile | undefined) | undefined;
  /** A folder scenarios may name network files in; undefined: network paths are refused. */
  readonly networkDir?: string | undefined;
  /** Largest scenario text accepted (default 1 MiB). */
  readonly maxScenarioBytes?: number | undefined;
  /** Most orders a scenario may generate (default 5,000,000). */
  readonly maxOrders?: number | undefined;
  /** Simulations running at once (default 1); more get RESOURCE_EXHAUSTED. */
  readonly maxConcurrent?: number | undefined;
  /**
   * A shared cap on running simulations (for example SimulationSlots); when given it replaces
   * maxConcurrent. tryAcquire returns a release function, or undefined when all slots are taken.
   */
  readonly slots?: { tryAcquire(): (() => void) | undefined } | undefined;
  /**
   * The server's store, for scenarios that take their demand or transit from it
   * (`history.orders_from_store`, `transit_from_store`); without it those are refused.
   */
  readonly historyStore?: HistoryStore | undefined;
  /** Where unexpected failures are logged (a pino logger fits). */
  readonly logger?: { error(obj: object, msg: string): void } | undefined;
}

type SimulateCall = grpc.ServerWritableStream<SimulateRequest__Output, SimulateResponse>;

/**
 * The handlers of `promise.v1.PeakPlannerService`. `Simulate` runs the scenario on a worker thread (the
 * server keeps answering estimates at full speed), streams progress (at most every 1% or on a
 * change of stage), then every run's per-day rows, then the summary with the planner's answers.
 * A cancelled call terminates the run. An invalid scenario fails with INVALID_ARGUMENT, the first
 * bad field's path in the `promise-field` trailer and every problem in the message.
 */
export function createPeakPlannerHandlers(
  options: PeakPlannerOptions = {},
): PeakPlannerServiceHandlers {
  const maxBytes = options.maxScenarioBytes ?? 1024 * 1024;
  const maxConcurrent = options.maxConcurrent ?? 1;
  let running = 0;
  const slots = options.slots ?? {
    tryAcquire: (): (() => void) | undefined => {
      if (running >= maxConcurrent) return undefined;
      running++;
      let released = false;
      return () => {
        if (!released) running--;
        released = true;
      };
    },
  };

  return {
    Simulate(call: SimulateCall): void {
      const request = call.request;
      const fail = (error: unknown) => failCall(call, error, options.logger);
      if (request.scenarioYaml.trim() === "") {
        fail(new DomainError("INVALID_ARGUMENT", "required", "scenario_yaml"));
        return;
      }
      if (Buffer.byteLength(request.scenarioYaml) > maxBytes) {
        fail(new DomainError("INVALID_ARGUMENT", `larger than ${maxBytes} bytes`, "scenario_yaml"));
        return;
      }
      const runs = request.runs === 0 ? 1 : request.runs;
      if (runs > MAX_RUNS) {
        fail(new DomainError("INVALID_ARGUMENT", `at most ${MAX_RUNS} runs`, "runs"));
        return;
      }
      const confidence = request.confidence;
      if (!(confidence === 0 || (confidence > 0 && confidence <= 1))) {
        fail(
          new DomainError(
            "INVALID_ARGUMENT",
            "expected a share above 0 and at most 1",
            "confidence",
          ),
        );
        return;
      }
      const release = slots.tryAcquire();
      if (release === undefined) {
        fail(new DomainError("RESOURCE_EXHAUSTED", "a simulation is already running; retry later"));
        return;
      }
      let lastFraction = -1;
      let lastStage = "";
      const onProgress = (progress: SimProgress): void => {
        const stage = `${progress.stage}|${progress.run}`;
        if (stage === lastStage && progress.fraction - lastFraction < 0.01) return;
        lastStage = stage;
        lastFraction = progress.fraction;
        if (!call.cancelled) call.write({ progress: toProgress(progress) });
      };
      const input = {
        scenarioYaml: request.scenarioYaml,
        source: "scenario_yaml",
        answerQuestions: !request.skipQuestions,
        networkDir: options.networkDir,
        defaultNetwork: options.defaultNetwork?.(),
        maxOrders: options.maxOrders ?? DEFAULT_MAX_ORDERS,
      };
      const seed = request.seed === 0 ? undefined : request.seed;
      let job: { result: Promise<SimulationReport>; cancel(): void } | undefined;
      let cancelled = false;
      call.on("cancelled", () => {
        cancelled = true;
        job?.cancel();
      });
      historyFor(request.scenarioYaml, input, options.historyStore)
        .then((storeHistory) => {
          if (cancelled || call.cancelled) throw new DomainError("CANCELLED", "cancelled");
          const withHistory = { ...input, storeHistory };
          job =
            runs === 1
              ? runSimulationInWorker({ ...withHistory, seed }, onProgress)
              : seededJob(withHistory, seed, runs, confidence, onProgress);
          return job.result;
        })
        .then(async (report) => {
          for (const event of reportEvents(report)) {
            if (call.cancelled) return;
            if (!call.write(event)) await new Promise((resolve) => call.once("drain", resolve));
          }
          call.end();
        })
        .catch((error: unknown) => {
          if (call.cancelled) return;
          fail(error);
        })
        .finally(release);
    },
  };
}

/**
 * The store's history a scenario asks for, read from the server's store before the workers
 * start (undefined when it asks none; without a store the scenario is refused when parsed).
 */
async function historyFor(
  yaml: string,
  input: Pick<WorkerInput, "networkDir" | "defaultNetwork">,
  store: HistoryStore | undefined,
): Promise<StoreHistory | undefined> {
  if (store === undefined) return undefined;
  let needs: StoreHistoryNeeds | undefined;
  try {
    needs = storeHistoryNeeds(yaml, "scenario_yaml", {
      baseDir: input.networkDir,
      confineTo: input.networkDir,
      defaultNetwork: input.defaultNetwork,
    });
  } catch (error) {
    // The worker reports an unreadable scenario with its line.
    if (error instanceof ScenarioFileError) return undefined;
    throw error;
  }
  if (needs === undefined) return undefined;
  try {
    return await readStoreHistory(store, needs);
  } catch (error) {
    if (error instanceof StoreHistoryError) {
      throw new DomainError("INVALID_ARGUMENT", error.message, `history.${error.field}`);
    }
    throw error;
  }
}

/**
 * Several seeds: the scenario's own seed (or the request's) and the next ones, on worker threads
 * (one per core); the first seed's report with the spread of all of them.
 */
function seededJob(
  input: Omit<WorkerInput, "seed">,
  seed: number | undefined,
  runs: number,
  confidence: number,
  onProgress: (progress: SimProgress) => void,
): { result: Promise<SimulationReport>; cancel(): void } {
  const job = runSeedsInWorkers(
    input,
    seedsFrom(seed ?? seedOfYaml(input.scenarioYaml), runs),
    onProgress,
  );
  return {
    result: job.result.then((reports) => {
      const head = reports[0]!;
      const share = confidence === 0 ? head.answers.confidence : confidence;
      return { ...head, spread: summarizeSpread(reports, share) };
    }),
    cancel: () => job.cancel(),
  };
}

/**
 * The scenario's `seed` (default 1), read without validating the rest: the workers parse and
 * validate the scenario and report its problems.
 */
function seedOfYaml(text: string): number {
  try {
    const seed = (parseYaml(text) as { seed?: unknown } | null)?.seed;
    if (typeof seed === "number" && Number.isInteger(seed) && seed >= 0 && seed < 2 ** 32) {
      return seed;
    }
  } catch {
    // An unreadable scenario fails in the worker, with its line.
  }
  return 1;
}

/** The planner as an extra service for createServer (`extraServices`). */
export function createPeakPlannerService(options: PeakPlannerOptions = {}): {
  readonly name: string;
  readonly definition: grpc.ServiceDefinition;
  readonly implementation: grpc.UntypedServiceImplementation;
} {
  return {
    name: PEAK_PLANNER_SERVICE_NAME,
    definition: loadProto().proto.promise.v1.PeakPlannerService.service,
    implementation: createPeakPlannerHandlers(options),
  };
}

function failCall(call: SimulateCall, error: unknown, logger: PeakPlannerOptions["logger"]): void {
  const metadata = new grpc.Metadata();
  if (error instanceof ScenarioFileError) {
    const first = error.issues[0];
    if (first !== undefined && first.path !== "") {
      setFieldErrorTrailers(metadata, grpc.status.INVALID_ARGUMENT, error.message, first.path);
    }
    call.emit("error", { code: grpc.status.INVALID_ARGUMENT, details: error.message, metadata });
    return;
  }
  if (error instanceof DomainError) {
    const code = STATUS_OF_KIND[error.kind];
    if (error.field !== undefined) setFieldErrorTrailers(metadata, code, error.text, error.field);
    call.emit("error", { code, details: error.text, metadata });
    return;
  }
  logger?.error(
    { err: error, method: "PeakPlannerService/Simulate" },
    "unexpected error in a simulation",
  );
  call.emit("error", { code: grpc.status.INTERNAL, details: "internal error", metadata });
}

const orNaN = (x: number | null): number => (x === null ? Number.NaN : x);
const toBand = (b: Band) => ({ median: orNaN(b.median), p10: orNaN(b.p10), p90: orNaN(b.p90) });
const orMinusOne = (x: number | null): number => (x === null ? -1 : x);

function toProgress(p: SimProgress): SimulateProgress {
  return {
    daysDone: p.daysDone,
    daysTotal: p.daysTotal,
    ordersDone: p.ordersDone,
    ordersTotal: p.ordersTotal,
    fraction: p.fraction,
    stage: p.stage,
    run: p.run,
  };
}

function toDay(row: DayResult, run: string): SimulatedDay {
  return {
    date: row.date,
    warehouseId: row.warehouseId,
    serviceId: row.serviceId,
    orders: row.orders,
    promisedLeadDaysMean: orNaN(row.promisedLeadDaysMean),
    promisedLeadDaysP95: orNaN(row.promisedLeadDaysP95),
    shipped: row.shipped,
    backlog: row.backlog,
    kept: row.kept,
    broken: row.broken,
    onTimeRate: orNaN(row.onTimeRate),
    unitsUnavailable: row.unitsUnavailable,
    run,
    booked: row.booked,
    capacity: orMinusOne(row.capacity),
    throughput: orMinusOne(row.throughput),
    pushedByCapacity: row.pushedByCapacity,
    brokenShippedLate: row.brokenShippedLate,
    brokenInTransit: row.brokenInTransit,
    pickupLimit: orMinusOne(row.pickupLimit),
  };
}

function toRunSummary(label: string, capacityAware: boolean, s: RunSummary): RunSummaryMessage {
  return {
    run: label,
    capacityAware,
    orders: s.orders,
    shipments: s.shipments,
    kept: s.kept,
    broken: s.broken,
    onTimeRate: orNaN(s.onTimeRate),
    promisedLeadDaysMean: orNaN(s.promisedLeadDaysMean),
    promisedLeadDaysP95: orNaN(s.promisedLeadDaysP95),
    pushedByCapacity: s.pushedByCapacity,
    brokenShippedLate: s.brokenShippedLate,
    brokenInTransit: s.brokenInTransit,
    daysBelowTarget: s.daysBelowTarget,
    maxBacklog: Math.max(0, ...s.warehouses.map((w) => w.maxBacklog)),
    unitsUnavailable: s.unitsUnavailable,
    worstDays: s.worstDays.map((d) => ({
      date: d.date,
      orders: d.orders,
      kept: d.kept,
      broken: d.broken,
      onTimeRate: orNaN(d.onTimeRate),
      reasons: [...d.reasons],
    })),
  };
}

/** The events after the run: every run's day rows (all, warehouses, services), then the summary. */
export function reportEvents(report: SimulationReport): SimulateResponse[] {
  const events: SimulateResponse[] = [];
  for (const run of report.runs) {
    for (const row of run.days) events.push({ day: toDay(row, run.label) });
  }
  const base = report.runs[0]!.summary;
  const { answers } = report;
  const summary: SimulateSummary = {
    orders: base.orders,
    kept: base.kept,
    broken: base.broken,
    onTimeRate: orNaN(base.onTimeRate),
    unitsUnavailable: base.unitsUnavailable,
    capacityAnswers: (answers.capacity ?? []).map((a) => ({
      warehouseId: a.warehouseId,
      dailyCapacity: a.dailyCapacity,
      found: a.found,
      worstDayOnTimeRate: orNaN(a.worstDayOnTimeRate),
      note: a.note,
      whatDoes: a.whatDoes,
      ...(a.movedDemand === undefined
        ? {}
        : {
            movedDemand: {
              fromWarehouseId: a.movedDemand.fromWarehouseId,
              toWarehouseId: a.movedDemand.toWarehouseId,
              perDay: a.movedDemand.perDay,
              moved: a.movedDemand.moved,
              shipments: a.movedDemand.shipments,
              onTimeFrom: a.movedDemand.onTimeFrom,
              onTimeTo: a.movedDemand.onTimeTo,
            },
          }),
    })),
    costPlans: (answers.costPlans ?? []).map((plan) => ({
      warehouseId: plan.warehouseId,
      currency: plan.currency,
      holdsTarget: plan.holdsTarget,
      days: plan.days.map((d) => ({ ...d })),
      capacityCost: plan.capacityCost,
      brokenBefore: plan.brokenBefore,
      brokenAfter: plan.brokenAfter,
      promisesSaved: plan.promisesSaved,
      savedValue: plan.savedValue,
      worstDayOnTimeRate: orNaN(plan.worstDayOnTimeRate),
      curve: plan.curve.map((p) => ({
        addedCapacity: p.addedCapacity,
        cost: p.cost,
        onTimeRate: orNaN(p.onTimeRate),
        worstDayOnTimeRate: orNaN(p.worstDayOnTimeRate),
        broken: p.broken,
      })),
      carrierLimitedDays: plan.carrierLimitedDays,
    })),
    bufferAnswers: (answers.buffer ?? []).map((a) => ({
      serviceId: a.serviceId,
      bufferDays: a.bufferDays,
      found: a.found,
      worstDayOnTimeRate: orNaN(a.worstDayOnTimeRate),
    })),
    targetOnTimeRate: answers.targetOnTime,
    runs: report.runs.map((run) => toRunSummary(run.label, run.capacityAware, run.summary)),
    windowFrom: answers.windowFrom,
    windowTo: answers.windowTo,
    notes: [...answers.notes],
    seed: report.scenario.seed,
    runCount: report.spread?.runs ?? 1,
    seeds: [...(report.spread?.seeds ?? [report.scenario.seed])],
    confidence: report.spread?.confidence ?? answers.confidence,
    spreads: (report.spread?.policies ?? []).map((p) => ({
      run: p.label,
      onTimeRate: toBand(p.onTimeRate),
      broken: toBand(p.broken),
      maxBacklog: toBand(p.maxBacklog),
      daysBelowTarget: toBand(p.daysBelowTarget),
      promisedLeadDaysMean: toBand(p.promisedLeadDaysMean),
      days: p.days.map((d) => ({
        date: d.date,
        onTimeRate: toBand(d.onTimeRate),
        broken: toBand(d.broken),
        backlog: toBand(d.backlog),
      })),
    })),
    confidentAnswers: (report.spread?.answers ?? []).map((a) => ({
      kind: a.kind,
      id: a.id,
      value: a.value,
      holdsIn: a.holdsIn,
      runs: a.runs,
      perRun: [...a.perRun],
      foundInEveryRun: a.foundInEveryRun,
      statement: a.statement,
    })),
  };
  events.push({ summary });
  return events;
}
