/**
 * Short texts for the table's last column: ranges over the runs of a figure (the noise seen).
 */
import type { PairedResult, RunSample } from "./paired-runs.js";

function range(values: readonly number[], format: (n: number) => string): string {
  if (values.length === 0) return "n/a";
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  return lo === hi ? format(lo) : `${format(lo)}-${format(hi)}`;
}

const rate = (n: number) =>
  n >= 10_000 ? `${(n / 1000).toFixed(1)}k` : Math.round(n).toLocaleString("en-US");
const fixed = (digits: number) => (n: number) => n.toFixed(digits);
const ms = (us: number) => (us / 1000).toFixed(2);

/** The spread of a set of rates as ± half the range, in % of the mean. */
export function spreadPercent(values: readonly number[]): number {
  if (values.length < 2) return 0;
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  return ((Math.max(...values) - Math.min(...values)) / 2 / mean) * 100;
}

function rates(samples: readonly RunSample[]): string {
  const values = samples.map((s) => s.requestsPerSecond);
  return `${range(values, rate)}/s (±${spreadPercent(values).toFixed(0)}%)`;
}

export interface PairNoise {
  readonly pairs: string;
  readonly ratios: string;
  readonly p99Ratios: string;
  readonly aRange: string;
  readonly bRange: string;
  readonly aP99: string;
  readonly bP99: string;
  readonly cpu: string;
  readonly cpuNormalized: string;
  readonly flag: string;
}

export function describePairs(result: PairedResult): PairNoise {
  const counted = result.validPairs.map((v) => v || result.flagged);
  const pick = (values: readonly number[]) => values.filter((_, i) => counted[i]);
  const total = result.validPairs.length;
  const valid = result.validPairs.filter(Boolean).length;
  const all = [...result.a, ...result.b];
  return {
    pairs: result.flagged
      ? `all ${total} pairs (none with the server at >= 95% of a core)`
      : valid === total
        ? `${total} pairs`
        : `${valid} of ${total} pairs (${total - valid} with the server below 95% of a core dropped)`,
    ratios: range(pick(result.ratios), fixed(2)),
    p99Ratios: range(pick(result.p99Ratios), fixed(2)),
    aRange: rates(result.a),
    bRange: rates(result.b),
    aP99: `${range(
      result.a.map((s) => s.p99Us),
      ms,
    )} ms`,
    bP99: `${range(
      result.b.map((s) => s.p99Us),
      ms,
    )} ms`,
    cpu: range(
      all.map((s) => s.serverCpu),
      fixed(2),
    ),
    cpuNormalized: `${result.cpuNormalizedRatio.toFixed(2)}x`,
    flag: result.flagged ? "; FLAGGED: the server never got 95% of its core (shared machine)" : "",
  };
}
