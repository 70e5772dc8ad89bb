import { randomBytes } from "node:crypto";
import { readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import * as grpc from "@grpc/grpc-js";
import { isSeq, parseDocument } from "yaml";
import { utcDayOf } from "../engine/day.js";
import type { AdminServiceClient } from "../grpc/generated/promise/v1/AdminService.js";
import type { ReloadNetworkResponse__Output } from "../grpc/generated/promise/v1/ReloadNetworkResponse.js";
import { loadProto } from "../grpc/load-proto.js";
import { compileNetwork } from "../network/compile-network.js";
import type { loadNetworkFile } from "../network/load-network-file.js";
import { NetworkFileError } from "../network/network-file-error.js";
import type { PeakSpec } from "../network/network-schema.js";
import { parseNetworkFile } from "../network/parse-network-file.js";
import { type CapacityOverride, planCapacityOverrides } from "../sim/plan-capacity-overrides.js";
import { planPeakRules, ruleLine } from "../sim/plan-peak-rules.js";
import type { SimulationReport } from "../sim/sim-result.js";
import { lineDiff } from "./line-diff.js";
import type { CliIo } from "./run-cli.js";

export const APPLY_USAGE = `Usage: promise apply <results.json> --network <network.yaml> [options]

Puts a simulation's answers (the --json of promise simulate) into the network file as peak rules:
the buffer days per service (widened promises over the question window) and the capacity (the
cheapest plan's days, or the smallest daily capacity). Without --write it only shows what would
change (a dry run): the rules, why, and a diff of the file.

  --network <file>      the network file to change (required)
  --write               write the file (atomically: a new file renamed over the old one)
  --no-buffers          leave the buffers out
  --no-capacity         leave the capacity out
  --admin <host:port>   after writing, reload the running service's network (AdminService)
  --token <token>       the bearer token for --admin (or PROMISE_ADMIN_TOKEN)
  --set-capacity        send the capacity as per-date overrides through AdminService.SetCapacity
                        (with --write --admin) instead of peak rules in the file; the dry run
                        shows each date's change
`;

interface ApplyArgs {
  readonly results: string;
  readonly network: string;
  readonly write: boolean;
  readonly buffers: boolean;
  readonly capacity: boolean;
  readonly admin?: string | undefined;
  readonly token?: string | undefined;
  readonly setCapacity: boolean;
}

function parseArgs(argv: readonly string[], env: NodeJS.ProcessEnv): ApplyArgs | string | "help" {
  let results: string | undefined;
  let network: string | undefined;
  let write = false;
  let buffers = true;
  let capacity = true;
  let admin: string | undefined;
  let token: string | undefined = env.PROMISE_ADMIN_TOKEN;
  let setCapacity = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const name = arg.split("=")[0]!;
    const value = (): string | undefined => {
      const eq = arg.indexOf("=");
      if (eq >= 0) return arg.slice(eq + 1);
      i++;
      return argv[i];
    };
    if (arg === "--help" || arg === "-h") return "help";
    if (name === "--network") network = value();
    else if (name === "--admin") admin = value();
    else if (name === "--token") token = value();
    else if (arg === "--write") write = true;
    else if (arg === "--no-buffers") buffers = false;
    else if (arg === "--no-capacity") capacity = false;
    else if (arg === "--set-capacity") setCapacity = true;
    else if (arg.startsWith("-")) return `unknown option ${arg}`;
    else if (results === undefined) results = arg;
    else return `unexpected argument ${arg}`;
  }
  if (results === undefined) return "apply: give the results file (promise simulate --json)";
  if (network === undefined || network === "") return "apply: --network <file> is required";
  if (admin === "") return "--admin: expected host:port";
  if (admin !== undefined && !write) return "--admin reloads after --write; add --write";
  if (setCapacity && !capacity) return "--set-capacity and --no-capacity exclude each other";
  if (setCapacity && write && admin === undefined) {
    return "--set-capacity --write sends the capacity through AdminService: add --admin <host:port>";
  }
  return { results, network, write, buffers, capacity, admin, token, setCapacity };
}

function readResults(path: string): SimulationReport | string {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    return `${path}: ${(error as Error).message}`;
  }
  const report = data as Partial<SimulationReport> | null;
  if (
    report === null ||
    typeof report !== "object" ||
    report.scenario === undefined ||
    report.answers === undefined ||
    !Array.isArray(report.runs) ||
    report.runs.length === 0
  ) {
    return `${path}: not the results of promise simulate --json (scenario, runs and answers expected)`;
  }
  return {
    ...report,
    answers: { ...report.answers, costPlans: report.answers.costPlans ?? null },
  } as SimulationReport;
}

/**
 * `promise apply results.json --network network.yaml [--write] [--admin host:port]`: the dry
 * run prints the peak rules with their reasons and a diff of the network file; --write writes
 * the file atomically after validating and compiling the new network (a bad result changes
 * nothing), and --admin then asks the running service to reload it (AdminService.ReloadNetwork:
 * the service swaps the whole network at once; a rejected file keeps the old one serving).
 */
export async function applyCommand(
  argv: readonly string[],
  io: CliIo,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const args = parseArgs(argv, env);
  if (args === "help") {
    io.stdout.write(APPLY_USAGE);
    return 0;
  }
  if (typeof args === "string") {
    io.stderr.write(`promise: ${args}\n\n${APPLY_USAGE}`);
    return 2;
  }
  const report = readResults(args.results);
  if (typeof report === "string") {
    io.stderr.write(`promise: ${report}\n`);
    return 1;
  }
  let text: string;
  let network: ReturnType<typeof loadNetworkFile>;
  try {
    text = readFileSync(args.network, "utf8");
    network = parseNetworkFile(text, args.network);
  } catch (error) {
    io.stderr.write(`promise: ${describe(error, args.network)}\n`);
    return 1;
  }

  const { add, removed } = planPeakRules(report, network, {
    buffers: args.buffers,
    capacity: args.capacity && !args.setCapacity,
  });
  const after = withPeakRules(
    text,
    removed.map((p) => p.name),
    add.map((r) => r.rule),
  );
  const overrides = args.setCapacity ? planCapacityOverrides(report) : [];

  io.stdout.write(
    `${report.scenario.name}: ${add.length} peak rule${add.length === 1 ? "" : "s"} to add, ${removed.length} earlier planner rule${removed.length === 1 ? "" : "s"} to replace\n`,
  );
  for (const { why } of add) io.stdout.write(`  + ${why}\n`);
  const diff = lineDiff(text, after, args.network);
  if (diff === "") io.stdout.write("no change to the network file\n");
  else io.stdout.write(diff);
  if (args.setCapacity) {
    io.stdout.write(
      `capacity through AdminService.SetCapacity: ${overrides.length} date${overrides.length === 1 ? "" : "s"} (before: what the simulation counted)\n`,
    );
    for (const o of overrides) {
      const before = o.before === null ? "no limit" : o.before.toLocaleString("en-US");
      io.stdout.write(
        `  ${o.warehouseId} ${o.date}: ${before} -> ${o.after.toLocaleString("en-US")}\n`,
      );
    }
  }
  if (diff === "" && overrides.length === 0) return 0;

  // Validate and compile the new network before anything is written.
  if (diff !== "") {
    try {
      compileNetwork(parseNetworkFile(after, args.network), { todayDay: utcDayOf(Date.now()) });
    } catch (error) {
      io.stderr.write(
        `promise: the changed network would not load: ${describe(error, args.network)}\n`,
      );
      return 1;
    }
  }
  if (!args.write) {
    io.stdout.write(
      `dry run: nothing written (add --write${args.setCapacity ? " --admin <host:port>" : ""} to apply)\n`,
    );
    return 0;
  }
  if (diff !== "") {
    const temp = join(
      dirname(args.network),
      `.${basename(args.network)}.${randomBytes(6).toString("hex")}.tmp`,
    );
    try {
      writeFileSync(temp, after, { flag: "wx" });
      renameSync(temp, args.network);
    } catch (error) {
      rmSync(temp, { force: true });
      throw error;
    }
    io.stdout.write(`written: ${args.network}\n`);
  }
  if (args.admin === undefined) return 0;
  if (diff !== "") {
    try {
      const result = await reloadThroughAdmin(args.admin, args.token);
      if (!result.reloaded) {
        io.stderr.write(
          `promise: the service rejected the new network (the old one keeps serving):\n${result.errors.map((e) => `  ${e}`).join("\n")}\n`,
        );
        return 1;
      }
      io.stdout.write(`reloaded: network version ${result.networkVersion}\n`);
    } catch (error) {
      io.stderr.write(
        `promise: the file is written but the reload failed: ${(error as Error).message}\n`,
      );
      return 1;
    }
  }
  if (overrides.length === 0) return 0;
  try {
    const warehouses = await setCapacityThroughAdmin(args.admin, args.token, overrides);
    io.stdout.write(
      `capacity set: ${overrides.length} date${overrides.length === 1 ? "" : "s"} at ${warehouses.join(", ")}\n`,
    );
    return 0;
  } catch (error) {
    io.stderr.write(`promise: SetCapacity failed: ${(error as Error).message}\n`);
    return 1;
  }
}

/**
 * The network file's text with earlier planner rules (by name, one line each as written here)
 * taken out and the new rules added at the end of `peaks`, one line each. Everything else (
 * comments, anchors, layout) stays as it was: only those lines change.
 */
export function withPeakRules(
  text: string,
  removeNames: readonly string[],
  add: readonly PeakSpec[],
): string {
  const names = new Set(removeNames.map((n) => JSON.stringify(n)));
  const kept = text
    .split("\n")
    .filter((line) => {
      const m = /^\s*- \{ name: ("(?:[^"\\]|\\.)*"),/.exec(line);
      return m === null || !names.has(m[1]!);
    })
    .join("\n");
  if (add.length === 0) return kept;
  const doc = parseDocument(kept);
  const peaks = doc.get("peaks", true);
  const lines = add.map(ruleLine);
  if (isSeq(peaks) && !peaks.flow && peaks.items.length > 0 && peaks.range) {
    const firstItem = peaks.items[0] as { range?: [number, number, number] };
    const itemStart = firstItem.range?.[0] ?? peaks.range[0];
    const lineStart = kept.lastIndexOf("\n", itemStart - 1) + 1;
    const dash = kept.slice(lineStart, itemStart).replace(/-\s*$/, "");
    const indent = " ".repeat(dash.length);
    let end = kept.indexOf("\n", Math.max(0, peaks.range[1] - 1));
    if (end < 0) end = kept.length;
    return `${kept.slice(0, end)}${lines.map((l) => `\n${indent}- ${l}`).join("")}${kept.slice(end)}`;
  }
  const block = lines.map((l) => `\n  - ${l}`).join("");
  if (isSeq(peaks) && peaks.range) {
    // `peaks: []` (or an empty flow list): the new block replaces it.
    return `${kept.slice(0, peaks.range[0]).replace(/[ \t]*$/, "")}${block}${kept.slice(peaks.range[1])}`;
  }
  const emptyKey = /^peaks:[ \t]*(#.*)?$/m.exec(kept);
  if (emptyKey !== null) {
    // `peaks:` with nothing under it (an earlier apply's rules were its only items).
    const end = emptyKey.index + emptyKey[0].length;
    return `${kept.slice(0, end)}${block}${kept.slice(end)}`;
  }
  const base = kept.endsWith("\n") ? kept : `${kept}\n`;
  return `${base}peaks:${block}\n`;
}

function describe(error: unknown, path: string): string {
  if (error instanceof NetworkFileError) {
    return error.issues
      .map(
        (i) =>
          `${path}${i.line === undefined ? "" : `:${i.line}`}: ${i.path === "" ? "" : `${i.path}: `}${i.message}`,
      )
      .join("\n");
  }
  return error instanceof Error ? error.message : String(error);
}

/** AdminService.ReloadNetwork on a running service (plaintext, as the admin port listens). */
export function reloadThroughAdmin(
  address: string,
  token: string | undefined,
): Promise<ReloadNetworkResponse__Output> {
  const { proto } = loadProto();
  const client = new proto.promise.v1.AdminService(
    address,
    grpc.credentials.createInsecure(),
  ) as unknown as AdminServiceClient;
  const metadata = new grpc.Metadata();
  if (token !== undefined && token !== "") metadata.set("authorization", `Bearer ${token}`);
  return new Promise((resolve, reject) => {
    client.ReloadNetwork(
      {},
      metadata,
      { deadline: Date.now() + 10_000 },
      (error: grpc.ServiceError | null, response?: ReloadNetworkResponse__Output) => {
        client.close();
        if (error !== null || response === undefined) reject(error ?? new Error("no response"));
        else resolve(response);
      },
    );
  });
}

/**
 * AdminService.SetCapacity on a running service: one call per warehouse with its dates as
 * overrides (the default daily capacity is kept). Each call is one store transaction; the
 * warehouses are set one after the other. Returns the warehouses set.
 */
export async function setCapacityThroughAdmin(
  address: string,
  token: string | undefined,
  overrides: readonly CapacityOverride[],
): Promise<string[]> {
  const { proto } = loadProto();
  const client = new proto.promise.v1.AdminService(
    address,
    grpc.credentials.createInsecure(),
  ) as unknown as AdminServiceClient;
  const metadata = new grpc.Metadata();
  if (token !== undefined && token !== "") metadata.set("authorization", `Bearer ${token}`);
  const byWarehouse = new Map<string, CapacityOverride[]>();
  for (const o of overrides) {
    const list = byWarehouse.get(o.warehouseId) ?? [];
    list.push(o);
    byWarehouse.set(o.warehouseId, list);
  }
  try {
    for (const [warehouseId, list] of byWarehouse) {
      await new Promise<void>((resolve, reject) => {
        client.SetCapacity(
          {
            warehouseId,
            dailyCapacity: 0,
            unlimited: false,
            overrides: list.map((o) => ({ date: o.date, value: o.after })),
          },
          metadata,
          { deadline: Date.now() + 10_000 },
          (error: grpc.ServiceError | null) => {
            if (error !== null) reject(error);
            else resolve();
          },
        );
      });
    }
  } finally {
    client.close();
  }
  return [...byWarehouse.keys()];
}
