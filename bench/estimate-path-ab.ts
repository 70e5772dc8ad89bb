/**
 * A same-run A/B of the Estimate call path on a shared machine (issue 18 part 2): the echo
 * baseline, the service of another tree (A, for example a worktree of main) and this tree's
 * service (B), all pinned to core 0, each loaded by its own h2load (4 x 4, core 1) at the same
 * time, in rounds. While the three run together they see the same contention, so their server
 * CPU per request (from /proc) compares fairly even when the machine is busy; the throughput of
 * a round is not a figure (the three share one core).
 *
 *   A_DIR=/work/wt/base ROUNDS=10 SECONDS=5 node --import tsx bench/estimate-path-ab.ts
 *
 * Env: A_DIR (required), ROUNDS (6), SECONDS (5), PROF=1 (`--cpu-prof` for all three, the
 * directory is printed), A_FLAGS / B_FLAGS (node flags), A_ENV / B_ENV (JSON, service env).
 * Prints one JSON line per round and a summary line of medians: usEcho/usA/usB (server CPU
 * microseconds per request), cpuA/cpuB (requests per server CPU-second / the echo's), BoverA.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { cleanEnv, REPO_DIR } from "./bench-context.js";
import { ESTIMATE_PATH } from "./echo-server.js";
import { SAMPLE_ESTIMATE } from "./estimate-figures.js";
import { callRaw, encodeEstimateRequest, writeFrameFile } from "./grpc-frames.js";
import { checkGrpcOk, runH2load } from "./h2load.js";
import { median } from "./paired-runs.js";
import { type ServerProcess, spawnServer } from "./server-process.js";

const A_DIR = process.env["A_DIR"];
if (A_DIR === undefined)
  throw new Error("set A_DIR to the other tree (for example a worktree of main)");
const ROUNDS = Number(process.env["ROUNDS"] ?? 6);
const SECONDS = Number(process.env["SECONDS"] ?? 5);
const PROF = process.env["PROF"] === "1";
const flags = (name: string) => (process.env[name] ?? "").split(" ").filter(Boolean);
const json = (name: string) => JSON.parse(process.env[name] ?? "{}") as Record<string, string>;

// The other tree's spawner, so its service runs its own bench/service-process.ts and sources.
const other = (await import(join(A_DIR, "bench/server-process.ts"))) as {
  spawnServer: typeof spawnServer;
};
const scratch = mkdtempSync(join(tmpdir(), "estimate-path-ab-"));
const profDir = join(scratch, "prof");
const prof = (name: string) => (PROF ? ["--cpu-prof", `--cpu-prof-dir=${profDir}/${name}`] : []);
const serviceEnv = (dir: string, name: string, extra: Record<string, string>) => ({
  ...cleanEnv(process.env),
  PROMISE_ADDRESS: "127.0.0.1:0",
  PROMISE_NETWORK_FILE: join(dir, "samples/network.yaml"),
  PROMISE_SQLITE_PATH: join(scratch, `${name}.db`),
  ...extra,
});
const a = await other.spawnServer({
  script: "service-process.ts",
  cpus: "0",
  env: serviceEnv(A_DIR, "A", json("A_ENV")),
  nodeFlags: [...prof("A"), ...flags("A_FLAGS")],
});
const b = await spawnServer({
  script: "service-process.ts",
  cpus: "0",
  env: serviceEnv(REPO_DIR, "B", json("B_ENV")),
  nodeFlags: [...prof("B"), ...flags("B_FLAGS")],
});
const request = encodeEstimateRequest(SAMPLE_ESTIMATE);
const replyA = await callRaw(a.port, "Estimate", request);
const replyB = await callRaw(b.port, "Estimate", request);
if (!replyA.equals(replyB))
  console.log(`replies differ: ${replyA.length} and ${replyB.length} bytes`);
const replyFile = join(scratch, "reply.bin");
writeFileSync(replyFile, replyB);
const echo = await spawnServer({
  script: "echo-server.ts",
  args: [replyFile],
  cpus: "0",
  env: cleanEnv(process.env),
  nodeFlags: prof("echo"),
});
const dataFile = writeFrameFile(scratch, "estimate.grpc", request);
const servers: Record<string, ServerProcess> = { echo, A: a, B: b };
const names = ["echo", "A", "B"];

interface Run {
  readonly rps: number;
  readonly p99: number;
  readonly cores: number;
  readonly usPerRequest: number;
}

/** One round: the three loaded at once for `seconds` (after 1 s of warm-up). */
async function round(seconds: number): Promise<Record<string, Run>> {
  const loads = names.map((name) => {
    const url = `http://127.0.0.1:${servers[name]!.port}${ESTIMATE_PATH}`;
    checkGrpcOk(url, dataFile);
    return runH2load({
      url,
      dataFile,
      connections: 4,
      streams: 4,
      seconds,
      warmUpSeconds: 1,
      cpus: "1",
      logFile: join(scratch, `h2load-${name}.log`),
    });
  });
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const cpu0 = names.map((n) => servers[n]!.cpuSeconds());
  const t0 = performance.now();
  const results = await Promise.all(loads);
  const wall = (performance.now() - t0) / 1000;
  const out: Record<string, Run> = {};
  names.forEach((name, i) => {
    const cpu = servers[name]!.cpuSeconds() - cpu0[i]!;
    const requests = results[i]!.requestsPerSecond * seconds;
    out[name] = {
      rps: results[i]!.requestsPerSecond,
      p99: results[i]!.p99Us,
      cores: cpu / wall,
      usPerRequest: (cpu / requests) * 1e6,
    };
  });
  return out;
}

await round(2);
const rows: Array<Record<string, number>> = [];
for (let r = 0; r < ROUNDS; r++) {
  let got: Record<string, Run>;
  try {
    got = await round(SECONDS);
  } catch (err) {
    // h2load now and then ends without its summary on a saturated machine: that round again.
    console.log(JSON.stringify({ round: r, retried: String(err).split("\n")[0] }));
    got = await round(SECONDS);
  }
  const e = got["echo"]!;
  const A = got["A"]!;
  const B = got["B"]!;
  const row = {
    round: r,
    load: Number(loadavg()[0]!.toFixed(1)),
    cores: Number((e.cores + A.cores + B.cores).toFixed(2)),
    usEcho: Number(e.usPerRequest.toFixed(1)),
    usA: Number(A.usPerRequest.toFixed(1)),
    usB: Number(B.usPerRequest.toFixed(1)),
    cpuA: Number((e.usPerRequest / A.usPerRequest).toFixed(3)),
    cpuB: Number((e.usPerRequest / B.usPerRequest).toFixed(3)),
    BoverA: Number((A.usPerRequest / B.usPerRequest).toFixed(3)),
  };
  rows.push(row);
  console.log(JSON.stringify(row));
}
const keys = ["load", "usEcho", "usA", "usB", "cpuA", "cpuB", "BoverA"] as const;
const summary = Object.fromEntries(
  keys.map((k) => [k, Number(median(rows.map((row) => row[k]!)).toFixed(3))]),
);
console.log(JSON.stringify({ summary: true, ...summary, profDir: PROF ? profDir : undefined }));
await Promise.all([a.stop(), b.stop(), echo.stop()]);
process.exit(0);
