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

/** One run of the confirm path on a new SQLite file prepared like the confirm figure's. */
async function sqlitePathRun(
  ctx: BenchContext,
  option: ConfirmOption,
  bare: boolean,
): Promise<{ result: ConfirmPathResult; problems: string[] }> {
  const name = bare ? "bare" : "service";
  const path = join(ctx.scratch, `confirm-path-${name}.db`);
  const setup = await openStore({ sqlitePath: path });
  try {
    await prepareStore(setup, false);
  } finally {
    await setup.close();
  }
  const result = await runConfirmPathProcess(
    { ...spec(ctx, option, `path-${name}-${process.pid}-${Date.now()}`, false), bare },
    ctx.serverCpus,
    { PROMISE_SQLITE_PATH: path, ...riskSweeps() },
  );
  const store = await openStore({ sqlitePath: path });
  try {
    return { result, problems: await check(store, result.confirmedTotal) };
  } finally {
    await store.close();
  }
}

function commitText(result: ConfirmPathResult): string {
  const perCommit = result.commits > 0 ? result.confirmed / result.commits : Number.NaN;
  const cpu = result.confirmed > 0 ? result.commitCpuUs / result.confirmed : 0;
  const wall = result.confirmed > 0 ? result.commitWallUs / result.confirmed : 0;
  return `${result.commits} COMMITs (${perCommit.toFixed(1)} confirms each), inside COMMIT per confirm: ${wall.toFixed(0)} us wall, ${cpu.toFixed(0)} us CPU (${((cpu / result.cpuUsPerConfirm) * 100).toFixed(0)}% of the CPU); whole write transactions ${((result.transactionWallUs / 1e6 / result.seconds) * 100).toFixed(0)}% of the wall`;
}

/**
 * The figure: the path as the service wires it. Its note also gives the bare path (Checkout and
 * the store alone, measured first, on its own file) and both runs' time inside COMMIT.
 */
export async function confirmPathSqliteFigure(
  ctx: BenchContext,
  option: ConfirmOption,
): Promise<Figure> {
  ctx.log(
    `confirm path without gRPC on SQLite, 1 process, 16 in flight, ${ctx.options.confirmSeconds} s: Checkout and the store alone, then as the service wires them`,
  );
  const bare = await sqlitePathRun(ctx, option, true);
  const full = await sqlitePathRun(ctx, option, false);
  const problems = [
    ...bare.problems.map((p) => `bare: ${p}`),
    ...full.problems.map((p) => `service wiring: ${p}`),
  ];
  const b = bare.result;
  const r = full.result;
  const note = `${Math.round(r.perSecond)} confirms/s, process CPU ${r.cpuCores.toFixed(2)} of its core, its main thread waited for the CPU ${(r.waited * 100).toFixed(0)}% of the time; ${commitText(r)}; ${refusals(r)}. Checkout + store alone (no view sync, no events): ${b.cpuUsPerConfirm.toFixed(0)} us per confirm, ${Math.round(b.perSecond)}/s, CPU ${b.cpuCores.toFixed(2)}, waited ${(b.waited * 100).toFixed(0)}%; ${commitText(b)}; ${refusals(b)}; ${problems.length === 0 ? "checkReservations consistent" : `PROBLEMS: ${problems.join("; ")}`}`;
  ctx.log(`  ${r.cpuUsPerConfirm.toFixed(0)} us CPU per confirm; ${note}`);
  return figure(
    "confirmPathSqlite",
    r.cpuUsPerConfirm,
    note,
    { result: r, bare: b },
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
