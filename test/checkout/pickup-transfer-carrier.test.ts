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

// Wednesday 2026-11-25 10:00 in Bangkok, before Siam's 12:00 transfer cut-off.
const NOW = Date.parse("2026-11-25T03:00:00Z");
const BANGKOK = { countryCode: "TH", postalCode: "10330", province: "" };

// Siam's transfers from Bangkok DC are collected by Flash Standard, whose pickups at Bangkok DC
// a peak limits to 1 on Wednesday 25 and Thursday 26 November: the same limit a Flash shipment
// from Bangkok DC meets.
const NETWORK_YAML = `${FIXTURE_YAML}${STORES_YAML.replace(
  'transfers: [{ from: bkk, cutoff: "12:00", transit_days: 1 }]',
  'transfers: [{ from: bkk, cutoff: "12:00", transit_days: 1, service: flash-std }]',
)}
peaks:
  - { name: Flash peak, from: 2026-11-25, to: 2026-11-26, services: [flash-std], pickup_limit: 1 }
stock:
  - { sku: LAMP, warehouse: bkk, on_hand: 10 }
`;

let dir: string;
let store: Store;
let live: LiveView;
let sync: StoreSync;
let checkout: Checkout;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "promise-transfer-carrier-"));
  const file = networkFileSchema.parse(parse(NETWORK_YAML));
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

const pickup = (key: string) =>
  checkout.confirm({
    idempotencyKey: key,
    lines: [{ sku: "LAMP", quantity: 1 }],
    destination: BANGKOK,
    serviceId: "",
    pickupStoreId: "siam",
  });

const ship = (key: string) =>
  checkout.confirm({
    idempotencyKey: key,
    lines: [{ sku: "LAMP", quantity: 1 }],
    destination: BANGKOK,
    serviceId: "flash-std",
  });

const flashTaken = (day: string) => {
  const origin = live.network.origins.find(
    (o) => o.service.id === "flash-std" && o.warehouse.id === "bkk",
  )!;
  return live.capacity.pickupsTaken(origin.index, isoDay(day));
};

describe("a transfer to a pick-up store collected by a carrier takes that carrier's pickups (SQLite)", () => {
  it("the first lamp's transfer takes Wednesday's one Flash pickup (ready Thu 11:00); the second leaves Thursday (ready Fri 11:00); the third Friday, when no limit applies (ready Sat)", async () => {
    const days: string[][] = [];
    for (const key of ["a", "b", "c"]) {
      const { promise } = await pickup(key);
      const payload = promise.payload as PromisePayload & { pickup: PickupPayload };
      days.push([payload.shipments[0]!.shipDate, payload.pickup.readyDate]);
      if (key !== "c") {
        expect(promise.pickups).toEqual([
          {
            serviceId: "flash-std",
            warehouseId: "bkk",
            day: isoDay(payload.shipments[0]!.shipDate),
          },
        ]);
      } else {
        expect(promise.pickups).toEqual([]);
      }
    }
    expect(days).toEqual([
      ["2026-11-25", "2026-11-26"],
      ["2026-11-26", "2026-11-27"],
      ["2026-11-27", "2026-11-28"],
    ]);
    expect([flashTaken("2026-11-25"), flashTaken("2026-11-26")]).toEqual([1, 1]);
  });

  it("cancelling a pick-up gives its transfer's Flash pickup back: the next lamp leaves Wednesday again", async () => {
    const { promise } = await pickup("a");
    expect(flashTaken("2026-11-25")).toBe(1);
    await checkout.cancel(promise.id);
    expect(flashTaken("2026-11-25")).toBe(0);
    const again = await pickup("b");
    const payload = again.promise.payload as PromisePayload & { pickup: PickupPayload };
    expect([payload.shipments[0]!.shipDate, payload.pickup.readyDate]).toEqual([
      "2026-11-25",
      "2026-11-26",
    ]);
  });

  it("a Flash shipment and a transfer compete for the same pickup: after the shipment takes Wednesday's, the transfer leaves Thursday; cancelling the shipment gives the pickup back", async () => {
    const shipped = await ship("s1");
    expect(shipped.promise.pickups).toEqual([
      { serviceId: "flash-std", warehouseId: "bkk", day: isoDay("2026-11-25") },
    ]);
    const { promise } = await pickup("p1");
    const payload = promise.payload as PromisePayload & { pickup: PickupPayload };
    expect([payload.shipments[0]!.shipDate, payload.pickup.readyDate]).toEqual([
      "2026-11-26",
      "2026-11-27",
    ]);
    await checkout.cancel(shipped.promise.id);
    expect(flashTaken("2026-11-25")).toBe(0);
    const again = await pickup("p2");
    expect((again.promise.payload as { pickup: PickupPayload }).pickup.readyDate).toBe(
      "2026-11-26",
    );
  });

  it("a pick-up shown ready Thursday is refused (LATER_THAN_SHOWN) once a shipment took Wednesday's Flash pickup, with nothing reserved", async () => {
    await ship("s1");
    const err = await checkout
      .confirm({
        idempotencyKey: "p1",
        lines: [{ sku: "LAMP", quantity: 1 }],
        destination: BANGKOK,
        serviceId: "",
        pickupStoreId: "siam",
        shownDeliveryLatest: "2026-11-26",
      })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(err).toBeInstanceOf(DomainError);
    expect((err as DomainError).field).toBe("pickup_store_id");
    expect(((err as DomainError).details as PromiseRefusal).reason).toBe("LATER_THAN_SHOWN");
    expect([flashTaken("2026-11-25"), flashTaken("2026-11-26")]).toEqual([1, 0]);
  });
});
