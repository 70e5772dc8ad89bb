/**
 * The bench's command line (`npm run bench -- [flags]`) and environment.
 */

export const SECTIONS = [
  "engine",
  "estimate",
  "http",
  "batch",
  "catalog",
  "memory",
  "confirm",
  "postgres",
  "workers",
  "backlog",
  "outcomes",
  "imports",
  "simulator",
  "risk",
  "pickup",
] as const;
export type Section = (typeof SECTIONS)[number];

export interface BenchOptions {
  /** A few seconds: checks that everything works and the ratio is computed (CI). */
  readonly smoke: boolean;
  readonly sections: ReadonlySet<Section>;
  /** Valid pairs per figure (at least 3 outside smoke). */
  readonly pairs: number;
  /** Measured seconds per h2load run. */
  readonly seconds: number;
  /** h2load warm-up inside each run, seconds. */
  readonly warmUpSeconds: number;
  /** The large catalog's SKU count (x 3 warehouses). */
  readonly catalogSkus: number;
  /** Seconds of mixed load in the memory soak (default 300; 60 at least for memoryRss). */
  readonly soakSeconds: number;
  /** Seconds of ConfirmPromise load per figure. */
  readonly confirmSeconds: number;
  /** PostgreSQL for the two-process confirm figure. */
  readonly databaseUrl: string;
  /** Where the JSON goes (relative to the repository, or absolute). */
  readonly resultsDir: string;
  /** Run the service processes with `--cpu-prof` into `<resultsDir>/profiles`. */
  readonly cpuProf: boolean;
  /** Also write the Markdown table to this file. */
  readonly markdownFile: string | undefined;
}

export const USAGE = `npm run bench -- [--smoke] [--only=${SECTIONS.join(",")}] [--pairs=N] [--seconds=N]
                  [--skus=N] [--soak-seconds=N] [--confirm-seconds=N] [--database-url=URL] [--cpu-prof] [--markdown=FILE]
                  [--results-dir=DIR]
  BENCH_SMOKE=1 is --smoke; BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test).`;

export function parseBenchOptions(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): BenchOptions {
  const flags = new Map<string, string>();
  for (const arg of argv) {
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (m === null) throw new Error(`unknown argument ${arg}\n${USAGE}`);
    flags.set(m[1]!, m[2] ?? "true");
  }
  const known = new Set([
    "smoke",
    "only",
    "pairs",
    "seconds",
    "skus",
    "confirm-seconds",
    "soak-seconds",
    "database-url",
    "cpu-prof",
    "markdown",
    "results-dir",
    "help",
  ]);
  for (const name of flags.keys()) {
    if (!known.has(name)) throw new Error(`unknown flag --${name}\n${USAGE}`);
  }
  if (flags.has("help")) throw new Error(USAGE);
  const smoke = flags.has("smoke") || env["BENCH_SMOKE"] === "1" || env["BENCH_SMOKE"] === "true";
  const number = (name: string, fallback: number, min: number) => {
    const text = flags.get(name);
    if (text === undefined) return fallback;
    const n = Number(text);
    if (!Number.isFinite(n) || n < min) throw new Error(`--${name} expects a number >= ${min}`);
    return n;
  };
  const only = flags.get("only");
  let sections: Set<Section>;
  if (only === undefined) {
    // The smoke covers the gRPC path (echo vs Estimate, the ratio) and the engine.
    sections = new Set(smoke ? ["engine", "estimate"] : SECTIONS);
  } else {
    sections = new Set();
    for (const name of only.split(",")) {
      if (!(SECTIONS as readonly string[]).includes(name)) {
        throw new Error(`--only: unknown section ${name} (${SECTIONS.join(", ")})`);
      }
      sections.add(name as Section);
    }
  }
  return {
    smoke,
    sections,
    pairs: number("pairs", smoke ? 1 : 3, 1),
    seconds: number("seconds", smoke ? 1 : 6, 1),
    warmUpSeconds: smoke ? 0.5 : 1,
    catalogSkus: number("skus", smoke ? 10_000 : 1_000_000, 1_000),
    soakSeconds: number("soak-seconds", smoke ? 20 : 300, 10),
    confirmSeconds: number("confirm-seconds", smoke ? 1 : 8, 1),
    databaseUrl:
      flags.get("database-url") ??
      env["BENCH_DATABASE_URL"] ??
      "postgres://postgres@127.0.0.1:5432/test",
    resultsDir: flags.get("results-dir") ?? "bench/results",
    cpuProf: flags.has("cpu-prof"),
    markdownFile: flags.get("markdown"),
  };
}
