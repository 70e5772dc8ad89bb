import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";
import { protoPath as healthProtoPath } from "grpc-health-check";
import { tempSqlitePath } from "../support/temp-dir.js";

const REPO = fileURLToPath(new URL("../..", import.meta.url));

interface HealthClient extends grpc.Client {
  Check(
    request: { service: string },
    options: grpc.CallOptions,
    callback: (err: grpc.ServiceError | null, reply?: { status: string }) => void,
  ): void;
}

/** The health status of `service` ("" for the server), or the error code of a refused check. */
export function healthStatus(address: string, service = ""): Promise<string | grpc.status> {
  const pkg = grpc.loadPackageDefinition(
    protoLoader.loadSync(healthProtoPath, { keepCase: false, enums: String, defaults: true }),
  ) as unknown as { grpc: { health: { v1: { Health: grpc.ServiceClientConstructor } } } };
  const client = new pkg.grpc.health.v1.Health(
    address,
    grpc.credentials.createInsecure(),
  ) as unknown as HealthClient;
  return new Promise((resolve) => {
    client.Check({ service }, { deadline: Date.now() + 5000 }, (err, reply) => {
      client.close();
      resolve(err ? err.code : reply!.status);
    });
  });
}

/** A service process (`node --import tsx src/main.ts`) and its JSON log lines. */
export class ServiceProcess {
  readonly lines: Array<Record<string, unknown>> = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private readonly waiters: Array<() => void> = [];
  private stderr = "";

  constructor(readonly child: ChildProcess) {
    let buffered = "";
    child.stdout!.setEncoding("utf8");
    child.stdout!.on("data", (chunk: string) => {
      buffered += chunk;
      let end = buffered.indexOf("\n");
      while (end >= 0) {
        const line = buffered.slice(0, end);
        buffered = buffered.slice(end + 1);
        if (line.trim() !== "") {
          try {
            this.lines.push(JSON.parse(line) as Record<string, unknown>);
          } catch {
            this.lines.push({ msg: line, unparsed: true });
          }
        }
        end = buffered.indexOf("\n");
      }
      for (const wake of this.waiters.splice(0)) wake();
    });
    child.stderr!.setEncoding("utf8");
    child.stderr!.on("data", (chunk: string) => {
      this.stderr += chunk;
    });
    this.exited = new Promise((resolve) => {
      child.once("exit", (code, signal) => {
        for (const wake of this.waiters.splice(0)) wake();
        resolve({ code, signal });
      });
    });
  }

  /** Waits for a log line with this `msg` (from index `from` on), and returns it. */
  async waitForLine(msg: string, from = 0): Promise<Record<string, unknown>> {
    for (;;) {
      const found = this.lines.slice(from).find((l) => l["msg"] === msg);
      if (found !== undefined) return found;
      if (this.child.exitCode !== null || this.child.signalCode !== null) {
        throw new Error(`the service exited before logging "${msg}": ${this.stderr}`);
      }
      await new Promise<void>((wake) => this.waiters.push(wake));
    }
  }

  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill("SIGKILL");
  }
}

/** Starts the real service with these environment settings; resolves once it listens. */
export async function startServiceProcess(
  env: Record<string, string>,
): Promise<{ process: ServiceProcess; port: number }> {
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: REPO,
    env: {
      PATH: process.env["PATH"] ?? "",
      TZ: "UTC",
      PROMISE_ADDRESS: "127.0.0.1:0",
      PROMISE_SQLITE_PATH: tempSqlitePath(),
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const service = new ServiceProcess(child);
  const listening = await service.waitForLine("promise service listening");
  return { process: service, port: listening["port"] as number };
}
