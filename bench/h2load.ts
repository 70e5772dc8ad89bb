/**
 * Load from h2load with raw gRPC frames, and the check that a reply really is a gRPC success
 * (h2load counts every HTTP 200 as one).
 */
import { spawn, spawnSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { hasTaskset } from "./tools.js";

export const GRPC_HEADERS = ["content-type: application/grpc", "te: trailers"] as const;

export interface H2loadOptions {
  readonly url: string;
  /** The framed request (5-byte prefix + protobuf) sent as every request's body. */
  readonly dataFile: string;
  readonly connections: number;
  /** Concurrent streams per connection. */
  readonly streams: number;
  readonly seconds: number;
  readonly warmUpSeconds: number;
  /** CPU list for `taskset -c`; undefined: not pinned. */
  readonly cpus?: string | undefined;
  /** Per-request log (for latency percentiles); deleted after reading. */
  readonly logFile: string;
  /** Request headers; default GRPC_HEADERS. */
  readonly headers?: readonly string[] | undefined;
  /** HTTP/1.1 (`--h1`) instead of HTTP/2; `streams` is then ignored (one request at a time). */
  readonly h1?: boolean | undefined;
  /** A fixed rate per connection (`--rps`) instead of as fast as the server answers. */
  readonly rps?: number | undefined;
}

export interface H2loadResult {
  readonly requestsPerSecond: number;
  readonly succeeded: number;
  readonly failed: number;
  readonly errored: number;
  /** Latency percentiles over the measured requests, microseconds. */
  readonly p50Us: number;
  readonly p99Us: number;
  /**
   * h2load's own CPU seconds (user + system) over the whole run, warm-up included: what the load
   * generator cost, to check it is not the bottleneck. NaN where /proc is not readable.
   */
  readonly loadCpuSeconds: number;
}

/**
 * CPU seconds of this process's waited-for children (cutime + cstime of /proc/self/stat): read
 * before and after one h2load run, the difference is h2load's CPU (the bench runs one at a time).
 */
function childCpuSeconds(): number {
  try {
    const stat = readFileSync("/proc/self/stat", "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // fields[0] is field 3 (state); cutime and cstime are fields 16 and 17.
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return Number.NaN;
  }
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
  return sorted[rank]!;
}

/** Reads h2load's per-request log: start time (us), HTTP status, microseconds to the end. */
function latencies(path: string): Float64Array {
  const text = readFileSync(path, "utf8");
  const values: number[] = [];
  for (const line of text.split("\n")) {
    const tab = line.lastIndexOf("\t");
    if (tab < 0) continue;
    const us = Number(line.slice(tab + 1));
    if (Number.isFinite(us)) values.push(us);
  }
  return Float64Array.from(values).sort();
}

export function parseH2loadOutput(output: string): {
  requestsPerSecond: number;
  succeeded: number;
  failed: number;
  errored: number;
} {
  const rate = /finished in [\d.]+\w*, ([\d.]+) req\/s/.exec(output);
  const counts =
    /requests: \d+ total, \d+ started, \d+ done, (\d+) succeeded, (\d+) failed, (\d+) errored/.exec(
      output,
    );
  if (rate === null || counts === null) throw new Error(`unexpected h2load output:\n${output}`);
  return {
    requestsPerSecond: Number(rate[1]),
    succeeded: Number(counts[1]),
    failed: Number(counts[2]),
    errored: Number(counts[3]),
  };
}

/** Runs h2load once (bounded: killed 20 s after it should have finished). */
export function runH2load(options: H2loadOptions): Promise<H2loadResult> {
  const args = [
    `--clients=${options.connections}`,
    ...(options.h1 ? ["--h1"] : [`--max-concurrent-streams=${options.streams}`]),
    "--threads=1",
    ...(options.rps === undefined ? [] : [`--rps=${options.rps}`]),
    `--duration=${Math.round(options.seconds * 1000)}ms`,
    `--warm-up-time=${Math.round(options.warmUpSeconds * 1000)}ms`,
    ...(options.headers ?? GRPC_HEADERS).flatMap((h) => ["-H", h]),
    `--data=${options.dataFile}`,
    `--log-file=${options.logFile}`,
    options.url,
  ];
  const pinned = options.cpus !== undefined && hasTaskset();
  const [command, argv] = pinned
    ? ["taskset", ["-c", options.cpus!, "h2load", ...args]]
    : ["h2load", args];
  const childCpuBefore = childCpuSeconds();
  return new Promise((resolve, reject) => {
    const child = spawn(command, argv, { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.setEncoding("utf8").on("data", (c: string) => {
      output += c;
    });
    child.stderr.setEncoding("utf8").on("data", (c: string) => {
      output += c;
    });
    const timer = setTimeout(
      () => child.kill("SIGKILL"),
      (options.seconds + options.warmUpSeconds + 20) * 1000,
    );
    child.once("error", reject);
    child.once("exit", (code) => {
      clearTimeout(timer);
      try {
        if (code !== 0) throw new Error(`h2load exited with ${code}:\n${output}`);
        const parsed = parseH2loadOutput(output);
        const sorted = latencies(options.logFile);
        resolve({
          ...parsed,
          p50Us: percentile(sorted, 0.5),
          p99Us: percentile(sorted, 0.99),
          loadCpuSeconds: childCpuSeconds() - childCpuBefore,
        });
      } catch (err) {
        reject(err);
      } finally {
        rmSync(options.logFile, { force: true });
      }
    });
  });
}

/**
 * Sends the frame file once with nghttp (the same bytes and headers h2load sends) and returns the
 * reply's `grpc-status` and `grpc-message` (undefined when there is no such trailer).
 */
export function grpcStatusOf(
  url: string,
  dataFile: string,
): { status: string | undefined; message: string | undefined } {
  const result = spawnSync(
    "nghttp",
    [
      "-v",
      "-n",
      "--timeout=10",
      ...GRPC_HEADERS.flatMap((h) => ["-H", h]),
      `--data=${dataFile}`,
      url,
    ],
    { encoding: "utf8", timeout: 20_000, maxBuffer: 64 * 1024 * 1024 },
  );
  const text = `${result.stdout ?? ""}${result.stderr ?? ""}`;
  const status = /recv \(stream_id=\d+\) grpc-status: (\S+)/.exec(text)?.[1];
  const message = /recv \(stream_id=\d+\) grpc-message: (.*)$/m.exec(text)?.[1];
  return { status, message };
}

/** Throws unless one request of `dataFile` to `url` answers grpc-status 0. */
export function checkGrpcOk(url: string, dataFile: string): void {
  const { status, message } = grpcStatusOf(url, dataFile);
  if (status !== "0") {
    throw new Error(
      `${url} did not answer grpc-status 0 (got ${status ?? "no grpc-status"}${message ? `: ${message}` : ""})`,
    );
  }
}
