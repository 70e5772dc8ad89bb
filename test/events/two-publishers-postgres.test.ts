import { type ChildProcess, spawn } from "node:child_process";
import { connect } from "nats";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { NATS_STREAM } from "../../src/events/nats-publisher.js";
import { openStore } from "../../src/store/open-store.js";
import type { Store } from "../../src/store/store.js";
import { natsServerAvailable, TestNatsServer } from "../support/nats-server.js";
import { createTestSchema, type TestSchema } from "../support/postgres.js";
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

describe.skipIf(!natsServerAvailable || !pgTests.run)(
  "two publisher processes on PostgreSQL",
  () => {
    let schema: TestSchema;
    let store: Store;
    let nats: TestNatsServer;
    let client: pg.Client;
    const children: ChildProcess[] = [];

    beforeAll(async () => {
      schema = await createTestSchema(pgTests.url);
      store = await openStore({ databaseUrl: pgTests.url, pgSchema: schema.name, poolSize: 2 });
      nats = await TestNatsServer.create();
      client = new pg.Client({
        connectionString: pgTests.url,
        options: `-c search_path=${schema.name}`,
      });
      await client.connect();
      // 2,000 confirmed promises at once (the trigger writes each one's CONFIRMED event).
      await client.query("update change_counter set seq = seq + 1 where id = 1");
      await client.query(
        `insert into promise (id, idempotency_key, request_hash, status, payload, created_at_ms)
       select 'p' || g, 'k' || g, 'h', 'confirmed', '{}', g from generate_series(1, ${EVENTS}) as g`,
      );
    }, 30_000);

    afterAll(async () => {
      for (const c of children) await kill(c, "SIGKILL");
      await client?.end();
      await store?.close();
      await nats?.dispose();
      await schema?.drop();
    });

    it("sends each event once per outbox row when one is SIGKILLed mid-publish and two share the rest", async () => {
      const env = { DATABASE_URL: pgTests.url, SCHEMA: schema.name, NATS_URL: nats.url };
      const crashing = startPublisher({ ...env, HANG_AFTER_PUBLISH: "1" });
      children.push(crashing.child);
      const deadline = Date.now() + 20_000;
      while (!crashing.lines.some((l) => l.startsWith("hanging")) && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(crashing.lines.some((l) => l.startsWith("hanging"))).toBe(true);
      await kill(crashing.child, "SIGKILL"); // its batch is on the broker, not marked in the outbox

      const a = startPublisher(env);
      const b = startPublisher(env);
      children.push(a.child, b.child);
      const unpublished = async () =>
        Number(
          (
            await client.query<{ n: string }>(
              "select count(*) as n from promise_event where published_at_ms is null",
            )
          ).rows[0]!.n,
        );
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
      const nc = await connect({ servers: nats.url });
      const info = await (await nc.jetstreamManager()).streams.info(NATS_STREAM);
      await nc.close();
      expect(info.state.messages).toBe(EVENTS);
      // Both survivors took part, and together they sent every row at least once.
      const [sentA, sentB] = [lastPublished(a.lines), lastPublished(b.lines)];
      expect(sentA).toBeGreaterThan(0);
      expect(sentB).toBeGreaterThan(0);
      expect(sentA + sentB).toBe(EVENTS);
    }, 60_000);
  },
);
