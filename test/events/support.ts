import { hashRequest } from "../../src/domain/request-hash.js";
import { dayNumber } from "../../src/engine/day.js";
import { openPromiseEventStore } from "../../src/events/open-promise-event-store.js";
import type { PromiseEventStore } from "../../src/events/promise-event-store.js";
import { openStore } from "../../src/store/open-store.js";
import type { Store } from "../../src/store/store.js";
import { createTestSchema, postgresForTests } from "../support/postgres.js";
import { tempSqlitePath } from "../support/temp-dir.js";

export const pgTests = await postgresForTests("promise-events");

export interface Engines {
  store: Store;
  events: PromiseEventStore;
  /** The SQLite file, or the PostgreSQL schema. */
  location: string;
  close(): Promise<void>;
}

/** A fresh store and outbox on one engine (PostgreSQL: a schema of its own). */
export async function openEngines(engine: "sqlite" | "postgres"): Promise<Engines> {
  if (engine === "sqlite") {
    const path = tempSqlitePath();
    const store = await openStore({ sqlitePath: path });
    const events = openPromiseEventStore({ sqlitePath: path });
    return {
      store,
      events,
      location: path,
      async close() {
        await events.close();
        await store.close();
      },
    };
  }
  // Required but unreachable (CI, REQUIRE_POSTGRES=1): the suite fails with the reason.
  if (pgTests.failure !== undefined) throw new Error(pgTests.failure);
  const schema = await createTestSchema(pgTests.url);
  const store = await openStore({ databaseUrl: pgTests.url, pgSchema: schema.name, poolSize: 3 });
  const events = openPromiseEventStore({ databaseUrl: pgTests.url, pgSchema: schema.name });
  return {
    store,
    events,
    location: schema.name,
    async close() {
      await events.close();
      await store.close();
      await schema.drop();
    },
  };
}

/** A payload shaped like the checkout's, one shipment. */
export function payloadOf(warehouseId: string, serviceId: string, shipDate: string) {
  return {
    lines: [{ sku: "TEE", quantity: 1 }],
    destination: { countryCode: "TH", postalCode: "10110", province: "" },
    serviceId,
    shipments: [
      {
        warehouseId,
        serviceId,
        shipDate,
        deliveryEarliest: shipDate,
        deliveryLatest: shipDate,
        lines: [{ sku: "TEE", quantity: 1 }],
        priceCents: 0,
        backorder: false,
      },
    ],
  };
}

/** Confirms a promise with no claims (the outbox does not care what it reserves). */
export async function confirmBare(
  store: Store,
  id: string,
  createdAtMs: number,
  payload: unknown = payloadOf("bkk", "flash-std", "2026-11-24"),
): Promise<ConfirmedOutcome> {
  const outcome = await store.confirm(
    {
      idempotencyKey: id,
      requestHash: hashRequest(id),
      skus: [],
      fromDay: dayNumber(0),
      toDay: dayNumber(0),
    },
    () => ({
      ok: true,
      promise: { id, payload, createdAtMs },
      stock: [],
      capacity: [],
    }),
  );
  if (outcome.kind !== "confirmed") throw new Error(`not confirmed: ${outcome.kind}`);
  return outcome;
}

/** What a confirm that was confirmed answers (its change number among it). */
type ConfirmedOutcome = Extract<Awaited<ReturnType<Store["confirm"]>>, { kind: "confirmed" }>;
