import { type ChildProcess, spawn } from "node:child_process";
import Database from "better-sqlite3";
import { connect } from "nats";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { NATS_STREAM } from "../../src/events/nats-publisher.js";
import { openStore } from "../../src/store/open-store.js";
import type { Store } from "../../src/store/store.js";
import { natsServerAvailable, TestNatsServer } from "../support/nats-server.js";
import { createTestSchema } from "../support/postgres.js";
import { tempSqlitePath } from "../support/temp-dir.js";
import { pgTests } from "./support.js";

const EVENTS = 2_000;

function startPublisher(env: Record<string, string>): { child: ChildProcess; lines: string[] } {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "test/events/fixtures/publisher-process.ts"],
    {
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  const lines: string[] = [];
  child
    .stdout!.setEncoding("utf8")
    .on("data", (text: string) => lines.push(...text.trim().split("\n")));
  return { child, lines };
}

function lastPublished(lines: readonly string[]): number {
  const last = [...lines].reverse().find((l) => l.startsWith("published "));
  return last === undefined ? 0 : Number(last.slice("published ".length));
}

async function kill(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill(signal);
  await exited;
}

/**
 * One engine's database for the publishers: its environment for them, a way to run SQL on it, and
 * how to drop it.
 */
interface Outbox {
  readonly env: Record<string, string>;
  /** Runs one statement, returns its first row's first column. */
  scalar(text: string): Promise<number>;
  close(): Promise<void>;
}

const engines = [
  {
    name: "SQLite",
    skip: false,
    async open(): Promise<{ outbox: Outbox; store: Store }> {
      const path = tempSqlitePath();
      const store = await openStore({ sqlitePath: path });
      const db = new Database(path);
      // 2,000 confirmed promises at once (the trigger writes each one's CONFIRMED event).
      db.prepare(
        `insert into promise (id, idempotency_key, request_hash, status, payload, created_at_ms)
         with recursive g(i) as (select 1 union all select i + 1 from g where i < ?)
         select 'p' || i, 'k' || i, 'h', 'confirmed', '{}', i from g`,
      ).run(EVENTS);
      return {
        store,
        outbox: {
          env: { SQLITE_PATH: path },
          scalar: async (text) => Number(db.prepare(text).pluck().get()),
          close: async () => {
            db.close();
          },
        },
      };
    },
  },
  {
    name: "PostgreSQL",
    skip: !pgTests.run && pgTests.failure === undefined,
    async open(): Promise<{ outbox: Outbox; store: Store }> {
      if (pgTests.failure !== undefined) throw new Error(pgTests.failure);
      const schema = await createTestSchema(pgTests.url);
      const store = await openStore({
        databaseUrl: pgTests.url,
        pgSchema: schema.name,
        poolSize: 2,
      });
      const client = new pg.Client({
        connectionString: pgTests.url,
        options: `-c search_path=${schema.name}`,
      });
      await client.connect();
      await client.query("update change_counter set seq = seq + 1 where id = 1");
      await client.query(
        `insert into promise (id, idempotency_key, request_hash, status, payload, created_at_ms)
         select 'p' || g, 'k' || g, 'h', 'confirmed', '{}', g from generate_series(1, ${EVENTS}) as g`,
      );
      return {
        store,
        outbox: {
          env: { DATABASE_URL: pgTests.url, SCHEMA: schema.name },
          scalar: async (text) => Number(Object.values((await client.query(text)).rows[0])[0]),
          close: async () => {
            await client.end();
            await schema.drop();
          },
        },
      };
    },
  },
];

describe.each(engines)("two publisher processes on $name", (engine) => {
  const skip = !natsServerAvailable || engine.skip;
  let store: Store | undefined;
  let outbox: Outbox | undefined;
  let nats: TestNatsServer | undefined;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    if (skip) return;
    ({ store, outbox } = await engine.open());
    nats = await TestNatsServer.create();
  }, 30_000);

  afterAll(async () => {
    for (const c of children) await kill(c, "SIGKILL");
    await store?.close();
    await outbox?.close();
    await nats?.dispose();
  });

  it.skipIf(skip)(
    "sends each event once per outbox row when one is SIGKILLed between the broker's acknowledgement and its commit, and two share the rest",
    async () => {
      const env = { ...outbox!.env, NATS_URL: nats!.url };
      const crashing = startPublisher({ ...env, HANG_AFTER_PUBLISH: "1" });
      children.push(crashing.child);
      const deadline = Date.now() + 20_000;
      while (!crashing.lines.some((l) => l.startsWith("hanging")) && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(crashing.lines.some((l) => l.startsWith("hanging"))).toBe(true);
      await kill(crashing.child, "SIGKILL"); // its batch is on the broker, not marked in the outbox

      // Both survivors start publishing at the same moment: under load one could otherwise drain
      // every lane before the other has even started (seen on PostgreSQL, "both took part").
      const a = startPublisher({ ...env, START_ON_SIGNAL: "1" });
      const b = startPublisher({ ...env, START_ON_SIGNAL: "1" });
      children.push(a.child, b.child);
      await vi.waitFor(
        () => expect([a.lines, b.lines].map((l) => l.includes("ready"))).toEqual([true, true]),
        {
          timeout: 20_000,
          interval: 20,
        },
      );
      a.child.kill("SIGUSR2");
      b.child.kill("SIGUSR2");
      const unpublished = () =>
        outbox!.scalar("select count(*) as n from promise_event where published_at_ms is null");
      // (SQLite: the dead publisher's lease on the lane runs out first, 10 s.)
      while ((await unpublished()) > 0 && Date.now() < deadline + 25_000) {
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(await unpublished()).toBe(0);
      // Each publisher prints its count every 100 ms: wait until both printed what they sent.
      await vi.waitFor(() => expect(lastPublished(a.lines) + lastPublished(b.lines)).toBe(EVENTS), {
        timeout: 5_000,
        interval: 20,
      });
      await kill(a.child, "SIGTERM");
      await kill(b.child, "SIGTERM");

      // The stream holds each sequence exactly once (the crashed batch's re-send was a duplicate).
      const nc = await connect({ servers: nats!.url });
      const info = await (await nc.jetstreamManager()).streams.info(NATS_STREAM);
      await nc.close();
      expect(info.state.messages).toBe(EVENTS);
      // Together the survivors sent every row once (they took turns on the lanes).
      const [sentA, sentB] = [lastPublished(a.lines), lastPublished(b.lines)];
      expect(sentA + sentB).toBe(EVENTS);
      if (engine.name === "PostgreSQL") {
        // 16 lanes: both took part at once.
        expect(sentA).toBeGreaterThan(0);
        expect(sentB).toBeGreaterThan(0);
      }
    },
    60_000,
  );
});
