import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { DomainError } from "../../src/domain/domain-error.js";
import { PostgresPromiseEventStore } from "../../src/events/postgres-promise-event-store.js";
import { openStore } from "../../src/store/open-store.js";
import type { Store } from "../../src/store/store.js";
import { STORE_UNAVAILABLE_MESSAGE } from "../../src/store/store-error.js";
import { createTestSchema, type TestSchema } from "../support/postgres.js";
import { TcpProxy } from "../support/tcp-proxy.js";
import { confirmBare, pgTests } from "./support.js";

// pg-pool listens for errors on idle clients only: a checked-out client whose connection drops
// emits `error` with no listener, which ends the process. The outbox's publisher holds a client
// for the whole publish, so a database cut in that moment must fail the publish, not the process.
describe.skipIf(!pgTests.run && pgTests.failure === undefined)(
  "the PostgreSQL outbox when its connection drops",
  () => {
    let schema: TestSchema;
    let store: Store;
    let proxy: TcpProxy;
    let events: PostgresPromiseEventStore;
    /** Every pg client that connects (the outbox's included), seen through a pass-through spy. */
    const connecting = vi.spyOn(pg.Client.prototype, "connect");

    beforeAll(async () => {
      schema = await createTestSchema(pgTests.url);
      store = await openStore({ databaseUrl: pgTests.url, pgSchema: schema.name, poolSize: 2 });
      const target = new URL(pgTests.url);
      proxy = await TcpProxy.start({ host: target.hostname, port: Number(target.port || 5432) });
      const viaProxy = new URL(pgTests.url);
      viaProxy.hostname = "127.0.0.1";
      viaProxy.port = String(proxy.port);
      events = new PostgresPromiseEventStore({
        databaseUrl: viaProxy.toString(),
        schema: schema.name,
        timeoutMs: 2_000,
      });
      for (let i = 0; i < 20; i++) await confirmBare(store, `p${i}`, 1000 + i);
    });

    afterAll(async () => {
      connecting.mockRestore();
      await events?.close();
      await proxy?.restore();
      await proxy?.close();
      await store?.close();
      await schema?.drop();
    });

    it("fails a publish whose connection is cut mid-way, keeps its events unpublished, and publishes them once the database is back", async () => {
      const lanes = Array.from({ length: events.lanes }, (_, lane) => lane);
      const sent: number[] = [];
      let cutDone = false;
      const outcomes: string[] = [];
      let failure: unknown;
      for (const lane of lanes) {
        try {
          await events.publishLane(
            lane,
            100,
            async (batch) => {
              if (!cutDone) {
                cutDone = true;
                // The outbox's clients (all through the proxy) report the reset as an error.
                const outboxClients = (connecting.mock.contexts as pg.Client[]).filter(
                  (c) => c.port === proxy.port,
                );
                expect(outboxClients.length).toBeGreaterThan(0);
                const dropped = Promise.all(
                  outboxClients.map((c) => new Promise((r) => c.once("error", r))),
                );
                await proxy.cut();
                // Wait until the reset has reached them, the checked-out one included.
                await dropped;
                return;
              }
              sent.push(...batch.map((e) => e.seq));
            },
            9000,
          );
          outcomes.push("ok");
        } catch (err) {
          failure = err;
          outcomes.push("failed");
        }
        if (cutDone) break;
      }
      expect(outcomes.at(-1)).toBe("failed");
      // The drop came between the publish's statements: its next one found the client dead.
      expect((failure as Error).message).toBe(
        "Client has encountered a connection error and is not queryable",
      );
      await proxy.restore();
      await expect
        .poll(
          async () => {
            for (const lane of lanes) {
              await events
                .publishLane(
                  lane,
                  100,
                  async (batch) => void sent.push(...batch.map((e) => e.seq)),
                  9000,
                )
                .catch(() => 0);
            }
            return [...new Set(sent)].sort((a, b) => a - b).length;
          },
          { timeout: 10_000, interval: 200 },
        )
        .toBe(20);
      expect([...sent].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    }, 30_000);

    it("answers the reads callers wait on with UNAVAILABLE and the public message while the database is cut, and reads again once it is back", async () => {
      const atRisk = {
        status: "AT_RISK",
        reasons: ["STOCK_SHORT"],
        expectedEarliest: "2026-11-26",
        expectedLatest: "2026-11-27",
        sinceMs: 5000,
      };
      // Event 21 (after the set-up's 20 CONFIRMED events).
      expect(await events.applyRisks([{ promiseId: "p0", risk: atRisk }])).toBe(1);
      await proxy.cut();
      const reads: Record<string, () => Promise<unknown>> = {
        latestSeq: () => events.latestSeq(),
        oldestSeq: () => events.oldestSeq(),
        riskOf: () => events.riskOf("p0"),
        readEvents: () => events.readEvents(0, 10),
        listPromises: () => events.listPromises({}, undefined, 3),
      };
      const failures: Record<string, string> = {};
      for (const [name, read] of Object.entries(reads)) {
        const err = await read().then(
          () => undefined,
          (e: unknown) => e,
        );
        failures[name] =
          err instanceof DomainError ? `${err.kind}: ${err.message}` : `not a DomainError: ${err}`;
      }
      const unavailable = `UNAVAILABLE: ${STORE_UNAVAILABLE_MESSAGE}`;
      expect(failures).toEqual({
        latestSeq: unavailable,
        oldestSeq: unavailable,
        riskOf: unavailable,
        readEvents: unavailable,
        listPromises: unavailable,
      });
      await proxy.restore();
      // The 20 confirms of the set-up are events 1-20 (p19 is the newest promise), p0's risk 21.
      await expect.poll(() => events.latestSeq().catch(() => -1), { timeout: 10_000 }).toBe(21);
      expect(await events.oldestSeq()).toBe(1);
      expect((await events.readEvents(19, 10)).map((e) => [e.seq, e.promiseId, e.kind])).toEqual([
        [20, "p19", "CONFIRMED"],
        [21, "p0", "AT_RISK"],
      ]);
      expect((await events.listPromises({}, undefined, 3)).map((p) => p.id)).toEqual([
        "p19",
        "p18",
        "p17",
      ]);
      expect(await events.riskOf("p0")).toEqual(atRisk);
    }, 30_000);

    it("answers a read UNAVAILABLE when a partition leaves it unanswered, instead of waiting for TCP", async () => {
      // A connection of the pool, opened while the network works.
      expect(await events.riskOf("p0")).not.toBeNull();
      proxy.partition();
      try {
        const startedAt = performance.now();
        const err = await events.riskOf("p0").then(
          () => undefined,
          (e: unknown) => e,
        );
        const waitedMs = performance.now() - startedAt;
        expect(err instanceof DomainError ? `${err.kind}: ${err.message}` : String(err)).toBe(
          `UNAVAILABLE: ${STORE_UNAVAILABLE_MESSAGE}`,
        );
        // The store's time limit (2 s here) plus the second the server's own timeout is given;
        // without the client-side limit the read waits for TCP to give up (minutes).
        expect(waitedMs).toBeGreaterThanOrEqual(2_900);
        expect(waitedMs).toBeLessThan(10_000);
      } finally {
        await proxy.restore();
      }
      await expect
        .poll(() => events.riskOf("p0").catch(() => null), { timeout: 10_000 })
        .not.toBeNull();
    }, 30_000);
  },
);
