import { DomainError } from "../domain/domain-error.js";
import { addDays, type Day, formatIsoDay, isoDay, maxDay, minDay } from "../engine/day.js";
import { aggregateResults } from "./aggregate-results.js";
import type { Bookings, PromisePolicy } from "./bookings.js";
import { planExtraCapacity } from "./cost-plan.js";
import type { Scenario } from "./parse-scenario.js";
import { planPeakRules } from "./plan-peak-rules.js";
import { answerBufferDays, answerCapacity } from "./planner-questions.js";
import { playOut } from "./play-out.js";
import { promiseOrders } from "./promise-orders.js";
import type { QuestionWindow } from "./question-window.js";
import { buildSimContext, type SimContext } from "./sim-context.js";
import type {
  BufferAnswer,
  CapacityAnswer,
  CostPlan,
  GroupSummary,
  PlannerAnswers,
  SimulationReport,
  SimulationRun,
} from "./sim-result.js";
import { whatHoldsTheTarget } from "./what-holds-target.js";

export interface SimProgress {
  readonly stage: "promising" | "playing_out" | "questions";
  /** The run's label ("capacity-aware on" / "capacity-aware off"). */
  readonly run: string;
  readonly daysDone: number;
  readonly daysTotal: number;
  readonly ordersDone: number;
  readonly ordersTotal: number;
  /** Of the whole simulation (every run and the planner's questions), 0 to 1. */
  readonly fraction: number;
}

export interface SimulateOptions {
  /** Overrides the scenario's seed. */
  readonly seed?: number | undefined;
  /** Aborting it stops the run: simulate() rejects with DomainError CANCELLED. */
  readonly signal?: AbortSignal | undefined;
  /** Called after every simulated day (and every 50,000 orders) and every planner re-run. */
  readonly onProgress?: ((progress: SimProgress) => void) | undefined;
  /** Answer the scenario's planner questions and comparison (default true). */
  readonly answerQuestions?: boolean | undefined;
}

export const labelOf = (capacityAware: boolean, backlogAware = capacityAware): string =>
  !capacityAware
    ? "capacity-aware off"
    : backlogAware
      ? "capacity-aware on"
      : "capacity-aware on, backlog-aware off";

/**
 * Runs a scenario: the scenario's own policy first, then (when asked) the same orders with
 * capacity-aware promising flipped, then the planner's questions. Pure and deterministic: no
 * clock, no I/O; the same scenario and seed give the same report. The steps yield progress so
 * that drivers can report it and stop between steps.
 */
export function* simulationSteps(
  scenario: Scenario,
  options: SimulateOptions = {},
): Generator<SimProgress, SimulationReport, void> {
  const ctx = buildSimContext(scenario);
  const { file } = scenario;
  const seed = (options.seed ?? file.seed) >>> 0;
  const answer = options.answerQuestions ?? true;
  const questions = file.questions;
  const target = file.target_on_time;
  const choice = file.policy.choice;
  const fastestShare = choice.fastest / (choice.fastest + choice.cheapest);
  const baseAware = file.policy.capacity_aware;
  const baseBacklog = baseAware && (file.policy.backlog_aware ?? true);
  const compare = answer && questions.compare_capacity_aware;
  const compareBacklog = answer && questions.compare_backlog_aware && baseAware;
  const askCost = answer && file.costs.extra_capacity.length > 0;
  const askCapacity = answer && (questions.min_capacity !== false || askCost);
  const needExtraOff = askCapacity && baseAware && !compare;
  const promiseRuns = 1 + (compare ? 1 : 0) + (compareBacklog ? 1 : 0) + (needExtraOff ? 1 : 0);
  const questionWeight = askCapacity ? 0.5 : 0;
  const totalUnits = promiseRuns + questionWeight;
  const ordersTotal = ctx.demand.total;
  let unitsDone = 0;

  function* promise(policy: PromisePolicy, label: string): Generator<SimProgress, Bookings> {
    const steps = promiseOrders(ctx, policy, seed);
    for (;;) {
      const step = steps.next();
      if (step.done) return step.value;
      yield {
        stage: "promising",
        run: label,
        daysDone: step.value.daysDone,
        daysTotal: ctx.days,
        ordersDone: step.value.ordersDone,
        ordersTotal,
        fraction:
          (unitsDone + (0.95 * step.value.ordersDone) / Math.max(1, ordersTotal)) / totalUnits,
      };
    }
  }

  function* run(
    capacityAware: boolean,
    backlogAware = capacityAware && (file.policy.backlog_aware ?? true),
  ): Generator<SimProgress, [SimulationRun, Bookings]> {
    const label = labelOf(capacityAware, backlogAware);
    const bookings = yield* promise({ capacityAware, fastestShare, backlogAware }, label);
    const outcome = playOut(ctx, bookings, seed);
    const result = aggregateResults(ctx, bookings, outcome, label, target);
    unitsDone++;
    yield {
      stage: "playing_out",
      run: label,
      daysDone: ctx.days,
      daysTotal: ctx.days,
      ordersDone: ordersTotal,
      ordersTotal,
      fraction: unitsDone / totalUnits,
    };
    lastOutcome = outcome;
    return [result, bookings];
  }

  let lastOutcome: ReturnType<typeof playOut> | undefined;
  const runs: SimulationRun[] = [];
  const [baseRun, baseBookings] = yield* run(baseAware, baseBacklog);
  const baseOutcome = lastOutcome!;
  runs.push(baseRun);
  let offBookings: Bookings | undefined = baseAware ? undefined : baseBookings;
  if (compare) {
    const [flipped, flippedBookings] = yield* run(!baseAware);
    runs.push(flipped);
    if (!flippedBookings.policy.capacityAware) offBookings = flippedBookings;
  }
  if (compareBacklog) {
    const [flipped] = yield* run(true, !baseBacklog);
    runs.push(flipped);
  }

  const window = questionWindow(ctx);
  const notes: string[] = [];
  let capacity: CapacityAnswer[] | null = null;
  let buffer: BufferAnswer[] | null = null;
  let costPlans: CostPlan[] | null = null;
  if (answer && questions.min_buffer_days) {
    buffer = answerBufferDays(
      ctx,
      baseBookings,
      baseOutcome,
      target,
      window,
      questions.max_buffer_days,
    );
    notes.push(
      `Buffer days are delivery days added to the latest promised date (${labelOf(baseAware)}); the all-services answer is on top of the scenario's buffer.`,
    );
  }
  if (askCapacity) {
    if (offBookings === undefined) {
      offBookings = yield* promise(
        { capacityAware: false, fastestShare },
        `${labelOf(false)} (capacity question)`,
      );
      unitsDone++;
    }
    const ids =
      questions.min_capacity === true || questions.min_capacity === false
        ? ctx.net.warehouses
            .filter((w) => offBookings!.lastBucketDay[w.index]! >= 0)
            .map((w) => w.id)
        : (questions.min_capacity as string[]);
    const steps = answerCapacity(ctx, offBookings, ids, target, window, seed);
    for (;;) {
      const step = steps.next();
      if (step.done) {
        capacity = step.value;
        break;
      }
      yield {
        stage: "questions",
        run: "capacity question",
        daysDone: ctx.days,
        daysTotal: ctx.days,
        ordersDone: ordersTotal,
        ordersTotal,
        fraction: Math.min(
          1,
          (unitsDone + questionWeight * (1 - 1 / (1 + step.value / 8))) / totalUnits,
        ),
      };
    }
    notes.push(
      "Capacity answers keep the promises made without capacity limits (capacity-aware off): the capacity at which the store need not ration ship dates. Real throughput = capacity x the scenario's throughput factor, on every working day.",
    );
    if (capacity.some((a) => !a.found)) {
      const buffers =
        buffer ??
        answerBufferDays(ctx, baseBookings, baseOutcome, target, window, questions.max_buffer_days);
      capacity = capacity.map((a) => {
        if (a.found || a.runs === 0) return a;
        const what = whatHoldsTheTarget(
          ctx,
          offBookings!,
          a.warehouseId,
          a.dailyCapacity,
          target,
          window,
          seed,
          buffers,
        );
        return {
          ...a,
          whatDoes: what.text,
          ...(what.moved === undefined ? {} : { movedDemand: what.moved }),
        };
      });
    }
    if (askCost) {
      costPlans = [];
      for (const id of ids) {
        const plan = planExtraCapacity(ctx, offBookings, id, target, window, seed);
        if (plan !== undefined) costPlans.push(plan);
      }
      notes.push(
        "Cost plans add capacity only on days with a price (costs.extra_capacity), to the real throughput, for the promises made without capacity limits; the curve is the plan's steps, cheapest first.",
      );
    }
  }

  const answers: PlannerAnswers = {
    targetOnTime: target,
    confidence: questions.confidence,
    windowFrom: formatIsoDay(addDays(ctx.startDay, window.fromIndex)),
    windowTo: formatIsoDay(addDays(ctx.startDay, window.toIndex)),
    capacity,
    buffer,
    costPlans,
    notes,
  };
  const aligned = alignGroups(runs);
  const name = file.name ?? scenario.source;
  // The network file's own peaks (the scenario's extra_peaks come last and are not in the file).
  const filePeaks = scenario.network.peaks.slice(
    0,
    scenario.network.peaks.length - file.extra_peaks.length,
  );
  const applyPreview = planPeakRules(
    {
      scenario: { name } as SimulationReport["scenario"],
      runs: aligned,
      answers,
      applyPreview: [],
    },
    { ...scenario.network, peaks: filePeaks },
    { buffers: true, capacity: true },
  ).add;
  return {
    scenario: {
      name,
      description: file.description ?? "",
      seed,
      start: file.start,
      days: file.days,
      demandTimeZone: scenario.demandTimeZone,
      targetOnTime: target,
      peakDates: peakDates(ctx),
      warehouses: ctx.net.warehouses.map((w) => ({ id: w.id, name: w.name })),
      services: ctx.net.services.map((s) => ({
        id: s.id,
        name: s.name,
        warehouseIds: ctx.net.origins.filter((o) => o.service === s).map((o) => o.warehouse.id),
      })),
    },
    runs: aligned,
    answers,
    applyPreview,
  };
}

/**
 * Every run lists the same warehouses and services: a group with promises in any run appears in
 * every run's tables, with zeros where that run made it none (instead of disappearing).
 */
function alignGroups(runs: readonly SimulationRun[]): SimulationRun[] {
  const align = (pick: (run: SimulationRun) => readonly GroupSummary[]) => {
    const order: string[] = [];
    for (const run of runs) for (const g of pick(run)) if (!order.includes(g.id)) order.push(g.id);
    return (run: SimulationRun): GroupSummary[] =>
      order.map(
        (id) =>
          pick(run).find((g) => g.id === id) ?? {
            id,
            shipments: 0,
            kept: 0,
            broken: 0,
            onTimeRate: null,
            promisedLeadDaysMean: null,
            maxBacklog: 0,
            maxBacklogDate: null,
          },
      );
  };
  const warehouses = align((run) => run.summary.warehouses);
  const services = align((run) => run.summary.services);
  return runs.map((run) => ({
    ...run,
    summary: { ...run.summary, warehouses: warehouses(run), services: services(run) },
  }));
}

function peakDates(ctx: SimContext): string[] {
  const dates = new Set<Day>();
  const add = (from: Day, to: Day) => {
    const last = minDay(to, addDays(ctx.startDay, ctx.days - 1));
    for (let day = maxDay(from, ctx.startDay); day <= last; day++) {
      dates.add(day);
    }
  };
  for (const m of ctx.file.demand.multipliers) {
    if (m.factor > 1) add(isoDay(m.date ?? m.from!), isoDay(m.date ?? m.to!));
  }
  for (const peak of ctx.scenario.network.peaks) add(isoDay(peak.from), isoDay(peak.to));
  return [...dates].sort((a, b) => a - b).map(formatIsoDay);
}

function questionWindow(ctx: SimContext): QuestionWindow {
  const window = ctx.file.questions.window;
  if (window === undefined) return { fromIndex: 0, toIndex: ctx.days - 1 };
  return {
    fromIndex: isoDay(window.from) - ctx.startDay,
    toIndex: isoDay(window.to) - ctx.startDay,
  };
}

/** Runs a scenario to the end in one go (tests, benchmarks). */
export function simulateSync(scenario: Scenario, options: SimulateOptions = {}): SimulationReport {
  const steps = simulationSteps(scenario, options);
  for (;;) {
    if (options.signal?.aborted) throw cancelled();
    const step = steps.next();
    if (step.done) return step.value;
    options.onProgress?.(step.value);
  }
}

/**
 * Runs a scenario, giving the event loop a turn between steps so that progress can be streamed
 * and an abort (a cancelled call, Ctrl-C) stops it: it then rejects with DomainError CANCELLED.
 */
export async function simulate(
  scenario: Scenario,
  options: SimulateOptions = {},
): Promise<SimulationReport> {
  const steps = simulationSteps(scenario, options);
  for (;;) {
    if (options.signal?.aborted) throw cancelled();
    const step = steps.next();
    if (step.done) return step.value;
    options.onProgress?.(step.value);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

function cancelled(): DomainError {
  return new DomainError("CANCELLED", "the simulation was cancelled");
}
