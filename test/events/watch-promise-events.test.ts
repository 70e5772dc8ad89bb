import * as grpc from "@grpc/grpc-js";
import Database from "better-sqlite3";
import pg from "pg";
import { afterEach, describe, expect, it, vi } from "vitest";
import { loadConfig } from "../../src/config/config.js";
import type { WatchPromiseEventsResponse__Output } from "../../src/grpc/generated/promise/v1/WatchPromiseEventsResponse.js";
import { createLogger, type RunningService, startService } from "../../src/main.js";
import { createTestSchema } from "../support/postgres.js";
import { type Clients, clientsFor, confirm } from "../support/service-clients.js";
import { tempSqlitePath } from "../support/temp-dir.js";
import { pgTests } from "./support.js";

const NOW = "2026-11-25T03:00:00Z";
let service: RunningService | undefined;
let clients: Clients | undefined;

async function start(path: string, extra: Record<string, string> = {}): Promise<void> {
  const config = loadConfig({
    PROMISE_ADDRESS: "127.0.0.1:0",
    ...(path.startsWith("pg:")
      ? { DATABASE_URL: pgTests.url, PROMISE_DATABASE_SCHEMA: path.slice(3) }
      : { PROMISE_SQLITE_PATH: path }),
    PROMISE_FIXED_NOW: NOW,
    PROMISE_LOG_LEVEL: "silent",
    PROMISE_INSECURE_ADMIN: "true",
    ...extra,
  });
  service = await startService(config, createLogger(config));
  clients = clientsFor(service.port);
}

async function stop(): Promise<void> {
  clients?.close();
  await service?.stop(200);
  clients = undefined;
  service = undefined;
}

afterEach(stop);

/** Confirmed promises written straight into the file (the triggers add their events). */
function insertPromises(path: string, from: number, count: number): void {
  const db = new Database(path);
  const insert = db.prepare(
    `insert into promise (id, idempotency_key, request_hash, status, payload, created_at_ms)
     values (?, ?, 'h', 'confirmed', '{}', ?)`,
  );
  db.transaction(() => {
    for (let i = from; i < from + count; i++) insert.run(`bulk-${i}`, `bulk-${i}`, i);
  })();
  db.close();
}

function collect(after: number, until: number): Promise<number[]> {
  return collecting(after, until).done;
}

/** The sequences a stream after `after` receives, as they come; done once it has `until`. */
function collecting(after: number, until: number): { seen: number[]; done: Promise<number[]> } {
  const seen: number[] = [];
  const done = new Promise<number[]>((resolve, reject) => {
    const s = clients!.admin.WatchPromiseEvents({ afterSequence: after });
    s.on("data", (e: WatchPromiseEventsResponse__Output) => {
      seen.push(Number(e.sequence));
      if (seen.length === until) {
        s.cancel();
        resolve(seen);
      }
    });
    s.on("error", (err: grpc.ServiceError) => {
      if (err.code !== grpc.status.CANCELLED) reject(err);
    });
  });
  return { seen, done };
}

/** The same on PostgreSQL (schema `name`). */
async function insertPromisesPg(schema: string, from: number, count: number): Promise<void> {
  const client = new pg.Client({ connectionString: pgTests.url });
  await client.connect();
  try {
    // The outbox trigger names its tables unqualified (the store's search_path).
    await client.query(`set search_path to ${schema}`);
    for (let i = from; i < from + count; i++) {
      await client.query(
        `insert into promise (id, idempotency_key, request_hash, status, payload, created_at_ms)
         values ($1, $1, 'h', 'confirmed', '{}', $2)`,
        [`bulk-${i}`, i],
      );
    }
  } finally {
    await client.end();
  }
}

describe.skipIf(!pgTests.run && pgTests.failure === undefined)(
  "WatchPromiseEvents on PostgreSQL",
  () => {
    it("resumes after a server restart from the last sequence received, with no gap and no duplicate", async () => {
      const schema = await createTestSchema(pgTests.url);
      try {
        await start(`pg:${schema.name}`);
        await stop(); // the schema exists now
        await insertPromisesPg(schema.name, 1, 3);
        await start(`pg:${schema.name}`);
        expect(await collect(0, 3)).toEqual([1, 2, 3]);
        await stop();
        await insertPromisesPg(schema.name, 4, 2); // committed while no server runs
        await start(`pg:${schema.name}`);
        const resumed = collecting(3, 3);
        await vi.waitFor(() => expect(resumed.seen).toEqual([4, 5]), { timeout: 5_000 });
        await insertPromisesPg(schema.name, 6, 1); // and one while the stream is open
        expect(await resumed.done).toEqual([4, 5, 6]);
      } finally {
        await stop();
        await schema.drop();
      }
    });
  },
);

describe("WatchPromiseEvents", () => {
  it("starts on an in-memory database (PROMISE_SQLITE_PATH=:memory:) and streams the CONFIRMED event of a confirm", async () => {
    await start(":memory:");
    const outcome = await confirm(clients!.promise, {
      idempotencyKey: "memory-1",
      lines: [{ sku: "SKU-TSHIRT-001", quantity: 1 }],
      destination: { countryCode: "TH", postalCode: "30000" },
      serviceId: "kerry-express",
    });
    if (!outcome.ok) throw new Error(outcome.message);
    const event = await new Promise<WatchPromiseEventsResponse__Output>((resolve, reject) => {
      const s = clients!.admin.WatchPromiseEvents({ afterSequence: 0 });
      s.on("data", (e: WatchPromiseEventsResponse__Output) => {
        s.cancel();
        resolve(e);
      });
      s.on("error", (err: grpc.ServiceError) => {
        if (err.code !== grpc.status.CANCELLED) reject(err);
      });
    });
    expect([Number(event.sequence), event.promiseId, event.kind]).toEqual([
      1,
      outcome.promise.id,
      "PROMISE_EVENT_KIND_CONFIRMED",
    ]);
  });

  it("resumes after a server restart from the last sequence received, with no gap and no duplicate", async () => {
    const path = tempSqlitePath();
    await start(path);
    await stop(); // the schema exists now
    insertPromises(path, 1, 3);
    await start(path);
    expect(await collect(0, 3)).toEqual([1, 2, 3]);
    await stop();
    insertPromises(path, 4, 2); // committed while no server runs
    await start(path);
    const resumed = collecting(3, 3);
    await vi.waitFor(() => expect(resumed.seen).toEqual([4, 5]), { timeout: 5_000 });
    insertPromises(path, 6, 1); // and one while the stream is open
    expect(await resumed.done).toEqual([4, 5, 6]);
  });

  it("ends a consumer that stops reading once it is more than its buffer behind, and others carry on", async () => {
    const path = tempSqlitePath();
    await start(path);
    await stop();
    insertPromises(path, 1, 20_000);
    await start(path, {
      PROMISE_EVENT_STREAM_BUFFER: "100",
      PROMISE_EVENT_STREAM_STALL_MS: "1000",
    });
    const slow = clients!.admin.WatchPromiseEvents({ afterSequence: 0 });
    const received: number[] = [];
    slow.on("data", (e: WatchPromiseEventsResponse__Output) => received.push(Number(e.sequence)));
    slow.pause();
    const status = new Promise<grpc.StatusObject>((resolve) => slow.on("status", resolve));
    slow.on("error", () => {});
    // Nobody reads `slow` for 2 s: the connection stops draining. A period, not a wait: the rule
    // is "read nothing for 1 s", and the give-up shows only once it reads (the status comes last).
    await new Promise((r) => setTimeout(r, 2_000));
    const fast = await collect(0, 20_000);
    expect(fast.at(-1)).toBe(20_000);
    slow.resume();
    const ended = await status;
    expect(ended.code).toBe(grpc.status.RESOURCE_EXHAUSTED);
    // The status names where to resume: what the server had sent when it gave up.
    const resumeAt = Number(/resume with after_sequence=(\d+)/.exec(ended.details)?.[1]);
    expect(resumeAt).toBeGreaterThan(0);
    expect(resumeAt).toBeLessThan(20_000);
    expect(received.length).toBeLessThanOrEqual(resumeAt);
  }, 30_000);
});
