import * as grpc from "@grpc/grpc-js";
import { connect, type NatsConnection, StringCodec } from "nats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/config.js";
import { NATS_STREAM } from "../../src/events/nats-publisher.js";
import type { WatchPromiseEventsResponse__Output } from "../../src/grpc/generated/promise/v1/WatchPromiseEventsResponse.js";
import { createLogger, type RunningService, startService } from "../../src/main.js";
import { natsServerAvailable, TestNatsServer } from "../support/nats-server.js";
import { createTestSchema, type TestSchema } from "../support/postgres.js";
import { type Clients, clientsFor } from "../support/service-clients.js";
import { tempSqlitePath } from "../support/temp-dir.js";
import { pgTests } from "./support.js";

// Wednesday 2026-11-25 10:00 in Bangkok, before bkk-1's 14:00 cut-off.
const NOW = "2026-11-25T03:00:00Z";
const UPCOUNTRY = { countryCode: "TH", postalCode: "30000" };
const ADMIN = "admin-token-0123456789";
const EVENTS = "events-token-0123456789";
const TRACKING = "tracking-token-0123456789";

let service: RunningService;
let clients: Clients;
let nats: TestNatsServer;
let reader: NatsConnection;

function as(token: string): grpc.Metadata {
  const m = new grpc.Metadata();
  m.set("authorization", `Bearer ${token}`);
  return m;
}

function call<Res>(method: string, request: object, token = ADMIN): Promise<Res> {
  return new Promise((resolve, reject) => {
    const admin = clients.admin as unknown as Record<
      string,
      (r: object, m: grpc.Metadata, cb: (e: grpc.ServiceError | null, v: Res) => void) => void
    >;
    admin[method]!.call(clients.admin, request, as(token), (err, value) =>
      err ? reject(err) : resolve(value),
    );
  });
}

/** The broker's messages as "sequence kind promise". */
async function brokerMessages(): Promise<string[]> {
  const jsm = await reader.jetstreamManager();
  const info = await jsm.streams.info(NATS_STREAM).catch(() => undefined);
  if (info === undefined || info.state.messages === 0) return [];
  const out: string[] = [];
  for (let seq = info.state.first_seq; seq <= info.state.last_seq; seq++) {
    const m = await jsm.streams.getMessage(NATS_STREAM, { seq });
    const b = JSON.parse(StringCodec().decode(m.data)) as {
      sequence: number;
      kind: string;
      promiseId: string;
    };
    out.push(`${b.sequence} ${b.kind} ${b.promiseId}`);
  }
  return out;
}

async function until<T>(
  what: () => Promise<T> | T,
  ok: (v: T) => boolean,
  ms: number,
): Promise<number> {
  const start = Date.now();
  for (;;) {
    if (ok(await what())) return Date.now() - start;
    if (Date.now() - start > ms) throw new Error(`not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The service's store on each engine (PostgreSQL: a schema of its own). */
const engines = [
  {
    name: "SQLite",
    skip: false,
    async env(): Promise<{ env: Record<string, string>; drop: () => Promise<void> }> {
      return { env: { PROMISE_SQLITE_PATH: tempSqlitePath() }, drop: async () => {} };
    },
  },
  {
    name: "PostgreSQL",
    skip: !pgTests.run && pgTests.failure === undefined,
    async env(): Promise<{ env: Record<string, string>; drop: () => Promise<void> }> {
      if (pgTests.failure !== undefined) throw new Error(pgTests.failure);
      const schema: TestSchema = await createTestSchema(pgTests.url);
      return {
        env: { DATABASE_URL: pgTests.url, PROMISE_DATABASE_SCHEMA: schema.name },
        drop: () => schema.drop(),
      };
    },
  },
];

describe.each(engines)("promise events end to end on $name", (engine) => {
  let drop: (() => Promise<void>) | undefined;
  const skip = !natsServerAvailable || engine.skip;

  beforeAll(async () => {
    if (skip) return;
    nats = await TestNatsServer.create();
    const store = await engine.env();
    drop = store.drop;
    const config = loadConfig({
      PROMISE_ADDRESS: "127.0.0.1:0",
      ...store.env,
      PROMISE_FIXED_NOW: NOW,
      PROMISE_LOG_LEVEL: "silent",
      PROMISE_NATS_URL: nats.url,
      PROMISE_TOKENS: JSON.stringify([
        { name: "ops", role: "admin", token: ADMIN },
        { name: "order-system", role: "events", token: EVENTS },
        { name: "carrier-feed", role: "tracking", token: TRACKING },
      ]),
    });
    service = await startService(config, createLogger(config));
    clients = clientsFor(service.port);
    reader = await connect({ servers: nats.url });
  });

  afterAll(async () => {
    await reader?.close();
    clients?.close();
    await service?.stop(500);
    await nats?.dispose();
    await drop?.();
  });

  it.skipIf(skip)(
    "confirms, sees AT_RISK within 1 s of a stock cut on the stream and the broker, and BACK_ON_TRACK after the restore",
    async () => {
      const received: WatchPromiseEventsResponse__Output[] = [];
      const stream = clients.admin.WatchPromiseEvents({ afterSequence: 0 }, as(EVENTS));
      stream.on("data", (e: WatchPromiseEventsResponse__Output) => received.push(e));
      stream.on("error", () => {});

      const promise = await new Promise<{ id: string }>((resolve, reject) =>
        clients.promise.ConfirmPromise(
          {
            idempotencyKey: "e2e-1",
            lines: [{ sku: "SKU-TSHIRT-001", quantity: 1 }],
            destination: UPCOUNTRY,
            serviceId: "kerry-express",
          },
          (err, v) => (err ? reject(err) : resolve(v!.promise!)),
        ),
      );
      await until(
        () => received.length,
        (n) => n >= 1,
        2_000,
      );
      expect(received.map((e) => `${e.sequence} ${e.kind} ${e.promiseId}`)).toEqual([
        `1 PROMISE_EVENT_KIND_CONFIRMED ${promise.id}`,
      ]);

      // The feed says bkk-1 has 10 left, all of it safety stock: nothing for the promise.
      await call("UpsertStock", {
        rows: [
          {
            sku: "SKU-TSHIRT-001",
            warehouseId: "bkk-1",
            onHand: 10,
            safetyStock: 10,
            version: Date.now(),
          },
        ],
      });
      const onStream = await until(
        () => received.length,
        (n) => n >= 2,
        1_000,
      );
      const onBroker = await until(brokerMessages, (m) => m.length >= 2, 1_000);
      expect(onStream).toBeLessThanOrEqual(1_000);
      expect(onBroker).toBeLessThanOrEqual(1_000);
      const atRisk = received[1]!;
      expect([
        atRisk.kind,
        atRisk.risk?.status,
        atRisk.risk?.reasons,
        atRisk.risk?.expectedDeliveryLatest,
      ]).toEqual(["PROMISE_EVENT_KIND_AT_RISK", "RISK_STATUS_AT_RISK", ["STOCK_SHORT"], ""]);

      // GetPromise shows it too.
      const got = await new Promise<{ risk: { status: string; reasons: string[] } | null }>(
        (resolve, reject) =>
          clients.promise.GetPromise({ id: promise.id }, (err, v) =>
            err ? reject(err) : resolve(v!.promise as never),
          ),
      );
      expect([got.risk?.status, got.risk?.reasons]).toEqual([
        "RISK_STATUS_AT_RISK",
        ["STOCK_SHORT"],
      ]);

      // Today's at-risk list of confirmed promises has it; the list of cancelled ones does not.
      type Listed = { promises: { id: string; status: string; risk: { status: string } }[] };
      const list = await call<Listed>(
        "ListPromises",
        { statuses: ["PROMISE_STATUS_CONFIRMED"], riskStatuses: ["RISK_STATUS_AT_RISK"] },
        EVENTS,
      );
      expect(list.promises.map((p) => [p.id, p.status, p.risk.status])).toEqual([
        [promise.id, "PROMISE_STATUS_CONFIRMED", "RISK_STATUS_AT_RISK"],
      ]);
      const cancelled = await call<Listed>(
        "ListPromises",
        { statuses: ["PROMISE_STATUS_CANCELLED"] },
        EVENTS,
      );
      expect(cancelled.promises).toEqual([]);

      await call("UpsertStock", {
        rows: [
          {
            sku: "SKU-TSHIRT-001",
            warehouseId: "bkk-1",
            onHand: 240,
            safetyStock: 10,
            version: Date.now() + 1,
          },
        ],
      });
      await until(
        () => received.length,
        (n) => n >= 3,
        1_000,
      );
      await until(brokerMessages, (m) => m.length >= 3, 1_000);
      expect(received[2]!.kind).toBe("PROMISE_EVENT_KIND_BACK_ON_TRACK");
      expect(await brokerMessages()).toEqual([
        `1 CONFIRMED ${promise.id}`,
        `2 AT_RISK ${promise.id}`,
        `3 BACK_ON_TRACK ${promise.id}`,
      ]);
      stream.cancel();

      // A consumer that resumes after 1 gets 2 and 3, nothing else.
      const resumed: number[] = [];
      const again = clients.admin.WatchPromiseEvents({ afterSequence: 1 }, as(EVENTS));
      again.on("data", (e: WatchPromiseEventsResponse__Output) => resumed.push(Number(e.sequence)));
      again.on("error", () => {});
      await until(
        () => resumed.length,
        (n) => n >= 2,
        2_000,
      );
      again.cancel();
      expect(resumed).toEqual([2, 3]);
    },
  );

  it.skipIf(skip)(
    "refuses a sequence beyond the newest, a tampered page token and an unknown filter, naming the field",
    async () => {
      const status = await new Promise<grpc.StatusObject>((resolve) => {
        const s = clients.admin.WatchPromiseEvents({ afterSequence: 999 }, as(EVENTS));
        s.on("data", () => {});
        s.on("error", () => {});
        s.on("status", resolve);
      });
      expect([status.code, status.metadata.get("promise-field")[0]]).toEqual([
        grpc.status.INVALID_ARGUMENT,
        "after_sequence",
      ]);
      const first = await call<{ nextPageToken: string }>("ListPromises", { pageSize: 1 }, EVENTS);
      expect(first.nextPageToken).toBe(""); // one promise only
      const tampered = await call("ListPromises", { pageToken: "eyJjIjoxfQ.AAAA" }, EVENTS).catch(
        (e: grpc.ServiceError) => e,
      );
      expect([
        (tampered as grpc.ServiceError).code,
        (tampered as grpc.ServiceError).metadata.get("promise-field")[0],
      ]).toEqual([grpc.status.INVALID_ARGUMENT, "page_token"]);
      const unknown = await call("ListPromises", { riskStatuses: [42] }, EVENTS).catch(
        (e: grpc.ServiceError) => e,
      );
      expect([
        (unknown as grpc.ServiceError).code,
        (unknown as grpc.ServiceError).metadata.get("promise-field")[0],
      ]).toEqual([grpc.status.INVALID_ARGUMENT, "risk_statuses[0]"]);
      const denied = await call("ListPromises", {}, TRACKING).catch((e: grpc.ServiceError) => e);
      expect((denied as grpc.ServiceError).code).toBe(grpc.status.PERMISSION_DENIED);
    },
  );
});
