/**
 * The confirm path without gRPC (bench/confirm-path-process.ts): on SQLite, one process pinned to
 * the server core with 16 confirms in flight; on PostgreSQL, two processes (unpinned, as the
 * services of the PostgreSQL confirm figure) with 16 in flight each and the same hot SKU. Each on
 * a store prepared like the confirm figures' (same catalog and capacity), checked afterwards
 * with `store.checkReservations()`.
 */
import { join } from "node:path";
import { openStore } from "../src/store/open-store.js";
import type { Store } from "../src/store/store.js";
import type { BenchContext } from "./bench-context.js";
import {
  CONFIRM_SKUS,
  dropSchema,
  HOT_SKU,
  prepareStore,
  reportProblems,
} from "./confirm-figures.js";
import { runConfirmPathProcess } from "./confirm-path-load.js";
import type { ConfirmPathSpec } from "./confirm-path-process.js";
import type { ConfirmPathResult } from "./confirm-path-result.js";
import { SAMPLE_ESTIMATE } from "./estimate-figures.js";
import { type Figure, figure, skipped } from "./figures.js";

export interface ConfirmOption {
  readonly serviceId: string;
  readonly deliveryLatest: string;
}

function riskSweeps(): Record<string, string> {
  return process.env["BENCH_RISK_SWEEPS"] === "off" ? { BENCH_RISK_SWEEPS: "off" } : {};
}

function spec(
  ctx: BenchContext,
  option: ConfirmOption,
  keyPrefix: string,
  hot: boolean,
): ConfirmPathSpec {
  return {
    inFlight: 16,
    warmUpSeconds: ctx.options.smoke ? 0.5 : 1,
    seconds: ctx.options.confirmSeconds,
    keyPrefix,
    skus: CONFIRM_SKUS,
    ...(hot ? { hotSku: HOT_SKU, hotEvery: 10 } : {}),
    destination: SAMPLE_ESTIMATE.destination,
    serviceId: option.serviceId,
    shownDeliveryLatest: option.deliveryLatest,
  };
}

function refusals(result: ConfirmPathResult): string {
  const entries = Object.entries(result.refused);
  if (entries.length === 0) return "no refusals";
  return entries.map(([k, n]) => `${n} x ${k}`).join(", ");
}

/** Problems of the store after the run: checkReservations, and stored vs answered confirms. */
async function check(store: Store, confirmedTotal: number): Promise<string[]> {
  const report = await store.checkReservations();
  const problems = reportProblems(report);
  if (report.confirmed !== confirmedTotal) {
    problems.push(`${report.confirmed} promises stored, ${confirmedTotal} confirmed`);
  }
  return problems;
}

export async function confirmPathSqliteFigure(
  ctx: BenchContext,
  option: ConfirmOption,
): Promise<Figure> {
  const path = join(ctx.scratch, "confirm-path.db");
  const setup = await openStore({ sqlitePath: path });
  try {
    await prepareStore(setup, false);
  } finally {
    await setup.close();
  }
  ctx.log(
    `confirm path without gRPC on SQLite, 1 process, 16 in flight, ${ctx.options.confirmSeconds} s`,
  );
  const result = await runConfirmPathProcess(
    spec(ctx, option, `path-${process.pid}-${Date.now()}`, false),
    ctx.serverCpus,
    { PROMISE_SQLITE_PATH: path, ...riskSweeps() },
  );
  const store = await openStore({ sqlitePath: path });
  let problems: string[];
  try {
    problems = await check(store, result.confirmedTotal);
  } finally {
    await store.close();
  }
  const perCommit = result.commits > 0 ? result.confirmed / result.commits : Number.NaN;
  const commitCpuPerConfirm = result.confirmed > 0 ? result.commitCpuUs / result.confirmed : 0;
  const commitWallPerConfirm = result.confirmed > 0 ? result.commitWallUs / result.confirmed : 0;
  const note = `${Math.round(result.perSecond)} confirms/s, process CPU ${result.cpuCores.toFixed(2)} of its core, its main thread waited for the CPU ${(result.waited * 100).toFixed(0)}% of the time; ${result.commits} COMMITs (${perCommit.toFixed(1)} confirms each), inside COMMIT per confirm: ${commitWallPerConfirm.toFixed(0)} us wall, ${commitCpuPerConfirm.toFixed(0)} us CPU (${((commitCpuPerConfirm / result.cpuUsPerConfirm) * 100).toFixed(0)}% of the CPU); whole write transactions ${((result.transactionWallUs / 1e6 / result.seconds) * 100).toFixed(0)}% of the wall; ${refusals(result)}; ${problems.length === 0 ? "checkReservations consistent" : `PROBLEMS: ${problems.join("; ")}`}`;
  ctx.log(`  ${result.cpuUsPerConfirm.toFixed(0)} us CPU per confirm; ${note}`);
  return figure(
    "confirmPathSqlite",
    result.cpuUsPerConfirm,
    note,
    { result },
    problems.length === 0,
  );
}

export async function confirmPathPostgresFigure(
  ctx: BenchContext,
  option: ConfirmOption,
): Promise<Figure> {
  const databaseUrl = ctx.options.databaseUrl;
  const schema = `bench_path_${process.pid}_${Date.now()}`;
  let setup: Store;
  try {
    setup = await openStore({ databaseUrl, pgSchema: schema, connectTimeoutMs: 5_000 });
  } catch (err) {
    return skipped(
      "confirmPathPostgres",
      `PostgreSQL not reachable (${err instanceof Error ? err.message : String(err)})`,
    );
  }
  try {
    await prepareStore(setup, true);
    ctx.log(
      `confirm path without gRPC on PostgreSQL, 2 processes x 16 in flight, ${ctx.options.confirmSeconds} s; 1 in 10 for ${HOT_SKU}`,
    );
    const env = { DATABASE_URL: databaseUrl, PROMISE_DATABASE_SCHEMA: schema, ...riskSweeps() };
    const run = `${process.pid}-${Date.now()}`;
    const results = await Promise.all(
      ["a", "b"].map((p) =>
        runConfirmPathProcess(spec(ctx, option, `path-${run}-${p}`, true), undefined, env),
      ),
    );
    const [a, b] = results as [ConfirmPathResult, ConfirmPathResult];
    const problems = await check(setup, a.confirmedTotal + b.confirmedTotal);
    const perSecond = a.perSecond + b.perSecond;
    const servicesUs = ((a.cpuCores + b.cpuCores) / perSecond) * 1e6;
    // Both processes measured PostgreSQL over (nearly) the same window: their mean.
    const postgresCores = (a.postgresCpuCores + b.postgresCpuCores) / 2;
    const postgresUs = (postgresCores / perSecond) * 1e6;
    const note = `${Math.round(perSecond)} confirms/s over 2 processes (${Math.round(a.perSecond)} + ${Math.round(b.perSecond)}); their CPU ${servicesUs.toFixed(0)} us per confirm (${(a.cpuCores + b.cpuCores).toFixed(2)} cores), PostgreSQL ${postgresUs.toFixed(0)} us (${postgresCores.toFixed(2)} cores); ${refusals(a)} / ${refusals(b)}; ${problems.length === 0 ? "no oversell (checkReservations consistent)" : `PROBLEMS: ${problems.join("; ")}`}`;
    ctx.log(`  ${(servicesUs + postgresUs).toFixed(0)} us CPU per confirm; ${note}`);
    return figure(
      "confirmPathPostgres",
      servicesUs + postgresUs,
      note,
      { results, perSecond, servicesUs, postgresUs },
      problems.length === 0,
    );
  } finally {
    await setup.close();
    await dropSchema(databaseUrl, schema);
  }
}
