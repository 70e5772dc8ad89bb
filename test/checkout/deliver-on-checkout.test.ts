import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { Checkout } from "../../src/checkout/checkout.js";
import type { PromisePayload } from "../../src/checkout/promise-payload.js";
import { fixedClock } from "../../src/config/clock.js";
import { DomainError } from "../../src/domain/domain-error.js";
import { isoDay } from "../../src/engine/day.js";
import { networkFileSchema } from "../../src/network/network-schema.js";
import { openStore } from "../../src/store/open-store.js";
import type { Store } from "../../src/store/store.js";
import { LiveView } from "../../src/view/live-view.js";
import { StoreSync } from "../../src/view/store-sync.js";
import { SCHEDULABLE_YAML, STORES_YAML } from "../engine/store-fixture.js";

// Wednesday 2026-11-25 10:00 in Bangkok.
const NOW = Date.parse("2026-11-25T03:00:00Z");
const UPCOUNTRY = { countryCode: "TH", postalCode: "30000", province: "" };

let dir: string;
let store: Store;
let live: LiveView;
let sync: StoreSync;
let checkout: Checkout;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "promise-deliver-on-"));
  const file = networkFileSchema.parse(
    parse(
      `${SCHEDULABLE_YAML}${STORES_YAML}\nstock:\n  - { sku: TEE, warehouse: bkk, on_hand: 5 }\n  - { sku: LAMP, warehouse: bkk, on_hand: 0, inbound: [{ quantity: 4, eta: "2026-11-26" }] }\n`,
    ),
  );
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

function confirmOn(deliverOn: string) {
  return checkout.confirm({
    idempotencyKey: `on-${deliverOn}`,
    lines: [{ sku: "TEE", quantity: 1 }],
    destination: UPCOUNTRY,
    serviceId: "kerry-nd",
    deliverOn,
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

describe("ConfirmPromise with deliver_on", () => {
  it("reserves the capacity of the latest ship date that meets it (deliver Tue 1 Dec: ships Mon 30 Nov)", async () => {
    const { promise } = await confirmOn("2026-12-01");
    const payload = promise.payload as PromisePayload;
    expect([
      payload.shipments[0]!.shipDate,
      payload.deliveryEarliest,
      payload.deliveryLatest,
    ]).toEqual(["2026-11-30", "2026-12-01", "2026-12-01"]);
    expect(promise.capacity.map((c) => c.day)).toEqual([isoDay("2026-11-30")]);
  });

  it("refuses a Sunday with FAILED_PRECONDITION listing the dates that can be met", async () => {
    const err = await errorOf(confirmOn("2026-11-29"));
    expect([err.kind, err.field]).toEqual(["FAILED_PRECONDITION", "deliver_on"]);
    expect(err.text).toBe(
      "deliver_on: 2026-11-29 cannot be met; dates that can: 2026-11-26, 2026-11-27, 2026-11-28, 2026-11-30, 2026-12-01, 2026-12-02, 2026-12-03, 2026-12-04, 2026-12-07, 2026-12-08, 2026-12-09",
    );
  });

  it("answers INVALID_ARGUMENT deliver_on for a past date, today, a date past the 14-day schedule and a non-date", async () => {
    expect((await errorOf(confirmOn("2026-11-20"))).text).toBe(
      "deliver_on: must be after the order's date 2026-11-25",
    );
    expect((await errorOf(confirmOn("2026-11-25"))).text).toBe(
      "deliver_on: must be after the order's date 2026-11-25",
    );
    expect((await errorOf(confirmOn("2026-12-10"))).text).toBe(
      "deliver_on: beyond the 14-day schedule (last 2026-12-09)",
    );
    expect((await errorOf(confirmOn("1 Dec"))).text).toBe("deliver_on: expected a date YYYY-MM-DD");
  });

  it("a cart with a backordered lamp (4 inbound Thu 26 Nov, received Fri 27) and a tee in stock, to be delivered Tue 1 Dec: one shipment of both ships Mon 30 Nov", async () => {
    const { promise } = await checkout.confirm({
      idempotencyKey: "both-on",
      lines: [
        { sku: "TEE", quantity: 1 },
        { sku: "LAMP", quantity: 1 },
      ],
      destination: UPCOUNTRY,
      serviceId: "kerry-nd",
      deliverOn: "2026-12-01",
    });
    const payload = promise.payload as PromisePayload;
    expect(
      payload.shipments.map((s) => [s.shipDate, s.deliveryLatest, s.lines.map((l) => l.sku)]),
    ).toEqual([["2026-11-30", "2026-12-01", ["TEE", "LAMP"]]]);
  });

  it("refuses ship_as_available with deliver_on (INVALID_ARGUMENT ship_as_available) before reserving anything: every shipment would arrive on the date anyway", async () => {
    const bkk = live.network.warehouseById.get("bkk")!.index;
    const err = await errorOf(
      checkout.confirm({
        idempotencyKey: "split-on",
        lines: [
          { sku: "TEE", quantity: 1 },
          { sku: "LAMP", quantity: 1 },
        ],
        destination: UPCOUNTRY,
        serviceId: "kerry-nd",
        deliverOn: "2026-12-01",
        shipAsAvailable: true,
      }),
    );
    expect([err.kind, err.field]).toEqual(["INVALID_ARGUMENT", "ship_as_available"]);
    expect(err.text).toBe(
      "ship_as_available: cannot be combined with deliver_on: every shipment would arrive on the chosen date, so shipping what is ready first delivers nothing sooner; confirm without ship_as_available",
    );
    expect(live.capacity.load(bkk, isoDay("2026-11-25"))).toBe(0);
    expect(live.capacity.load(bkk, isoDay("2026-11-30"))).toBe(0);
  });

  it("refuses deliver_on for a service that is not schedulable, and for a pick-up, naming deliver_on; ship_as_available with a pick-up names ship_as_available", async () => {
    const flash = await errorOf(
      checkout.confirm({
        idempotencyKey: "flash-on",
        lines: [{ sku: "TEE", quantity: 1 }],
        destination: UPCOUNTRY,
        serviceId: "flash-std",
        deliverOn: "2026-12-01",
      }),
    );
    expect([flash.kind, flash.text]).toEqual([
      "INVALID_ARGUMENT",
      'deliver_on: service "flash-std" is not schedulable',
    ]);
    const pickupOn = await errorOf(
      checkout.confirm({
        idempotencyKey: "pickup-on",
        lines: [{ sku: "TEE", quantity: 1 }],
        destination: { countryCode: "TH", postalCode: "10330", province: "" },
        serviceId: "",
        pickupStoreId: "siam",
        deliverOn: "2026-12-01",
      }),
    );
    expect([pickupOn.kind, pickupOn.text]).toEqual([
      "INVALID_ARGUMENT",
      "deliver_on: does not apply to a pick-up (pickup_store_id)",
    ]);
    const pickupSplit = await errorOf(
      checkout.confirm({
        idempotencyKey: "pickup-split",
        lines: [{ sku: "TEE", quantity: 1 }],
        destination: { countryCode: "TH", postalCode: "10330", province: "" },
        serviceId: "",
        pickupStoreId: "siam",
        shipAsAvailable: true,
      }),
    );
    expect([pickupSplit.kind, pickupSplit.field]).toEqual([
      "INVALID_ARGUMENT",
      "ship_as_available",
    ]);
  });

  it("QuoteCart with deliver_on offers only schedulable services, and an unmeetable date fails the same way", () => {
    const { quote } = checkout.quote({
      lines: [{ sku: "TEE", quantity: 1 }],
      destination: UPCOUNTRY,
      deliverOn: "2026-12-07",
    });
    expect(quote.options.map((o) => o.serviceId)).toEqual(["kerry-nd"]);
    expect(() =>
      checkout.quote({
        lines: [{ sku: "TEE", quantity: 1 }],
        destination: UPCOUNTRY,
        deliverOn: "2026-12-06",
      }),
    ).toThrow(/2026-12-06 cannot be met; dates that can: 2026-11-26/);
  });
});
