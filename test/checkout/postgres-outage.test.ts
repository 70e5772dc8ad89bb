import * as grpc from "@grpc/grpc-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { unary } from "../grpc/grpc-test-helpers.js";
import { type ServiceProcess, startServiceProcess } from "../lifecycle/lifecycle-helpers.js";
import { createTestSchema, postgresForTests, type TestSchema } from "../support/postgres.js";
import { type Clients, clientsFor, confirm } from "../support/service-clients.js";
import { TcpProxy } from "../support/tcp-proxy.js";

const pgTests = await postgresForTests("postgres-outage");
const NOW = "2026-11-25T03:00:00Z";
const UPCOUNTRY = { countryCode: "TH", postalCode: "30000" };

describe.skipIf(!pgTests.run && pgTests.failure === undefined)(
  "a service whose PostgreSQL goes away and comes back",
  () => {
    let schema: TestSchema;
    let proxy: TcpProxy;
    let service: ServiceProcess;
    let clients: Clients;

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
      });
      service = started.process;
      clients = clientsFor(started.port);
    }, 60_000);

    afterAll(async () => {
      clients?.close();
      service?.kill();
      await service?.exited;
      await proxy?.restore();
      await proxy?.cut();
      await schema?.drop();
    });

    const order = (key: string) => ({
      idempotencyKey: key,
      lines: [{ sku: "SKU-TSHIRT-001", quantity: 1 }],
      destination: UPCOUNTRY,
      serviceId: "kerry-express",
    });

    it("serves estimates from memory, flags the view stale, refuses confirmations as UNAVAILABLE, then recovers", async () => {
      expect((await confirm(clients.promise, order("before"))).ok).toBe(true);
      const linesBefore = service.lines.length;

      await proxy.cut();
      const during = await confirm(clients.promise, order("during"));
      expect(during.ok ? "confirmed" : during.code).toBe(grpc.status.UNAVAILABLE);
      const estimate = await unary(clients.promise.Estimate.bind(clients.promise), {
        sku: "SKU-TSHIRT-001",
        quantity: 1,
        destination: UPCOUNTRY,
      });
      expect(estimate.availability).toBe("AVAILABILITY_IN_STOCK");
      expect(estimate.options.length).toBeGreaterThan(0);
      const stale = await service.waitForLine(
        "could not refresh the view from the store; estimates are served from memory and may be stale",
        linesBefore,
      );
      expect(stale["staleSinceMs"]).toBeTypeOf("number");

      await proxy.restore();
      await expect
        .poll(async () => (await confirm(clients.promise, order("after"))).ok, {
          timeout: 20_000,
          interval: 500,
        })
        .toBe(true);
      await service.waitForLine("view caught up with the store", linesBefore);
    }, 90_000);
  },
);
