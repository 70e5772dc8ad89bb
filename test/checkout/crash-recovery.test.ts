import { afterAll, describe, expect, it } from "vitest";
import { openStore } from "../../src/store/open-store.js";
import { unary } from "../grpc/grpc-test-helpers.js";
import { type ServiceProcess, startServiceProcess } from "../lifecycle/lifecycle-helpers.js";
import { type Clients, clientsFor, confirm } from "../support/service-clients.js";
import { tempSqlitePath } from "../support/temp-dir.js";

const NOW = "2026-11-25T03:00:00Z";
const UPCOUNTRY = { countryCode: "TH", postalCode: "30000" };

describe("the embedded store after a SIGKILL in the middle of a burst of confirmations", () => {
  const sqlitePath = tempSqlitePath();
  const env = {
    PROMISE_SQLITE_PATH: sqlitePath,
    PROMISE_FIXED_NOW: NOW,
    PROMISE_INSECURE_ADMIN: "true",
  };
  const started: ServiceProcess[] = [];
  const opened: Clients[] = [];

  afterAll(async () => {
    for (const c of opened) c.close();
    for (const p of started) p.kill();
    await Promise.all(started.map((p) => p.exited));
  });

  it("keeps every acknowledged promise, and no reservation without a promise", async () => {
    const first = await startServiceProcess(env);
    started.push(first.process);
    const clients = clientsFor(first.port);
    opened.push(clients);
    await unary(clients.admin.UpsertStock.bind(clients.admin), {
      rows: [{ sku: "BURST", warehouseId: "bkk-1", onHand: 100_000, version: 1 }],
    });

    const acked = new Map<string, string>();
    let next = 0;
    let killed = false;
    const request = (i: number) => ({
      idempotencyKey: `burst-${i}`,
      lines: [{ sku: "BURST", quantity: 1 + (i % 3) }],
      destination: UPCOUNTRY,
      serviceId: "kerry-express",
    });
    // 32 calls in flight; SIGKILL once 150 were acknowledged, with the others still running.
    const worker = async () => {
      while (!killed && next < 5_000) {
        const i = next++;
        const outcome = await confirm(clients.promise, request(i));
        if (outcome.ok) acked.set(`burst-${i}`, outcome.promise.id);
        if (!killed && acked.size >= 150) {
          killed = true;
          first.process.kill();
        }
      }
    };
    await Promise.all(Array.from({ length: 32 }, worker));
    await first.process.exited;
    expect(acked.size).toBeGreaterThanOrEqual(150);

    const second = await startServiceProcess(env);
    started.push(second.process);
    const again = clientsFor(second.port);
    opened.push(again);
    for (const [key, id] of acked) {
      const promise = (await unary(again.promise.GetPromise.bind(again.promise), { id })).promise!;
      expect(promise.status).toBe("PROMISE_STATUS_CONFIRMED");
      expect(promise.idempotencyKey).toBe(key);
    }
    // A retry after the lost reply gets the same promise and reserves nothing more.
    const [someKey, someId] = [...acked][0]!;
    const retried = await confirm(again.promise, request(Number(someKey.split("-")[1])));
    expect(retried.ok && retried.promise.id).toBe(someId);

    const store = await openStore({ sqlitePath });
    try {
      const report = await store.checkReservations();
      expect(report.stockMismatches).toEqual([]);
      expect(report.loadMismatches).toEqual([]);
      expect(report.confirmed).toBeGreaterThanOrEqual(acked.size);
    } finally {
      await store.close();
    }
  }, 120_000);
});
