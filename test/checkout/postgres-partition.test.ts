import * as grpc from "@grpc/grpc-js";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { PromiseServiceClient } from "../../src/grpc/generated/promise/v1/PromiseService.js";
import { STORE_UNAVAILABLE_MESSAGE } from "../../src/store/store-error.js";
import { type ServiceProcess, startServiceProcess } from "../lifecycle/lifecycle-helpers.js";
import { createTestSchema, postgresForTests, type TestSchema } from "../support/postgres.js";
import { type Clients, clientsFor } from "../support/service-clients.js";
import { TcpProxy } from "../support/tcp-proxy.js";

/**
 * Issue 10, points 2 and 4: the real service behind a TCP proxy of the test's own between it and
 * PostgreSQL, which drops traffic silently (a partition: no reset, no error), refuses
 * connections, and comes back. PROMISE_STORE_TIMEOUT_MS is 2 s here.
 */
const pgTests = await postgresForTests("postgres-partition");
const NOW = "2026-11-25T03:00:00Z";
const UPCOUNTRY = { countryCode: "TH", postalCode: "30000" };
const STORE_TIMEOUT_MS = 2_000;
/** What the issue allows: the limit plus 1 s. */
const ANSWER_WITHIN_MS = STORE_TIMEOUT_MS + 1_000;
const RECOVER_WITHIN_MS = 2_000;

interface Outcome {
  readonly code: grpc.status;
  readonly details: string;
  readonly ms: number;
  readonly id?: string | undefined;
}

function call(
  method: (req: object, options: grpc.CallOptions, cb: grpc.requestCallback<object>) => unknown,
  request: object,
  deadlineMs = 20_000,
): Promise<Outcome> {
  const startedAt = performance.now();
  return new Promise((resolve) => {
    method(request, { deadline: Date.now() + deadlineMs }, (err, reply) => {
      const ms = performance.now() - startedAt;
      if (err) resolve({ code: err.code, details: err.details, ms });
      else {
        // ConfirmPromise and GetPromise answer { promise }; other calls have no id.
        const id = (reply as { promise?: { id?: string } }).promise?.id;
        resolve({ code: grpc.status.OK, details: "", ms, id });
      }
    });
  });
}

describe.skipIf(!pgTests.run && pgTests.failure === undefined)(
  "a service whose network to PostgreSQL partitions, refuses and comes back",
  () => {
    let schema: TestSchema;
    let proxy: TcpProxy;
    let service: ServiceProcess;
    let clients: Clients;
    let db: pg.Client;

    beforeAll(async () => {
      if (pgTests.failure !== undefined) throw new Error(pgTests.failure);
      schema = await createTestSchema(pgTests.url);
      const target = new URL(pgTests.url);
      proxy = await TcpProxy.start({ host: target.hostname, port: Number(target.port || 5432) });
      const viaProxy = new URL(pgTests.url);
      viaProxy.hostname = "127.0.0.1";
      viaProxy.port = String(proxy.port);
      const started = await startServiceProcess({
        DATABASE_URL: viaProxy.toString(),
        PROMISE_DATABASE_SCHEMA: schema.name,
        PROMISE_FIXED_NOW: NOW,
        PROMISE_INSECURE_ADMIN: "true",
        PROMISE_STORE_TIMEOUT_MS: String(STORE_TIMEOUT_MS),
      });
      service = started.process;
      clients = clientsFor(started.port);
      db = new pg.Client({ connectionString: pgTests.url });
      db.on("error", () => {});
      await db.connect();
    }, 60_000);

    afterAll(async () => {
      clients?.close();
      service?.kill();
      await service?.exited;
      await proxy?.restore();
      await proxy?.close();
      await db?.end().catch(() => {});
      await schema?.drop();
    });

    const promiseClient = (): PromiseServiceClient => clients.promise;
    const confirm = (key: string, deadlineMs?: number) =>
      call(
        promiseClient().ConfirmPromise.bind(promiseClient()) as never,
        {
          idempotencyKey: key,
          lines: [{ sku: "SKU-TSHIRT-001", quantity: 1 }],
          destination: UPCOUNTRY,
          serviceId: "kerry-express",
        },
        deadlineMs,
      );
    const getPromise = (id: string) =>
      call(promiseClient().GetPromise.bind(promiseClient()) as never, { id });
    const estimate = () =>
      call(promiseClient().Estimate.bind(promiseClient()) as never, {
        sku: "SKU-TSHIRT-001",
        quantity: 1,
        destination: UPCOUNTRY,
      });
    /** Promises stored under these keys, read straight from PostgreSQL. */
    const storedKeys = async (...keys: string[]) =>
      (
        await db.query<{ idempotency_key: string }>(
          `select idempotency_key from "${schema.name}".promise where idempotency_key = any($1)`,
          [keys],
        )
      ).rows.map((r) => r.idempotency_key);
    /** Confirms (fresh keys) every 100 ms until one succeeds; the time it took. */
    const recoveryMs = async (prefix: string) => {
      const startedAt = performance.now();
      for (let i = 0; ; i++) {
        const outcome = await confirm(`${prefix}-${i}`, 5_000);
        if (outcome.code === grpc.status.OK) return performance.now() - startedAt;
        if (performance.now() - startedAt > 15_000) return Number.POSITIVE_INFINITY;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    };
    /**
     * Waits until the service has logged the end of the outage that began after log line `from`.
     * It logs "store available again" just before it answers the first call that succeeds, but
     * its log (a pipe) and its answers (gRPC) are two channels: the answer may arrive first. A
     * test that checks the log of its own outage must not see the end of the previous one.
     */
    const outageLoggedOver = (from: number) => service.waitForLine("store available again", from);

    it("answers confirms and reads UNAVAILABLE within the limit plus 1 s during a silent partition, keeps estimating, and recovers within 2 s", async () => {
      const before = await confirm("partition-before");
      expect(before.code).toBe(grpc.status.OK);
      const from = service.lines.length;

      proxy.partition();
      const [during, got, ordinary] = await Promise.all([
        confirm("partition-during"),
        getPromise(before.id!),
        estimate(),
      ]);
      expect(during).toMatchObject({
        code: grpc.status.UNAVAILABLE,
        details: STORE_UNAVAILABLE_MESSAGE,
      });
      expect(during.ms).toBeLessThan(ANSWER_WITHIN_MS);
      expect(got).toMatchObject({
        code: grpc.status.UNAVAILABLE,
        details: STORE_UNAVAILABLE_MESSAGE,
      });
      expect(got.ms).toBeLessThan(ANSWER_WITHIN_MS);
      // Product pages are answered from memory.
      expect(ordinary.code).toBe(grpc.status.OK);
      expect(ordinary.ms).toBeLessThan(500);
      // A second round is as quick (nothing queues behind the stuck connections).
      const again = await confirm("partition-during-2");
      expect(again.code).toBe(grpc.status.UNAVAILABLE);
      expect(again.ms).toBeLessThan(ANSWER_WITHIN_MS);

      await proxy.restore();
      expect(await recoveryMs("partition-after")).toBeLessThan(RECOVER_WITHIN_MS);
      await outageLoggedOver(from);
      // The confirms answered UNAVAILABLE hold nothing.
      expect(await storedKeys("partition-during", "partition-during-2")).toEqual([]);
    }, 60_000);

    it("never answers later than the caller's deadline when it is sooner than the limit", async () => {
      proxy.partition();
      const outcome = await confirm("partition-short-deadline", 800);
      expect(outcome.code).toBe(grpc.status.DEADLINE_EXCEEDED);
      expect(outcome.ms).toBeLessThan(800 + 300);
      await proxy.restore();
      expect(await recoveryMs("short-deadline-after")).toBeLessThan(RECOVER_WITHIN_MS);
      expect(await storedKeys("partition-short-deadline")).toEqual([]);
    }, 60_000);

    it("never commits a confirm whose write reaches PostgreSQL after its caller was answered", async () => {
      // The partition starts with the confirm's write statement: its snapshot was read, `decide`
      // accepted it, and the statement is on its way when the network goes. It is a prepared
      // statement: its name is in the Bind message of every execution (its text only in the
      // first Parse of a connection).
      const from = service.lines.length;
      proxy.partitionWhen((chunk) => chunk.includes("promise_confirm_write"));
      const abandoned = await confirm("partition-abandoned");
      expect(abandoned).toMatchObject({
        code: grpc.status.UNAVAILABLE,
        details: STORE_UNAVAILABLE_MESSAGE,
      });
      expect(abandoned.ms).toBeLessThan(ANSWER_WITHIN_MS);
      expect(proxy.partitioned).toBe(true);

      // The store gives up on the statement's connection (its query time limit closes it): no
      // one will read what PostgreSQL answers.
      await vi.waitFor(() => expect(proxy.triggered?.clientGone).toBe(true), { timeout: 5_000 });
      // The network comes back: TCP delivers the held statement, followed by the connection's
      // end; PostgreSQL runs it and refuses to commit (its time ran out), then closes.
      await proxy.restore();
      expect(await recoveryMs("abandoned-after")).toBeLessThan(RECOVER_WITHIN_MS);
      await vi.waitFor(() => expect(proxy.triggered?.serverAnswered).toBe(true), {
        timeout: 5_000,
      });
      await outageLoggedOver(from);
      expect(await storedKeys("partition-abandoned")).toEqual([]);
      const reserved = await db.query<{ n: number }>(
        `select count(*)::int as n from "${schema.name}".stock_reservation r
         join "${schema.name}".promise p on p.id = r.promise_id
         where p.idempotency_key = 'partition-abandoned'`,
      );
      expect(reserved.rows[0]!.n).toBe(0);
    }, 60_000);

    it("answers UNAVAILABLE at once when connections are refused, without the store's address, logs it once, then recovers", async () => {
      const from = service.lines.length;
      await proxy.refuse();
      const outcomes = [];
      for (let i = 0; i < 5; i++) outcomes.push(await confirm(`refused-${i}`));
      for (const o of outcomes) {
        expect(o).toMatchObject({
          code: grpc.status.UNAVAILABLE,
          details: STORE_UNAVAILABLE_MESSAGE,
        });
        expect(o.ms).toBeLessThan(ANSWER_WITHIN_MS);
        expect(o.details).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|\d{4,5}/);
      }
      expect((await estimate()).code).toBe(grpc.status.OK);

      await proxy.restore();
      expect(await recoveryMs("refused-after")).toBeLessThan(RECOVER_WITHIN_MS);
      const back = await service.waitForLine("store available again", from);
      expect(back["failures"]).toBeGreaterThanOrEqual(5);
      const down = service.lines.slice(from).filter((l) => l["msg"] === "store unavailable");
      expect(down).toHaveLength(1);
      // The details are for the log only. The line names the outage's first failure: a refused
      // connection (with the address), or, when background work (the view catching up after
      // the previous test's recovery) had a query in flight as the proxy reset the connections,
      // that query's reset.
      expect(String(down[0]!["reason"])).toMatch(
        /ECONNREFUSED 127\.0\.0\.1|ECONNRESET|encountered a connection error/,
      );
      // No stacks, no "unexpected error": an outage is not a bug.
      const errors = service.lines.slice(from).filter((l) => (l["level"] as number) >= 50);
      expect(errors).toEqual([]);
    }, 60_000);
  },
);
