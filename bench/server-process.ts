/**
 * A server process started by the bench (echo, service, cluster): spawned with an IPC channel,
 * optionally pinned to CPUs with `taskset`, with its CPU time read from /proc.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { type ChildMessage, isMessage, type ParentMessage, type ProbeReply } from "./bench-ipc.js";
import { hasTaskset } from "./tools.js";

export interface SpawnServerOptions {
  /** A file under bench/, run with `node --import tsx`. */
  readonly script: string;
  readonly args?: readonly string[];
  /** Added to the parent's environment. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** CPU list for `taskset -c` (for example "0"); undefined: not pinned. */
  readonly cpus?: string | undefined;
  /** How long to wait for `ready` (default 60 s). */
  readonly readyTimeoutMs?: number;
  /** Extra node flags (for example `--cpu-prof`). */
  readonly nodeFlags?: readonly string[];
}

export interface ServerProcess {
  /** The process we spawned (the cluster primary in cluster mode). */
  readonly pid: number;
  /** The serving processes (the workers in cluster mode). */
  readonly pids: readonly number[];
  readonly port: number;
  /** From spawn to the `ready` message, ms. */
  readonly startMs: number;
  /** `performance.now()` when it was spawned. */
  readonly spawnedAtMs: number;
  /** User + system CPU seconds used so far by the serving processes. */
  cpuSeconds(): number;
  probe(timeoutMs?: number): Promise<ProbeReply>;
  /** Asks it to stop; kills it after `graceMs`. Resolves when it has exited. */
  stop(graceMs?: number): Promise<void>;
  /** The last lines it wrote to stderr (for error messages). */
  stderrTail(): string;
}

const CLOCK_TICKS = 100; // USER_HZ on Linux.
const BENCH_DIR = fileURLToPath(new URL(".", import.meta.url));

/** User + system CPU seconds of a process (all its threads) from /proc/<pid>/stat. */
export function processCpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name (which may contain spaces) start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // utime and stime are fields 14 and 15 of the whole line: 12 and 13 after the name.
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return Number.NaN;
  }
}

/**
 * User + system CPU seconds of each thread of a process running at CPU priority `nice`, by
 * thread id, from /proc/<pid>/task/<tid>/stat (the risk pass's threads run at nice 10, alone).
 */
export function niceThreadsCpuSeconds(pid: number, nice: number): Map<string, number> {
  const out = new Map<string, number>();
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return out;
  }
  for (const tid of tids) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      // nice is field 19 of the whole line: 16 after the name.
      if (Number(fields[16]) !== nice) continue;
      out.set(`${pid}/${tid}`, (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS);
    } catch {
      // The thread ended meanwhile.
    }
  }
  return out;
}

/** Resident set size of a process in bytes, from /proc/<pid>/status. */
export function processRssBytes(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m === null ? Number.NaN : Number(m[1]) * 1024;
  } catch {
    return Number.NaN;
  }
}

/** CPU seconds used so far by every process named `comm` (for example "postgres"). */
export function commandCpuSeconds(comm: string): number {
  let total = 0;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, "utf8").trim() !== comm) continue;
    } catch {
      continue;
    }
    const cpu = processCpuSeconds(Number(entry));
    if (Number.isFinite(cpu)) total += cpu;
  }
  return total;
}

const live = new Set<ChildProcess>();
/** Worker processes of a node:cluster primary we started (not our children). */
const grandchildren = new Set<number>();

function killPid(pid: number): void {
  try {
    process.kill(pid, "SIGKILL");
  } catch {
    // Already gone.
  }
}

/** Kills every server still running (on exit or interrupt of the bench). */
export function killAllServers(): void {
  for (const child of live) child.kill("SIGKILL");
  live.clear();
  for (const pid of grandchildren) killPid(pid);
  grandchildren.clear();
}

export function spawnServer(options: SpawnServerOptions): Promise<ServerProcess> {
  const node = [
    ...(options.nodeFlags ?? []),
    "--import",
    "tsx",
    `${BENCH_DIR}${options.script}`,
    ...(options.args ?? []),
  ];
  const pinned = options.cpus !== undefined && hasTaskset();
  const [command, args] = pinned
    ? ["taskset", ["-c", options.cpus!, process.execPath, ...node]]
    : [process.execPath, node];
  const started = performance.now();
  const child = spawn(command, args, {
    env: { ...process.env, ...options.env },
    stdio: ["ignore", "ignore", "pipe", "ipc"],
  });
  live.add(child);
  let stderr = "";
  child.stderr?.setEncoding("utf8");
  child.stderr?.on("data", (chunk: string) => {
    stderr = (stderr + chunk).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  exited.then(() => live.delete(child));
  let nextProbe = 1;
  const probes = new Map<number, (reply: ProbeReply) => void>();

  return new Promise((resolve, reject) => {
    const timeout = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${options.script} did not start in time:\n${stderr}`));
    }, options.readyTimeoutMs ?? 60_000);
    child.once("exit", (code, signal) => {
      clearTimeout(timeout);
      reject(new Error(`${options.script} exited (${code ?? signal}) before ready:\n${stderr}`));
    });
    child.on("message", (raw: unknown) => {
      if (!isMessage(raw)) return;
      const message = raw as ChildMessage;
      if (message.type === "probe") {
        probes.get(message.id)?.(message);
        probes.delete(message.id);
      } else if (message.type === "failed") {
        clearTimeout(timeout);
        child.kill("SIGKILL");
        reject(new Error(`${options.script} failed to start: ${message.error}`));
      } else if (message.type === "ready") {
        clearTimeout(timeout);
        const startMs = performance.now() - started;
        const pids = message.pids;
        const send = (m: ParentMessage) => {
          if (child.connected) child.send(m);
        };
        resolve({
          pid: child.pid!,
          pids,
          port: message.port,
          startMs,
          spawnedAtMs: started,
          cpuSeconds: () => pids.reduce((sum, pid) => sum + processCpuSeconds(pid), 0),
          probe(timeoutMs = 5_000) {
            const id = nextProbe++;
            return new Promise((ok, fail) => {
              const timer = setTimeout(() => {
                probes.delete(id);
                fail(new Error(`${options.script} did not answer a probe`));
              }, timeoutMs);
              probes.set(id, (reply) => {
                clearTimeout(timer);
                ok(reply);
              });
              send({ type: "probe", id });
            });
          },
          async stop(graceMs = 5_000) {
            if (child.exitCode !== null || child.signalCode !== null) return;
            send({ type: "stop" });
            const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
            await exited;
            clearTimeout(timer);
          },
          stderrTail: () => stderr,
        });
      }
    });
  });
}

export interface SpawnMainOptions {
  /** Added to the parent's environment (PROMISE_WORKERS among them). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** How many "promise service listening" lines mean it serves (PROMISE_WORKERS, or 1). */
  readonly listeners: number;
  readonly cpus?: string | undefined;
  readonly readyTimeoutMs?: number;
}

/**
 * The service exactly as `npm start` runs it (`node --import tsx src/main.ts`), with PROMISE_WORKERS
 * honoured: ready once `listeners` processes logged "promise service listening" (all on one
 * port). Its log lines are read from stdout until then and dropped afterwards; without an IPC
 * channel, `probe` reports RSS from /proc and no call counts, and `stop` sends SIGTERM.
 */
export function spawnMain(options: SpawnMainOptions): Promise<ServerProcess> {
  const node = [process.execPath, "--import", "tsx", `${BENCH_DIR}../src/main.ts`];
  const pinned = options.cpus !== undefined && hasTaskset();
  const [command, ...args] = pinned ? ["taskset", "-c", options.cpus!, ...node] : node;
  const started = performance.now();
  const child = spawn(command!, args, {
    env: { ...process.env, ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  live.add(child);
  let stderr = "";
  child.stderr?.setEncoding("utf8");
  child.stderr?.on("data", (chunk: string) => {
    stderr = (stderr + chunk).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  exited.then(() => live.delete(child));
  return new Promise((resolve, reject) => {
    const ports = new Set<number>();
    const workerPids: number[] = [];
    let listening = 0;
    let buffered = "";
    const timeout = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`src/main.ts did not start in time:\n${stderr}`));
    }, options.readyTimeoutMs ?? 60_000);
    child.once("exit", (code, signal) => {
      clearTimeout(timeout);
      reject(new Error(`src/main.ts exited (${code ?? signal}) before serving:\n${stderr}`));
    });
    const onData = (chunk: string) => {
      buffered += chunk;
      let newline = buffered.indexOf("\n");
      while (newline >= 0) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        newline = buffered.indexOf("\n");
        let entry: { msg?: string; port?: number; worker?: number };
        try {
          entry = JSON.parse(line);
        } catch {
          continue;
        }
        if (entry.msg === "worker started" && entry.worker !== undefined) {
          workerPids.push(entry.worker);
          grandchildren.add(entry.worker);
        }
        if (entry.msg === "promise service listening" && entry.port !== undefined) {
          ports.add(entry.port);
          listening++;
        }
      }
      if (listening < options.listeners) return;
      clearTimeout(timeout);
      // From now on the log lines (one per call) are read and dropped.
      child.stdout!.off("data", onData);
      child.stdout!.resume();
      if (ports.size !== 1) {
        child.kill("SIGKILL");
        reject(new Error(`the workers listen on different ports: ${[...ports].join(", ")}`));
        return;
      }
      const pids = [child.pid!, ...workerPids];
      resolve({
        pid: child.pid!,
        pids,
        port: [...ports][0]!,
        startMs: performance.now() - started,
        spawnedAtMs: started,
        cpuSeconds: () =>
          pids.reduce((sum, pid) => {
            const cpu = processCpuSeconds(pid);
            return Number.isFinite(cpu) ? sum + cpu : sum;
          }, 0),
        probe: async () => ({ type: "probe", id: 0, rss: pids.map(processRssBytes), calls: {} }),
        async stop(graceMs = 10_000) {
          if (child.exitCode !== null || child.signalCode !== null) return;
          child.kill("SIGTERM");
          const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
          await exited;
          clearTimeout(timer);
          for (const pid of workerPids) {
            killPid(pid);
            grandchildren.delete(pid);
          }
        },
        stderrTail: () => stderr,
      });
    };
    child.stdout!.setEncoding("utf8");
    child.stdout!.on("data", onData);
  });
}
