import * as grpc from "@grpc/grpc-js";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/config.js";
import type { WatchPromiseEventsResponse__Output } from "../../src/grpc/generated/promise/v1/WatchPromiseEventsResponse.js";
import { createLogger, type RunningService, startService } from "../../src/main.js";
import { type Clients, clientsFor } from "../support/service-clients.js";
import { tempSqlitePath } from "../support/temp-dir.js";

const NOW = "2026-11-25T03:00:00Z";
let service: RunningService | undefined;
let clients: Clients | undefined;

async function start(path: string, extra: Record<string, string> = {}): Promise<void> {
  const config = loadConfig({
    PROMISE_ADDRESS: "127.0.0.1:0",
    PROMISE_SQLITE_PATH: path,
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
  return new Promise((resolve, reject) => {
    const seen: number[] = [];
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
}

describe("WatchPromiseEvents", () => {
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
    const resumed = collect(3, 3);
    await new Promise((r) => setTimeout(r, 100));
    insertPromises(path, 6, 1); // and one while the stream is open
    expect(await resumed).toEqual([4, 5, 6]);
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
    // Nobody reads `slow` for 2 s: the connection stops draining.
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
