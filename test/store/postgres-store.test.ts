import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DomainError } from "../../src/domain/domain-error.js";
import { hashRequest } from "../../src/domain/request-hash.js";
import { dayNumber } from "../../src/engine/day.js";
import { openStore } from "../../src/store/open-store.js";
import type { ConfirmDecision, StockClaim, Store } from "../../src/store/store.js";
import { describeStoreFailure, STORE_UNAVAILABLE_MESSAGE } from "../../src/store/store-error.js";
import {
  closedPort,
  createTestSchema,
  postgresForTests,
  type TestSchema,
} from "../support/postgres.js";
import { TcpProxy } from "../support/tcp-proxy.js";
import { describeStoreContract } from "./store-contract.js";

const pgTests = await postgresForTests("postgres-store");

if (pgTests.failure !== undefined) {
  const failure = pgTests.failure;
  describe("the postgres store", () => {
    it("needs PostgreSQL", () => {
      throw new Error(failure);
    });
  });
}

/** Each contract test gets a fresh schema; its Store instances use small pools (shared server). */
describe.skipIf(!pgTests.run)("on PostgreSQL", () => {
  describeStoreContract({
    engine: "postgres",
    async createDatabase() {
      const schema = await createTestSchema(pgTests.url);
      return {
        open: () => openStore({ databaseUrl: pgTests.url, pgSchema: schema.name, poolSize: 5 }),
        drop: () => schema.drop(),
      };
    },
  });
});

describe.skipIf(!pgTests.run)("a postgres confirm group that loses a race", () => {
  it("checks each confirm's own inbound allowance when another process changed the row", async () => {
    const schema = await createTestSchema(pgTests.url);
    const store = await openStore({ databaseUrl: pgTests.url, pgSchema: schema.name, poolSize: 3 });
    const other = new pg.Client({ connectionString: pgTests.url });
    other.on("error", () => {});
    try {
      await other.connect();
      await store.upsertStock([
        {
          sku: "MIX",
          warehouseId: "WH",
          onHand: 12,
          safetyStock: 0,
          inbound: [{ quantity: 10, etaDay: dayNumber(20_000) }],
          version: 1,
        },
      ]);
      // Another process lowers on hand to 11 and holds the row until the group waits for it.
      await other.query(`set search_path to "${schema.name}"`);
      await other.query("begin");
      await other.query("update stock set on_hand = 11 where sku = 'MIX'");
      const otherPid = (await other.query<{ pid: number }>("select pg_backend_pid() as pid"))
        .rows[0]!.pid;
      const confirm = (key: string, line: StockClaim) =>
        store.confirm(
          {
            idempotencyKey: key,
            requestHash: hashRequest(key),
            skus: ["MIX"],
            fromDay: dayNumber(0),
            toDay: dayNumber(0),
          },
          (): ConfirmDecision => ({
            ok: true,
            promise: { id: key, payload: null, createdAtMs: 0 },
            stock: [line],
            capacity: [],
          }),
        );
      // One group on the snapshot of 12 on hand: a backorder of 10 (may count on the lot of
      // 10), then 2 on hand only; both fit in memory (12 + 10 >= 10, then 12 - 10 >= 2).
      const outcomes = Promise.all([
        confirm("backorder", { sku: "MIX", warehouseId: "WH", quantity: 10, inboundAllowance: 10 }),
        confirm("on-hand", { sku: "MIX", warehouseId: "WH", quantity: 2 }),
      ]);
      const waiting = async () =>
        Number(
          (
            await other.query<{ n: string }>(
              "select count(*) as n from pg_stat_activity where $1 = any(pg_blocking_pids(pid))",
              [otherPid],
            )
          ).rows[0]!.n,
        );
      for (let i = 0; (await waiting()) === 0; i++) {
        if (i > 1_000) throw new Error("the group never waited for the row");
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      await other.query("commit");
      // With 11 on hand the 2 on hand no longer fit after the backorder took 10 (11 - 10 < 2),
      // although the pair fits the backorder's allowance (11 + 10 >= 12).
      expect((await outcomes).map((o) => o.kind)).toEqual(["confirmed", "rejected"]);
      const { batches } = await store.loadStock();
      const rows = [];
      for await (const b of batches) rows.push(...b);
      expect(rows.map((r) => [r.onHand, r.reserved])).toEqual([[11, 10]]);
      expect(await store.checkReservations()).toMatchObject({
        confirmed: 1,
        stockMismatches: [],
        overReserved: 0,
      });
    } finally {
      await other.end().catch(() => {});
      await store.close();
      await schema.drop();
    }
  });
});

async function codeOf(promise: Promise<unknown>): Promise<string> {
  return promise.then(
    () => "OK",
    (err: unknown) => (err instanceof DomainError ? err.kind : `not a DomainError: ${String(err)}`),
  );
}

describe.skipIf(!pgTests.run)("the postgres store when the database goes away", () => {
  let schema: TestSchema;
  let proxy: TcpProxy;
  const stores: Store[] = [];

  beforeAll(async () => {
    schema = await createTestSchema(pgTests.url);
    const url = new URL(pgTests.url);
    proxy = await TcpProxy.start({ host: url.hostname, port: Number(url.port || 5432) });
  });

  afterAll(async () => {
    for (const s of stores) await s.close();
    await proxy?.close();
    await schema?.drop();
  });

  function viaProxy(): string {
    const url = new URL(pgTests.url);
    url.hostname = "127.0.0.1";
    url.port = String(proxy.port);
    return url.toString();
  }

  it("fails to open with UNAVAILABLE when nothing listens on the port", async () => {
    const url = new URL(pgTests.url);
    url.hostname = "127.0.0.1";
    url.port = String(await closedPort());
    expect(await codeOf(openStore({ databaseUrl: url.toString(), connectTimeoutMs: 1_000 }))).toBe(
      "UNAVAILABLE",
    );
  });

  it("answers UNAVAILABLE while the database is cut off and recovers by itself", async () => {
    const store = await openStore({
      databaseUrl: viaProxy(),
      pgSchema: schema.name,
      poolSize: 3,
      connectTimeoutMs: 1_000,
    });
    stores.push(store);
    const row = { sku: "A", warehouseId: "W", onHand: 5, safetyStock: 0, inbound: [] };
    await store.upsertStock([{ ...row, version: 1 }]);

    // Open connections are dropped (terminated) and new ones refused.
    await proxy.cut();
    expect(await codeOf(store.upsertStock([{ ...row, version: 2 }]))).toBe("UNAVAILABLE");
    expect(await codeOf(store.currentSeq())).toBe("UNAVAILABLE");
    expect(await codeOf(store.getPromise("x"))).toBe("UNAVAILABLE");
    expect(
      await codeOf(
        store.confirm(
          {
            idempotencyKey: "k",
            requestHash: "h",
            skus: ["A"],
            fromDay: dayNumber(0),
            toDay: dayNumber(0),
          },
          () => ({ ok: false, reason: "NOT_REACHED" }),
        ),
      ),
    ).toBe("UNAVAILABLE");

    await proxy.restore();
    // The pool drops the broken connections and opens new ones: no restart needed. A call
    // racing the pool's clean-up may still fail once; it must succeed within a few tries.
    let result = "not tried";
    for (let attempt = 0; attempt < 5 && result !== "OK"; attempt++) {
      result = await codeOf(store.upsertStock([{ ...row, version: 3 }]));
    }
    expect(result).toBe("OK");
    const { batches } = await store.loadStock();
    const rows = [];
    for await (const b of batches) rows.push(...b);
    expect(rows.map((r) => r.version)).toEqual([3]);
  });

  it("listens again after the connection is lost and reports what it missed", async () => {
    const watcher = await openStore({
      databaseUrl: viaProxy(),
      pgSchema: schema.name,
      poolSize: 2,
      connectTimeoutMs: 1_000,
    });
    const writer = await openStore({
      databaseUrl: pgTests.url,
      pgSchema: schema.name,
      poolSize: 2,
    });
    stores.push(watcher, writer);
    let target = Number.POSITIVE_INFINITY;
    const seen: number[] = [];
    let resolveSeen: () => void = () => {};
    const arrived = new Promise<void>((resolve) => {
      resolveSeen = resolve;
    });
    watcher.onChange((seq) => {
      seen.push(seq);
      if (seq >= target) resolveSeen();
    });
    await proxy.cut();
    await writer.setCapacity("W", { daily: 7 });
    target = await writer.currentSeq();
    await proxy.restore();
    const bound = new Promise<void>((_, reject) =>
      setTimeout(() => reject(new Error("no change reported within 10 s")), 10_000).unref(),
    );
    await Promise.race([arrived, bound]);
    expect(Math.max(...seen)).toBeGreaterThanOrEqual(target);
  });
});

describe.skipIf(!pgTests.run)("a postgres statement stuck behind another session's lock", () => {
  it("is cancelled after the statement timeout with UNAVAILABLE, and the store works once the lock goes", async () => {
    const schema = await createTestSchema(pgTests.url);
    const store = await openStore({
      databaseUrl: pgTests.url,
      pgSchema: schema.name,
      poolSize: 2,
      statementTimeoutMs: 300,
    });
    const other = new pg.Client({ connectionString: pgTests.url });
    other.on("error", () => {});
    const row = (onHand: number, version: number) => ({
      sku: "LOCKED",
      warehouseId: "WH",
      onHand,
      safetyStock: 0,
      inbound: [],
      version,
    });
    try {
      await other.connect();
      await store.upsertStock([row(5, 1)]);
      await other.query(`set search_path to "${schema.name}"`);
      await other.query("begin");
      await other.query("update stock set on_hand = 6 where sku = 'LOCKED'");
      const started = Date.now();
      const stuck = await store.upsertStock([row(7, 2)]).then(
        () => undefined,
        (err: unknown) => err,
      );
      const waitedMs = Date.now() - started;
      expect(stuck).toBeInstanceOf(DomainError);
      expect((stuck as DomainError).kind).toBe("UNAVAILABLE");
      // The public message says no more than that; the log gets the cause.
      expect((stuck as DomainError).message).toBe(STORE_UNAVAILABLE_MESSAGE);
      expect(describeStoreFailure(stuck)).toMatchObject({
        code: "57014",
        reason: expect.stringMatching(/statement timeout/),
      });
      expect(waitedMs).toBeGreaterThanOrEqual(250);
      expect(waitedMs).toBeLessThan(5_000);
      await other.query("rollback");
      await store.upsertStock([row(8, 3)]);
      const changes = await store.loadStock(0);
      const rows = [];
      for await (const batch of changes.batches) rows.push(...batch);
      expect(rows.map((r) => [r.sku, r.onHand])).toEqual([["LOCKED", 8]]);
    } finally {
      await other.end().catch(() => {});
      await store.close();
      await schema.drop();
    }
  });
});
