import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { Checkout } from "../../src/checkout/checkout.js";
import type { PromisePayload } from "../../src/checkout/promise-payload.js";
import { fixedClock } from "../../src/config/clock.js";
import { isoDay } from "../../src/engine/day.js";
import { networkFileSchema } from "../../src/network/network-schema.js";
import { openStore } from "../../src/store/open-store.js";
import type { Store } from "../../src/store/store.js";
import { LiveView } from "../../src/view/live-view.js";
import { StoreSync } from "../../src/view/store-sync.js";
import { FIXTURE_YAML } from "../engine/fixture-network.js";

// Wednesday 2026-11-25 10:00 in Bangkok, before the 14:00 cut-off.
const NOW = Date.parse("2026-11-25T03:00:00Z");
const UPCOUNTRY = { countryCode: "TH", postalCode: "30000", province: "" };
const STOCK_YAML = `
stock:
  - { sku: TEE, warehouse: bkk, on_hand: 5 }
  - { sku: MUG, warehouse: bkk, on_hand: 5 }
  - { sku: LAMP, warehouse: bkk, on_hand: 0, inbound: [{ quantity: 3, eta: 2026-12-10 }] }
`;
const CART = ["TEE", "MUG", "LAMP"].map((sku) => ({ sku, quantity: 1 }));

let dir: string;
let store: Store;
let sync: StoreSync;
let checkout: Checkout;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "promise-split-"));
  const file = networkFileSchema.parse(parse(FIXTURE_YAML + STOCK_YAML));
  const clock = fixedClock(NOW);
  store = await openStore({ sqlitePath: join(dir, "promise.db") });
  const live = new LiveView({ file, clock, seedStock: false });
  sync = new StoreSync({ store, live, clock });
  await sync.start(file);
  checkout = new Checkout({ live, store, clock });
});

afterEach(async () => {
  sync.stop();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const shipments = (payload: unknown) =>
  (payload as PromisePayload).shipments.map((s) => [
    s.lines.map((l) => l.sku).join(","),
    s.shipDate,
    s.deliveryLatest,
    s.priceCents,
  ]);

describe("ConfirmPromise: ship together or as available", () => {
  it("confirms one shipment when all is ready by default (ships Sat 12 Dec, arrives Mon 14)", async () => {
    const { promise } = await checkout.confirm({
      idempotencyKey: "together",
      lines: CART,
      destination: UPCOUNTRY,
      serviceId: "kerry-nd",
    });
    expect(shipments(promise.payload)).toEqual([
      ["TEE,MUG,LAMP", "2026-12-12", "2026-12-14", 4500],
    ]);
    expect(promise.capacity.map((c) => c.day)).toEqual([isoDay("2026-12-12")]);
  });

  it("confirms ship_as_available: tee and mug ship today, the lamp on 12 Dec, capacity booked on both days", async () => {
    const { promise } = await checkout.confirm({
      idempotencyKey: "as-available",
      lines: CART,
      destination: UPCOUNTRY,
      serviceId: "kerry-nd",
      shipAsAvailable: true,
    });
    expect(shipments(promise.payload)).toEqual([
      ["TEE,MUG", "2026-11-25", "2026-11-26", 4500],
      ["LAMP", "2026-12-12", "2026-12-14", 4500],
    ]);
    expect((promise.payload as PromisePayload).priceCents).toBe(9000);
    expect(promise.capacity.map((c) => c.day).sort()).toEqual([
      isoDay("2026-11-25"),
      isoDay("2026-12-12"),
    ]);
  });

  it("refuses ship_as_available when every line is in stock (no such alternative)", async () => {
    await expect(
      checkout.confirm({
        idempotencyKey: "nothing-to-split",
        lines: [{ sku: "TEE", quantity: 1 }],
        destination: UPCOUNTRY,
        serviceId: "kerry-nd",
        shipAsAvailable: true,
      }),
    ).rejects.toMatchObject({ kind: "FAILED_PRECONDITION" });
  });
});
