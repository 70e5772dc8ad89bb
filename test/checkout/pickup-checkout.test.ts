import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { Checkout, type PromiseRefusal } from "../../src/checkout/checkout.js";
import type { PickupPayload, PromisePayload } from "../../src/checkout/promise-payload.js";
import { fixedClock } from "../../src/config/clock.js";
import { DomainError } from "../../src/domain/domain-error.js";
import { isoDay } from "../../src/engine/day.js";
import { networkFileSchema } from "../../src/network/network-schema.js";
import { openStore } from "../../src/store/open-store.js";
import type { Store } from "../../src/store/store.js";
import { LiveView } from "../../src/view/live-view.js";
import { StoreSync } from "../../src/view/store-sync.js";
import { FIXTURE_YAML } from "../engine/fixture-network.js";
import { STORES_YAML } from "../engine/store-fixture.js";

// Wednesday 2026-11-25 10:00 in Bangkok: the Siam store (test fixture) has just opened.
const NOW = Date.parse("2026-11-25T03:00:00Z");
const BANGKOK = { countryCode: "TH", postalCode: "10330", province: "" };

const STOCK_YAML = `
stock:
  - { sku: TEE, warehouse: siam, on_hand: 3 }
  - { sku: LAMP, warehouse: bkk, on_hand: 4 }
`;

let dir: string;
let store: Store;
let live: LiveView;
let sync: StoreSync;
let checkout: Checkout;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "promise-pickup-"));
  const file = networkFileSchema.parse(parse(FIXTURE_YAML + STORES_YAML + STOCK_YAML));
  const clock = fixedClock(NOW);
  store = await openStore({ sqlitePath: join(dir, "promise.db") });
  live = new LiveView({ file, clock, seedStock: false });
  sync = new StoreSync({ store, live, clock });
  await sync.start(file);
  checkout = new Checkout({ live, store, clock });
});

afterEach(async () => {
  sync.stop();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const reserved = (sku: string, at: string) =>
  live.stock.reserved(live.stock.skuIndex(sku), live.network.warehouseById.get(at)!.index);

function pickup(key: string, sku: string, quantity = 1, extra: object = {}) {
  return checkout.confirm({
    idempotencyKey: key,
    lines: [{ sku, quantity }],
    destination: BANGKOK,
    serviceId: "",
    pickupStoreId: "siam",
    ...extra,
  });
}

async function errorOf(promise: Promise<unknown>): Promise<DomainError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DomainError);
  return err as DomainError;
}

describe("Checkout.confirm with a pick-up store (SQLite)", () => {
  it("reserves the store's stock and one pick-up of its capacity; the promise says ready today 11:00, held until Saturday 22:00", async () => {
    const { promise } = await pickup("p1", "TEE", 2);
    const payload = promise.payload as PromisePayload & { pickup: PickupPayload };
    expect(payload.pickup).toEqual({
      storeId: "siam",
      storeName: "Siam Paragon pick-up",
      address: "991 Rama I Rd, Pathum Wan, Bangkok 10330",
      readyAtMs: Date.parse("2026-11-25T04:00:00Z"),
      readyDate: "2026-11-25",
      pickUpUntilMs: Date.parse("2026-11-28T15:00:00Z"),
      transfer: false,
    });
    expect(promise.stock).toEqual([{ sku: "TEE", warehouseId: "siam", quantity: 2 }]);
    expect(promise.capacity).toEqual([
      expect.objectContaining({ warehouseId: "siam", day: isoDay("2026-11-25") }),
    ]);
    expect(reserved("TEE", "siam")).toBe(2);
  });

  it("refuses a third unit when only one is left (OPTION_UNAVAILABLE), and cancelling gives the stock back", async () => {
    const { promise } = await pickup("p1", "TEE", 2);
    const err = await errorOf(pickup("p2", "TEE", 2));
    expect(err.kind).toBe("FAILED_PRECONDITION");
    expect(err.field).toBe("pickup_store_id");
    expect((err.details as PromiseRefusal).reason).toBe("OPTION_UNAVAILABLE");
    await checkout.cancel(promise.id);
    expect(reserved("TEE", "siam")).toBe(0);
    await expect(pickup("p3", "TEE", 3)).resolves.toMatchObject({ created: true });
  });

  it("a transfer ordered at 10:00 (before the 12:00 lane cut-off) reserves Bangkok DC stock, leaves today and is ready at Siam on Thursday 11:00", async () => {
    const { promise } = await pickup("t1", "LAMP");
    const payload = promise.payload as PromisePayload & { pickup: PickupPayload };
    expect(promise.stock).toEqual([{ sku: "LAMP", warehouseId: "bkk", quantity: 1 }]);
    expect(payload.pickup.readyDate).toBe("2026-11-26");
    expect(payload.shipments.map((s) => [s.warehouseId, s.shipDate, s.deliveryLatest])).toEqual([
      ["bkk", "2026-11-25", "2026-11-26"],
    ]);
    expect(promise.capacity).toEqual([
      expect.objectContaining({ warehouseId: "bkk", day: isoDay("2026-11-25") }),
      expect.objectContaining({ warehouseId: "siam", day: isoDay("2026-11-26") }),
    ]);
    expect(reserved("LAMP", "bkk")).toBe(1);
  });

  it("a store with no stock row of the cart's SKU (all by transfer) still counts its pick-up capacity: the third lamp of Thursday is ready Friday, not refused", async () => {
    const days: string[] = [];
    for (const key of ["a", "b", "c"]) {
      const { promise } = await pickup(key, "LAMP");
      days.push((promise.payload as { pickup: PickupPayload }).pickup.readyDate);
    }
    expect(days).toEqual(["2026-11-26", "2026-11-26", "2026-11-27"]);
    const siam = live.network.warehouseById.get("siam")!.index;
    expect(live.capacity.remaining(siam, isoDay("2026-11-26"))).toBe(0);
  });

  it("a transfer takes one order of Bangkok DC's capacity on the day it leaves, and cancelling gives it back", async () => {
    const bkk = live.network.warehouseById.get("bkk")!.index;
    const today = isoDay("2026-11-25");
    const before = live.capacity.load(bkk, today);
    const { promise } = await pickup("w1", "LAMP");
    expect(promise.capacity.map((c) => [c.warehouseId, c.day])).toEqual([
      ["bkk", today],
      ["siam", isoDay("2026-11-26")],
    ]);
    expect(live.capacity.load(bkk, today)).toBe(before + 1);
    await checkout.cancel(promise.id);
    expect(live.capacity.load(bkk, today)).toBe(before);
  });

  it("the third pick-up of the day (capacity 2) is ready the next day", async () => {
    await pickup("c1", "TEE");
    await pickup("c2", "TEE");
    const { promise } = await pickup("c3", "TEE");
    expect((promise.payload as { pickup: PickupPayload }).pickup.readyDate).toBe("2026-11-26");
  });

  it("refuses a pick-up later than the shopper was shown (LATER_THAN_SHOWN)", async () => {
    const err = await errorOf(pickup("l1", "LAMP", 1, { shownDeliveryLatest: "2026-11-25" }));
    expect((err.details as PromiseRefusal).reason).toBe("LATER_THAN_SHOWN");
  });

  it("names pickup_store_id for an unknown store and for a request that also names a service", async () => {
    const unknown = await errorOf(
      checkout.confirm({
        idempotencyKey: "u1",
        lines: [{ sku: "TEE", quantity: 1 }],
        destination: BANGKOK,
        serviceId: "",
        pickupStoreId: "nowhere",
      }),
    );
    expect([unknown.kind, unknown.text]).toEqual([
      "INVALID_ARGUMENT",
      "pickup_store_id: unknown store",
    ]);
    const both = await errorOf(pickup("u2", "TEE", 1, { serviceId: "kerry-nd" }));
    expect([both.kind, both.field]).toEqual(["INVALID_ARGUMENT", "pickup_store_id"]);
  });

  it("QuoteCart lists the cart's pick-up at the nearest stores", () => {
    const { pickups } = checkout.quote({
      lines: [{ sku: "TEE", quantity: 1 }],
      destination: BANGKOK,
      maxPickupStores: 3,
      point: { lat: 13.82, lon: 100.56 },
    });
    // Ladprao is nearer but has no TEE and no transfer lane: only Siam.
    expect(pickups?.map((p) => [p.storeId, new Date(p.readyAtMs).toISOString()])).toEqual([
      ["siam", "2026-11-25T04:00:00.000Z"],
    ]);
  });
});
