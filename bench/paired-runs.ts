/**
 * Alternating h2load runs against two servers (A B A B ...), each first checked to answer
 * grpc-status 0, with the servers' CPU use measured over the run; the figures are medians of the
 * paired ratios B/A.
 */
import { join } from "node:path";
import { checkGrpcOk, runH2load } from "./h2load.js";
import type { ServerProcess } from "./server-process.js";

export interface LoadTarget {
  readonly name: string;
  readonly server: ServerProcess;
  /** Full URL of the method, for example http://127.0.0.1:5000/promise.v1.PromiseService/Estimate. */
  readonly url: string;
  readonly dataFile: string;
}

export interface PairPlan {
  /** Pairs that must pass the CPU check (more are run, up to `maxPairs`, to get them). */
  readonly pairs: number;
  readonly maxPairs: number;
  readonly seconds: number;
  /** h2load's warm-up inside every run (not measured). */
  readonly warmUpSeconds: number;
  /** A first, unmeasured run of each target (seconds; 0: none). */
  readonly warmUpRunSeconds: number;
  readonly connections: number;
  readonly streams: number;
  /** CPUs for h2load (taskset); undefined: not pinned. */
  readonly loadCpus: string | undefined;
  /**
   * The CPU a run's server must have used (cores) for the run to count, for example 0.95; undefined:
   * no check (runs are still reported with their CPU).
   */
  readonly minServerCpu: number | undefined;
  readonly scratchDir: string;
}

export interface RunSample {
  readonly target: string;
  readonly requestsPerSecond: number;
  readonly p50Us: number;
  readonly p99Us: number;
  /** Cores the serving processes used over the run (1.0 = one full core). */
  readonly serverCpu: number;
  /** Passed the CPU check (always true without one). */
  readonly valid: boolean;
  /** Calls the server answered with a status other than OK during the run (undefined: unknown). */
  readonly notOk: number | undefined;
}

export interface PairedResult {
  readonly a: readonly RunSample[];
  readonly b: readonly RunSample[];
  /** B/A throughput per pair, in run order. */
  readonly ratios: readonly number[];
  /** B/A p99 latency per pair. */
  readonly p99Ratios: readonly number[];
  /** B/A requests per server CPU-second, per pair (robust to a shared core). */
  readonly cpuNormalizedRatios: readonly number[];
  /** Which pairs counted (both runs passed the CPU check). */
  readonly validPairs: readonly boolean[];
  /** Median over the valid pairs (over all pairs, flagged, when none was valid). */
  readonly ratio: number;
  readonly p99Ratio: number;
  readonly cpuNormalizedRatio: number;
  /** True when no pair passed the CPU check and the medians are over every pair. */
  readonly flagged: boolean;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((x, y) => x - y);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function notOkCalls(calls: Readonly<Record<string, number>>): number {
  let n = 0;
  for (const [key, count] of Object.entries(calls)) if (!key.endsWith(" OK")) n += count;
  return n;
}

/** One checked, measured run against `target`. */
export async function measureRun(
  target: LoadTarget,
  plan: PairPlan,
  seconds = plan.seconds,
  warmUpSeconds = plan.warmUpSeconds,
): Promise<RunSample> {
  checkGrpcOk(target.url, target.dataFile);
  const before = await target.server.probe();
  const load = runH2load({
    url: target.url,
    dataFile: target.dataFile,
    connections: plan.connections,
    streams: plan.streams,
    seconds,
    warmUpSeconds,
    cpus: plan.loadCpus,
    logFile: join(plan.scratchDir, `h2load-${process.pid}.log`),
  });
  load.catch(() => {}); // Awaited below; this only keeps the rejection from being unhandled.
  // CPU is measured over h2load's measured period (after its warm-up).
  await new Promise((resolve) => setTimeout(resolve, warmUpSeconds * 1000));
  const cpu0 = target.server.cpuSeconds();
  const t0 = performance.now();
  const result = await load;
  const cpu = (target.server.cpuSeconds() - cpu0) / ((performance.now() - t0) / 1000);
  const after = await target.server.probe();
  const known = Object.keys(after.calls).length > 0;
  const notOk = known ? notOkCalls(after.calls) - notOkCalls(before.calls) : undefined;
  if (result.failed + result.errored > 0 || (notOk ?? 0) > 0) {
    throw new Error(
      `${target.name}: ${result.failed} failed and ${result.errored} errored requests, ${notOk ?? "?"} calls not OK`,
    );
  }
  return {
    target: target.name,
    requestsPerSecond: result.requestsPerSecond,
    p50Us: result.p50Us,
    p99Us: result.p99Us,
    serverCpu: cpu,
    valid: plan.minServerCpu === undefined || cpu >= plan.minServerCpu,
    notOk,
  };
}

/** A B A B ...: an unmeasured warm-up of each, then pairs until `pairs` valid ones or `maxPairs`. */
export async function runPairs(
  a: LoadTarget,
  b: LoadTarget,
  plan: PairPlan,
  log: (line: string) => void,
): Promise<PairedResult> {
  if (plan.warmUpRunSeconds > 0) {
    await measureRun(a, plan, plan.warmUpRunSeconds, 0);
    await measureRun(b, plan, plan.warmUpRunSeconds, 0);
  }
  const as: RunSample[] = [];
  const bs: RunSample[] = [];
  const validPairs: boolean[] = [];
  const show = (s: RunSample) =>
    `${s.target} ${Math.round(s.requestsPerSecond)}/s p99 ${(s.p99Us / 1000).toFixed(2)} ms cpu ${s.serverCpu.toFixed(2)}${s.valid ? "" : " (below the CPU bar)"}`;
  while (validPairs.filter(Boolean).length < plan.pairs && validPairs.length < plan.maxPairs) {
    const sa = await measureRun(a, plan);
    const sb = await measureRun(b, plan);
    as.push(sa);
    bs.push(sb);
    validPairs.push(sa.valid && sb.valid);
    log(
      `  pair ${validPairs.length}: ${show(sa)} | ${show(sb)} -> ${(sb.requestsPerSecond / sa.requestsPerSecond).toFixed(3)}`,
    );
  }
  const ratios = as.map((sa, i) => bs[i]!.requestsPerSecond / sa.requestsPerSecond);
  const p99Ratios = as.map((sa, i) => bs[i]!.p99Us / sa.p99Us);
  const cpuNormalizedRatios = as.map(
    (sa, i) => bs[i]!.requestsPerSecond / bs[i]!.serverCpu / (sa.requestsPerSecond / sa.serverCpu),
  );
  const anyValid = validPairs.some(Boolean);
  const pick = (values: readonly number[]) =>
    median(anyValid ? values.filter((_, i) => validPairs[i]) : values);
  return {
    a: as,
    b: bs,
    ratios,
    p99Ratios,
    cpuNormalizedRatios,
    validPairs,
    ratio: pick(ratios),
    p99Ratio: pick(p99Ratios),
    cpuNormalizedRatio: median(cpuNormalizedRatios),
    flagged: !anyValid,
  };
}
