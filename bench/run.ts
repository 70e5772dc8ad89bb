/**
 * The benchmark (issue 5): `npm run bench` (or `npm run bench -- --smoke`, a few seconds).
 *
 * Measures every figure of issue 5 against a baseline measured in the same run (a minimal
 * grpc-js echo server), prints a table of the figures next to their targets, and writes them as
 * JSON to bench/results/. Server processes run pinned to core 0 and h2load to core 1 (taskset);
 * everything binds 127.0.0.1 only and stops by itself (a watchdog kills what is left).
 *
 * See bench/README.md for the method and the figures measured.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { backlogFigure } from "./backlog-figure.js";
import { type BenchContext, createBenchContext, REPO_DIR } from "./bench-context.js";
import { type BenchOptions, parseBenchOptions, type Section } from "./bench-options.js";
import { catalogFigures } from "./catalog-figures.js";
import {
  confirmCeilingPostgresFigure,
  confirmCeilingSqliteFigure,
} from "./confirm-ceiling-figures.js";
import { confirmEchoFigure } from "./confirm-echo-figure.js";
import { confirmPostgresFigure, confirmSqliteFigure } from "./confirm-figures.js";
import {
  type ConfirmOption,
  confirmPathPostgresFigure,
  confirmPathSqliteFigure,
} from "./confirm-path-figures.js";
import { engineFigure } from "./engine-figure.js";
import {
  batchFigure,
  estimateFigures,
  startEchoBaseline,
  uncachedEstimateFigure,
} from "./estimate-figures.js";
import { FIGURES, type Figure, type FigureId, skipped } from "./figures.js";
import { httpEstimateFigure } from "./http-figure.js";
import { importFigure } from "./import-figure.js";
import { memoryFigures } from "./memory-figures.js";
import { outcomeFigures } from "./outcome-figures.js";
import { pickupCpuFigure } from "./pickup-cpu-figure.js";
import { pickupFigures } from "./pickup-figure.js";
import { promiseAccuracyFigure } from "./promise-accuracy-figure.js";
import { formatTable, writeResults } from "./report.js";
import { riskFigures } from "./risk-figures.js";
import { killAllServers } from "./server-process.js";
import { simFigures } from "./sim-figures.js";
import { ensureH2load, hasTaskset } from "./tools.js";
import { workersFigure } from "./workers-figure.js";

/** Which figures each section measures. */
const SECTION_FIGURES: Record<Section, readonly FigureId[]> = {
  engine: ["engine"],
  estimate: ["estimateThroughput", "estimateP99", "estimateUncached"],
  http: ["httpEstimate"],
  batch: ["batchItems"],
  catalog: ["catalogScale", "catalogRss", "catalogStartup"],
  memory: ["memoryRss", "memorySoak", "skuLookup"],
  confirm: ["confirmSqlite", "confirmEcho", "confirmPathSqlite", "confirmCeilingSqlite"],
  postgres: ["confirmPostgres", "confirmPathPostgres", "confirmCeilingPostgres"],
  workers: ["workers"],
  backlog: ["backlogUpdate"],
  outcomes: [
    "recordEventsSqlite",
    "recordEventsPostgres",
    "learnedRebuild",
    "accuracy1m",
    "rebuildEstimateP99Ratio",
    "accuracyPromises1m",
  ],
  imports: ["import1m"],
  simulator: ["simCpu", "simRuns"],
  risk: ["riskSweep", "eventsStream"],
  pickup: ["pickupEstimate", "pickupEchoBytes", "pickupCpuPerCall", "pickupEstimateCpu"],
};

const GRPC_SECTIONS: readonly Section[] = [
  "estimate",
  "http",
  "batch",
  "catalog",
  "workers",
  "pickup",
];

function machine(options: BenchOptions) {
  const version = (command: string, args: string[]) => {
    try {
      return execFileSync(command, args, { encoding: "utf8" }).trim().split("\n")[0];
    } catch {
      return undefined;
    }
  };
  const grpcJs = JSON.parse(
    readFileSync(join(REPO_DIR, "node_modules/@grpc/grpc-js/package.json"), "utf8"),
  ) as { version: string };
  return {
    cpu: cpus()[0]?.model,
    cores: cpus().length,
    node: process.version,
    grpcJs: grpcJs.version,
    h2load: options.sections.size > 0 ? version("h2load", ["--version"]) : undefined,
    pinned: hasTaskset() ? "servers on core 0, h2load on core 1 (taskset)" : "not pinned",
  };
}

async function runSection(
  section: Section,
  ctx: BenchContext,
  shared: Shared,
  earlier: ReadonlyMap<FigureId, Figure>,
): Promise<readonly Figure[]> {
  switch (section) {
    case "engine":
      return [engineFigure(ctx)];
    case "estimate": {
      const baseline = await shared.baseline();
      const figures = await estimateFigures(ctx, await shared.sample(), baseline);
      // The smoke keeps to the figure it checks.
      if (!ctx.options.smoke) figures.push(await uncachedEstimateFigure(ctx, baseline));
      return figures;
    }
    case "http":
      return [await httpEstimateFigure(ctx)];
    case "batch":
      return [await batchFigure(ctx, await shared.catalog1k(), await shared.baseline())];
    case "catalog":
      return catalogFigures(ctx, await shared.catalog1k());
    case "memory":
      return memoryFigures(ctx);
    case "confirm": {
      // Issue 18's ceiling: the served figure, then its parts (grpc-js alone, the confirm path
      // without gRPC) and the ceiling they imply, all in this run.
      const served = await confirmSqliteFigure(ctx);
      const data = served.data as { option: ConfirmOption; reply: string };
      const echo = await confirmEchoFigure(ctx, {
        reply: Buffer.from(data.reply, "base64"),
        option: data.option,
      });
      const path = await confirmPathSqliteFigure(ctx, data.option);
      const all = new Map<string, Figure>([
        ...earlier,
        ...[served, echo, path].map((f) => [f.id, f] as const),
      ]);
      return [served, echo, path, confirmCeilingSqliteFigure(all)];
    }
    case "postgres": {
      const served = await confirmPostgresFigure(ctx);
      const option = (served.data as { option?: ConfirmOption } | undefined)?.option;
      if (option === undefined) {
        const why = `no served PostgreSQL figure (${served.skipped ?? "no option"})`;
        return [
          served,
          skipped("confirmPathPostgres", why),
          skipped("confirmCeilingPostgres", why),
        ];
      }
      const path = await confirmPathPostgresFigure(ctx, option);
      const all = new Map<string, Figure>([...earlier, [served.id, served], [path.id, path]]);
      return [served, path, confirmCeilingPostgresFigure(all)];
    }
    case "workers":
      return [await workersFigure(ctx)];
    case "backlog":
      return [backlogFigure(ctx)];
    case "outcomes":
      return [...(await outcomeFigures(ctx)), await promiseAccuracyFigure(ctx)];
    case "imports":
      return [await importFigure(ctx)];
    case "simulator":
      return simFigures(ctx);
    case "risk":
      return riskFigures(ctx);
    case "pickup":
      return [...(await pickupFigures(ctx, await shared.sample())), pickupCpuFigure(ctx)];
  }
}

/** Servers several sections use, started on first use. */
interface Shared {
  sample(): ReturnType<BenchContext["startService"]>;
  baseline(): ReturnType<typeof startEchoBaseline>;
  catalog1k(): ReturnType<BenchContext["startService"]>;
}

function sharedServers(ctx: BenchContext): Shared {
  const once = <T>(make: () => Promise<T>) => {
    let value: Promise<T> | undefined;
    return () => {
      value ??= make();
      return value;
    };
  };
  const sample = once(() =>
    ctx.startService({ PROMISE_SQLITE_PATH: join(ctx.scratch, "sample.db") }),
  );
  const catalog1k = once(async () => {
    const { writeSqliteCatalog } = await import("./catalog.js");
    const path = join(ctx.scratch, "catalog-1k.db");
    await writeSqliteCatalog(path, { skus: 1_000 });
    return ctx.startService({ PROMISE_SQLITE_PATH: path });
  });
  return {
    sample,
    catalog1k,
    baseline: once(async () => startEchoBaseline(ctx, await sample())),
  };
}

async function main(): Promise<number> {
  let options: BenchOptions;
  try {
    options = parseBenchOptions(process.argv.slice(2), process.env);
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    return 2;
  }
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const startedAt = new Date();
  const watchdogMs = options.smoke ? 180_000 : 45 * 60_000;
  const watchdog = setTimeout(() => {
    process.stderr.write(`bench: still running after ${watchdogMs / 1000} s, giving up\n`);
    killAllServers();
    process.exit(1);
  }, watchdogMs);
  watchdog.unref();
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      killAllServers();
      process.exit(130);
    });
  }

  if ([...options.sections].some((s) => GRPC_SECTIONS.includes(s))) ensureH2load(log);
  const scratch = mkdtempSync(join(tmpdir(), "promise-bench-"));
  const ctx = createBenchContext(options, scratch, log);
  const loadBefore = loadavg();
  log(
    `promise bench${options.smoke ? " (smoke)" : ""}: ${[...options.sections].join(", ")}; load average ${loadBefore.map((l) => l.toFixed(2)).join(" ")}`,
  );
  const figures = new Map<FigureId, Figure>();
  const errors: string[] = [];
  const shared = sharedServers(ctx);
  try {
    for (const section of options.sections) {
      log(`\n== ${section}`);
      try {
        for (const f of await runSection(section, ctx, shared, figures)) figures.set(f.id, f);
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        errors.push(`${section}: ${message}`);
        log(`  FAILED: ${message}`);
        for (const id of SECTION_FIGURES[section]) {
          if (!figures.has(id)) figures.set(id, skipped(id, `failed: ${message.split("\n")[0]}`));
        }
      }
    }
  } finally {
    await ctx.stopAll();
    killAllServers();
    rmSync(scratch, { recursive: true, force: true });
  }

  const ordered = (Object.keys(FIGURES) as FigureId[]).map(
    (id) =>
      figures.get(id) ?? skipped(id, options.smoke ? "not in the smoke run" : "not run (--only)"),
  );
  const table = formatTable(ordered);
  const loadAfter = loadavg();
  const results = {
    date: startedAt.toISOString(),
    smoke: options.smoke,
    machine: machine(options),
    loadAverage: { before: loadBefore, after: loadAfter },
    plan: {
      pairs: options.pairs,
      secondsPerRun: options.seconds,
      warmUpSeconds: options.warmUpSeconds,
      catalogSkus: options.catalogSkus,
      confirmSeconds: options.confirmSeconds,
      soakSeconds: options.soakSeconds,
    },
    figures: ordered,
    errors,
  };
  const path = writeResults(resolve(REPO_DIR, options.resultsDir), startedAt, results);
  if (options.markdownFile !== undefined) writeFileSync(options.markdownFile, `${table}\n`);
  log(`\n${table}\n`);
  log(
    `load average before ${loadBefore.map((l) => l.toFixed(2)).join(" ")}, after ${loadAfter.map((l) => l.toFixed(2)).join(" ")}; JSON: ${path}`,
  );
  clearTimeout(watchdog);
  return errors.length > 0 ? 1 : 0;
}

process.exitCode = await main();
