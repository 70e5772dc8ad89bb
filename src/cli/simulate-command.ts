import { writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { loadConfig } from "../config/config.js";
import { DomainError } from "../domain/domain-error.js";
import { readSourceFile } from "../network/yaml-source.js";
import { dayTableCsv } from "../sim/day-table-csv.js";
import { checkOrderLimit, DEFAULT_MAX_ORDERS } from "../sim/order-limit.js";
import { loadScenarioFile, storeHistoryNeeds } from "../sim/parse-scenario.js";
import { renderReport } from "../sim/render-report.js";
import { MAX_RUNS, runSeedsInWorkers, seedsFrom } from "../sim/run-seeds-in-workers.js";
import { ScenarioFileError } from "../sim/scenario-file-error.js";
import { summarizeSpread } from "../sim/seed-spread.js";
import type { SimulationReport } from "../sim/sim-result.js";
import { type SimProgress, simulate } from "../sim/simulate.js";
import type { Band } from "../sim/spread-report.js";
import { readStoreHistory, type StoreHistory, StoreHistoryError } from "../sim/store-history.js";
import { openStore } from "../store/open-store.js";
import type { CliIo } from "./cli-io.js";
import { parseCommandLine } from "./parse-command-line.js";
import { describeProgress, progressBar } from "./progress-line.js";
import { USAGE } from "./usage.js";

interface SimulateArgs {
  readonly scenario: string;
  readonly report?: string | undefined;
  readonly json?: string | undefined;
  readonly csv?: string | undefined;
  readonly seed?: number | undefined;
  readonly questions: boolean;
  readonly maxOrders: number;
  readonly help: boolean;
  readonly runs: number;
  readonly confidence?: number | undefined;
}

const OPTIONS = {
  report: { type: "string" },
  json: { type: "string" },
  csv: { type: "string" },
  seed: { type: "string" },
  runs: { type: "string" },
  confidence: { type: "string" },
  "max-orders": { type: "string" },
  "no-questions": { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

function parseArgs(argv: readonly string[]): SimulateArgs | string {
  const line = parseCommandLine(argv, OPTIONS);
  if (typeof line === "string") return line;
  const v = line.values as { [K in keyof typeof OPTIONS]?: string | boolean };
  const text = (name: keyof typeof OPTIONS) => v[name] as string | undefined;
  for (const name of ["report", "json", "csv"] as const) {
    if (text(name) === "") return `--${name}: expected a file name`;
  }
  let runs = 1;
  const runsText = text("runs");
  if (runsText !== undefined) {
    runs = Number(runsText);
    if (!/^\d+$/.test(runsText) || runs < 1 || runs > MAX_RUNS) {
      return `--runs: expected a whole number from 1 to ${MAX_RUNS}, got ${runsText}`;
    }
  }
  let confidence: number | undefined;
  const confidenceText = text("confidence");
  if (confidenceText !== undefined) {
    confidence = Number(confidenceText);
    if (confidenceText.trim() === "" || !(confidence > 0 && confidence <= 1)) {
      return `--confidence: expected a share of runs above 0 and at most 1 (0.9: 9 of 10), got ${confidenceText}`;
    }
  }
  let maxOrders = DEFAULT_MAX_ORDERS;
  const maxOrdersText = text("max-orders");
  if (maxOrdersText !== undefined) {
    maxOrders = Number(maxOrdersText);
    if (!/^\d+$/.test(maxOrdersText) || maxOrders < 1) {
      return `--max-orders: expected a whole number of orders, got ${maxOrdersText}`;
    }
  }
  let seed: number | undefined;
  const seedText = text("seed");
  if (seedText !== undefined) {
    seed = Number(seedText);
    if (!/^\d+$/.test(seedText) || seed > 4294967295) {
      return `--seed: expected a whole number from 0 to 4294967295, got ${seedText}`;
    }
  }
  const [scenario, extra] = line.positionals;
  if (extra !== undefined) return `unexpected argument ${extra}`;
  const rest = {
    report: text("report"),
    json: text("json"),
    csv: text("csv"),
    seed,
    questions: v["no-questions"] !== true,
    maxOrders,
    help: v.help === true,
    runs,
    confidence,
  };
  if (rest.help) return { scenario: "", ...rest };
  if (scenario === undefined) return "simulate: give the scenario file";
  return { scenario, ...rest };
}

/**
 * The store's history a scenario asks for (`history.orders_from_store`, `transit_from_store`),
 * read from the store the service uses (the same PROMISE_* settings); undefined when it asks none.
 */
async function historyFromStore(path: string, io: CliIo): Promise<StoreHistory | undefined> {
  const text = readSourceFile(path, (issues) => new ScenarioFileError(path, issues));
  const needs = storeHistoryNeeds(text, path, { baseDir: dirname(resolve(path)) });
  if (needs === undefined) return undefined;
  const config = loadConfig(process.env);
  const store = await openStore({
    sqlitePath: config.sqlitePath,
    ...(config.databaseUrl === undefined ? {} : { databaseUrl: config.databaseUrl }),
    ...(config.databaseSchema === undefined ? {} : { pgSchema: config.databaseSchema }),
  });
  try {
    const history = await readStoreHistory(store, needs);
    const parts: string[] = [];
    if (history.promises !== undefined) parts.push(`${count(history.promises)} promises`);
    if (history.lanes !== undefined) {
      parts.push(
        `${count(history.deliveriesUsed ?? 0)} of ${count(history.deliveries ?? 0)} deliveries, ${history.lanes.length} lane populations learned`,
      );
    }
    io.stderr.write(`history from the store: ${parts.join("; ")}\n`);
    return history;
  } finally {
    await store.close();
  }
}

const count = (n: number): string => n.toLocaleString("en-US");
const pct = (r: number | null): string => (r === null ? "-" : `${(r * 100).toFixed(1)}%`);

/**
 * `promise simulate scenario.yaml [--report out.html] [--json out.json] [--seed N]`: runs the
 * scenario with a progress bar on a terminal (plain lines otherwise), prints the key numbers and
 * the planner's answers, and writes the report and the JSON results.
 */
export async function simulateCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv);
  if (typeof args === "string") {
    io.stderr.write(`promise: ${args}\n\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    io.stdout.write(USAGE);
    return 0;
  }
  let scenario: ReturnType<typeof loadScenarioFile>;
  let storeHistory: StoreHistory | undefined;
  try {
    storeHistory = await historyFromStore(args.scenario, io);
    scenario = loadScenarioFile(args.scenario, { storeHistory });
  } catch (error) {
    if (error instanceof ScenarioFileError) {
      io.stderr.write(`${error.message}\n`);
      return 1;
    }
    if (error instanceof StoreHistoryError) {
      io.stderr.write(`${args.scenario}: history.${error.field}: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
  try {
    checkOrderLimit(scenario, args.maxOrders);
  } catch (error) {
    if (error instanceof DomainError) {
      io.stderr.write(`${args.scenario}: ${error.text}\n`);
      return 1;
    }
    throw error;
  }

  // Progress goes to stderr: stdout carries only the summary (it may be piped).
  const progress = io.stderr;
  const tty = progress.isTTY === true;
  let lastLine = "";
  let lastPercent = -1;
  const onProgress = (p: SimProgress): void => {
    if (tty) {
      const columns = progress.columns ?? 0;
      const width = columns > 20 ? columns - 1 : 100;
      const line = progressBar(p).slice(0, width);
      if (line !== lastLine) progress.write(`\r${line.padEnd(lastLine.length)}`);
      lastLine = line;
      return;
    }
    const percent = Math.floor(p.fraction * 10) * 10;
    if (percent !== lastPercent) {
      lastPercent = percent;
      progress.write(`${String(percent).padStart(3)}% ${describeProgress(p)}\n`);
    }
  };

  let report: SimulationReport;
  try {
    if (args.runs === 1) {
      report = await simulate(scenario, {
        seed: args.seed,
        signal: io.signal,
        onProgress,
        answerQuestions: args.questions,
      });
    } else {
      const seeds = seedsFrom(args.seed ?? scenario.file.seed, args.runs);
      const job = runSeedsInWorkers(
        {
          scenarioYaml: "",
          scenarioPath: resolve(args.scenario),
          source: args.scenario,
          answerQuestions: args.questions,
          maxOrders: args.maxOrders,
          storeHistory,
        },
        seeds,
        onProgress,
      );
      const cancel = (): void => job.cancel();
      io.signal?.addEventListener("abort", cancel, { once: true });
      if (io.signal?.aborted) job.cancel();
      try {
        const reports = await job.result;
        const confidence = args.confidence ?? scenario.file.questions.confidence;
        report = { ...reports[0]!, spread: summarizeSpread(reports, confidence) };
      } finally {
        io.signal?.removeEventListener("abort", cancel);
      }
    }
  } catch (error) {
    if (tty && lastLine !== "") progress.write("\n");
    if (error instanceof DomainError && error.kind === "CANCELLED") {
      io.stderr.write("promise: simulation cancelled\n");
      return 130;
    }
    throw error;
  }
  if (tty) progress.write(`\r${progressBar({ ...lastProgress(report), fraction: 1 })}\n`);

  io.stdout.write(summaryText(report));
  if (args.json !== undefined) {
    writeFileSync(args.json, `${JSON.stringify(report, null, 2)}\n`);
    io.stdout.write(`results: ${args.json}\n`);
  }
  if (args.csv !== undefined) {
    writeFileSync(args.csv, dayTableCsv(report));
    io.stdout.write(`per-day table: ${args.csv}\n`);
  }
  if (args.report !== undefined) {
    writeFileSync(args.report, renderReport(report));
    io.stdout.write(`report: ${args.report}\n`);
  }
  return 0;
}

/** A count from interpolated percentiles, rounded to a whole number. */
const whole = (n: number): string => count(Math.round(n));

/** "95.6% (95.1%-96.0%)": a band's median and its p10-p90 range. */
export function bandText(band: Band, format: (n: number) => string): string {
  if (band.median === null) return "-";
  return `${format(band.median)} (${format(band.p10!)}-${format(band.p90!)})`;
}

function lastProgress(report: SimulationReport): SimProgress {
  const orders = report.runs[0]?.summary.orders ?? 0;
  return {
    stage: "playing_out",
    run: "done",
    daysDone: report.scenario.days,
    daysTotal: report.scenario.days,
    ordersDone: orders,
    ordersTotal: orders,
    fraction: 1,
  };
}

/** The key numbers of every run and the planner's answers, as plain text. */
export function summaryText(report: SimulationReport): string {
  const lines: string[] = [`${report.scenario.name} (seed ${report.scenario.seed})`];
  for (const run of report.runs) {
    const s = run.summary;
    lines.push(
      `  ${run.label}: ${count(s.orders)} orders, ${count(s.shipments)} promises, ${count(s.broken)} broken (${pct(s.onTimeRate)} on time), mean promised lead ${s.promisedLeadDaysMean?.toFixed(2) ?? "-"} days (p95 ${s.promisedLeadDaysP95 ?? "-"} days), ${count(s.daysBelowTarget)} day${s.daysBelowTarget === 1 ? "" : "s"} below target, ${count(s.unitsUnavailable)} units unavailable`,
    );
  }
  const { spread } = report;
  if (spread !== undefined) {
    const seeds = spread.seeds;
    lines.push(
      `  over ${spread.runs} runs (seeds ${seeds[0]}-${seeds[seeds.length - 1]}), median and p10-p90:`,
    );
    for (const p of spread.policies) {
      lines.push(
        `    ${p.label}: on time ${bandText(p.onTimeRate, pct)}, broken ${bandText(p.broken, whole)}, largest backlog ${bandText(p.maxBacklog, whole)}, days below target ${bandText(p.daysBelowTarget, whole)}`,
      );
    }
    for (const a of spread.answers)
      lines.push(`  at ${Math.round(spread.confidence * 1000) / 10}% confidence: ${a.statement}`);
    const answers = report.answers;
    if (answers.capacity !== null || answers.buffer !== null || answers.costPlans !== null) {
      lines.push(`  seed ${seeds[0]} alone:`);
    }
  }
  const { answers } = report;
  for (const a of answers.capacity ?? []) {
    if (a.found) {
      lines.push(`  smallest daily capacity at ${a.warehouseId}: ${count(a.dailyCapacity)}`);
      continue;
    }
    lines.push(
      `  capacity at ${a.warehouseId}: ${count(a.dailyCapacity)} a day (from there the warehouse adds no broken promise; the target is out of reach by capacity alone)`,
    );
    if (a.whatDoes !== "") lines.push(`  ${a.whatDoes}`);
  }
  for (const plan of answers.costPlans ?? []) {
    const money = (n: number) => `${plan.currency === "" ? "" : `${plan.currency} `}${count(n)}`;
    const days =
      plan.days.length === 0
        ? "no extra capacity"
        : plan.days.map((d) => `+${count(d.extraCapacity)} on ${d.date}`).join(", ");
    lines.push(
      `  cheapest plan at ${plan.warehouseId}: ${days}: ${money(plan.capacityCost)} against ${money(plan.savedValue)} of promises saved (${count(plan.promisesSaved)})${plan.holdsTarget ? "" : "; it does not hold the target within the priced days and limits"}`,
    );
  }
  for (const a of answers.buffer ?? []) {
    const who = a.serviceId === "" ? "all services (extra)" : a.serviceId;
    lines.push(
      `  fewest buffer days, ${who}: ${a.found ? a.bufferDays : `more than ${a.bufferDays}`}`,
    );
  }
  return `${lines.join("\n")}\n`;
}
