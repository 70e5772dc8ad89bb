import { type ServiceProcess, startServiceProcess } from "../lifecycle/lifecycle-helpers.js";
import { type Clients, clientsFor } from "./service-clients.js";

/** Where the replicas' store is: one PostgreSQL database and schema they all share. */
export interface SharedSchema {
  readonly url: string;
  readonly schema: string;
}

/**
 * Service processes (`src/main.ts`, each its own Node process) on one PostgreSQL schema, with
 * gRPC clients for each: the setup of every multi-process test. `clients[i]` talks to the i-th
 * process started and still running.
 */
export class ServiceReplicas {
  readonly clients: Clients[] = [];
  readonly #processes: ServiceProcess[] = [];

  constructor(private readonly store: SharedSchema) {}

  /**
   * Starts one process whose clock stands at `now`, with the admin service open and `env` on top;
   * resolves with its clients once it listens.
   */
  async start(now: string, env: Record<string, string> = {}): Promise<Clients> {
    const { process, port } = await startServiceProcess({
      DATABASE_URL: this.store.url,
      PROMISE_DATABASE_SCHEMA: this.store.schema,
      PROMISE_FIXED_NOW: now,
      PROMISE_INSECURE_ADMIN: "true",
      ...env,
    });
    this.#processes.push(process);
    const clients = clientsFor(port);
    this.clients.push(clients);
    return clients;
  }

  /** Starts `count` processes one after the other (see start). */
  async startMany(count: number, now: string, env: Record<string, string> = {}): Promise<void> {
    for (let i = 0; i < count; i++) await this.start(now, env);
  }

  /** Stops the process behind `clients` (SIGKILL) and waits until it has exited. */
  async stop(clients: Clients): Promise<void> {
    const i = this.clients.indexOf(clients);
    if (i < 0) throw new Error("these clients are not of a running replica");
    clients.close();
    const process = this.#processes[i]!;
    process.kill();
    await process.exited;
    this.clients.splice(i, 1);
    this.#processes.splice(i, 1);
  }

  /** Stops every process still running. */
  async stopAll(): Promise<void> {
    for (const c of this.clients) c.close();
    for (const p of this.#processes) p.kill();
    await Promise.all(this.#processes.map((p) => p.exited));
    this.clients.length = 0;
    this.#processes.length = 0;
  }
}
