import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import net from "node:net";
import { tempDir } from "./temp-dir.js";

export const NATS_SERVER_BIN = "/usr/sbin/nats-server";
export const natsServerAvailable = existsSync(NATS_SERVER_BIN);

/**
 * A NATS server with JetStream of the test's own (own port and store directory), so stopping it
 * does not touch the machine's shared one. `stop` kills it (SIGKILL: a broker that dies); `start`
 * brings it back on the same port with the same stored streams.
 */
export class TestNatsServer {
  readonly port: number;
  readonly #dir = tempDir("promise-nats-");
  #child: ChildProcess | undefined;

  private constructor(port: number) {
    this.port = port;
  }

  static async create(): Promise<TestNatsServer> {
    const server = new TestNatsServer(await freePort());
    await server.start();
    return server;
  }

  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.#child = spawn(
      NATS_SERVER_BIN,
      ["-a", "127.0.0.1", "-p", String(this.port), "-js", "-sd", this.#dir.path],
      { stdio: "ignore" },
    );
    for (let i = 0; i < 100; i++) {
      if (await accepts(this.port)) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error("nats-server did not start");
  }

  async stop(): Promise<void> {
    const child = this.#child;
    if (child === undefined || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGKILL");
    await exited;
    this.#child = undefined;
  }

  async dispose(): Promise<void> {
    await this.stop();
    this.#dir.remove();
  }
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
