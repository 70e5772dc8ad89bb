import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { Checkout, type PromiseRefusal } from "../../src/checkout/checkout.js";
import type { PromisePayload } from "../../src/checkout/promise-payload.js";
import { fixedClock } from "../../src/config/clock.js";
import { DomainError } from "../../src/domain/domain-error.js";
import { isoDay } from "../../src/engine/day.js";
import { networkFileSchema } from "../../src/network/network-schema.js";
import { openStore } from "../../src/store/open-store.js";
import type { Store } from "../../src/store/store.js";
import { LiveView } from "../../src/view/live-view.js";
import { StoreSync } from "../../src/view/store-sync.js";
import { FIXTURE_YAML } from "../engine/fixture-network.js";

// Wednesday 2026-11-25 10:00 in Bangkok: before the 14:00 cut-off.
const NOW = Date.parse("2026-11-25T03:00:00Z");
const UPCOUNTRY = { countryCode: "TH", postalCode: "30000", province: "" };

const STOCK_YAML = `
stock:
  - { sku: TEE, warehouse: bkk, on_hand: 5 }
  - { sku: LAST, warehouse: bkk, on_hand: 1 }
  - { sku: LAMP, warehouse: bkk, on_hand: 0, inbound: [{ quantity: 3, eta: 2026-12-10 }] }
`;

let dir: string;
let store: Store;
let live: LiveView;
let sync: StoreSync;
let checkout: Checkout;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "promise-checkout-"));
  const file = networkFileSchema.parse(parse(FIXTURE_YAML + STOCK_YAML));
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

async function refusalOf(promise: Promise<unknown>): Promise<PromiseRefusal> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DomainError);
  expect((err as DomainError).kind).toBe("FAILED_PRECONDITION");
  return (err as DomainError).details as PromiseRefusal;
}

const reservedOf = (sku: string) =>
  live.stock.reserved(live.stock.skuIndex(sku), live.network.warehouseById.get("bkk")!.index);
const onHandOf = (sku: string) =>
  live.stock.onHand(live.stock.skuIndex(sku), live.network.warehouseById.get("bkk")!.index);
const availableOf = (sku: string) =>
  live.stock.available(live.stock.skuIndex(sku), live.network.warehouseById.get("bkk")!.index);

/** A Checkout on the test's view and store that records every outcome it reports. */
function countingCheckout(outcomes: string[]): Checkout {
  return new Checkout({
    live,
    store,
    clock: fixedClock(NOW),
    onOutcome: (outcome) => outcomes.push(outcome),
  });
}

describe("Checkout.confirm", () => {
  it("records a promise with the dates of the option and reserves its stock", async () => {
    const { promise, created } = await checkout.confirm({
      idempotencyKey: "order-1",
      lines: [{ sku: "TEE", quantity: 2 }],
      destination: UPCOUNTRY,
      serviceId: "kerry-nd",
      shownDeliveryLatest: "2026-11-26",
    });
    expect(created).toBe(true);
    const payload = promise.payload as PromisePayload;
    expect(payload.shipments.map((s) => [s.warehouseId, s.shipDate, s.deliveryLatest])).toEqual([
      ["bkk", "2026-11-25", "2026-11-26"],
    ]);
    expect([payload.deliveryEarliest, payload.deliveryLatest]).toEqual([
      "2026-11-26",
      "2026-11-26",
    ]);
    expect(new Date(payload.orderByMs).toISOString()).toBe("2026-11-25T07:00:00.000Z");
    expect(promise.stock).toEqual([{ sku: "TEE", warehouseId: "bkk", quantity: 2 }]);
    expect(promise.capacity).toEqual([{ warehouseId: "bkk", day: isoDay("2026-11-25") }]);
    expect(reservedOf("TEE")).toBe(2);
    expect((await store.checkReservations()).stockMismatches).toEqual([]);
  });

  it("returns the same promise for a retry with the same key and reserves only once", async () => {
    const request = {
      idempotencyKey: "order-2",
      lines: [{ sku: "TEE", quantity: 1 }],
      destination: UPCOUNTRY,
      serviceId: "kerry-nd",
    };
    const first = await checkout.confirm(request);
    const again = await checkout.confirm(request);
    expect(again.created).toBe(false);
    expect(again.promise.id).toBe(first.promise.id);
    await sync.refresh();
    expect(reservedOf("TEE")).toBe(1);
  });

  it("writes nothing and fails DEADLINE_EXCEEDED when the caller's deadline passed before the write", async () => {
    const request = {
      idempotencyKey: "order-late",
      lines: [{ sku: "TEE", quantity: 1 }],
      destination: UPCOUNTRY,
      serviceId: "kerry-nd",
    };
    await expect(
      checkout.confirm({ ...request, deadlineMs: Date.now() - 1 }),
    ).rejects.toMatchObject({ kind: "DEADLINE_EXCEEDED" });
    await sync.refresh();
    expect(reservedOf("TEE")).toBe(0);
    expect((await store.checkReservations()).confirmed).toBe(0);
    // The same key with time left: nothing was kept from the late call, so this one is new.
    const again = await checkout.confirm({ ...request, deadlineMs: Date.now() + 60_000 });
    expect(again.created).toBe(true);
    await sync.refresh();
    expect(reservedOf("TEE")).toBe(1);
  });

  it("rejects the same key with a different request", async () => {
    const request = {
      idempotencyKey: "order-3",
      lines: [{ sku: "TEE", quantity: 1 }],
      destination: UPCOUNTRY,
      serviceId: "kerry-nd",
    };
    await checkout.confirm(request);
    await expect(
      checkout.confirm({ ...request, lines: [{ sku: "TEE", quantity: 2 }] }),
    ).rejects.toMatchObject({ kind: "ALREADY_EXISTS", field: "idempotency_key" });
  });

  it("refuses an option that now delivers later than the shopper was shown, with fresh options", async () => {
    const refusal = await refusalOf(
      checkout.confirm({
        idempotencyKey: "order-4",
        lines: [{ sku: "TEE", quantity: 1 }],
        destination: UPCOUNTRY,
        serviceId: "ems",
        // EMS handles two days: it delivers 2026-11-28 at the earliest.
        shownDeliveryLatest: "2026-11-26",
      }),
    );
    expect(refusal.reason).toBe("LATER_THAN_SHOWN");
    // Flash delivers Thu 26 Nov for 30 THB: Kerry (Thu 26 Nov, 45 THB) and EMS (from 28 Nov, 40
    // THB) lose to it and are left out of the fresh options, as quotes leave them out.
    expect(refusal.quote.options.map((o) => o.serviceId)).toEqual(["flash-std"]);
    expect(reservedOf("TEE")).toBe(0);
  });

  it("gives the last unit to one shopper only", async () => {
    const base = {
      lines: [{ sku: "LAST", quantity: 1 }],
      destination: UPCOUNTRY,
      serviceId: "kerry-nd",
    };
    const results = await Promise.allSettled([
      checkout.confirm({ ...base, idempotencyKey: "a" }),
      checkout.confirm({ ...base, idempotencyKey: "b" }),
      checkout.confirm({ ...base, idempotencyKey: "c" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = results.filter((r) => r.status === "rejected");
    expect(refused.map((r) => (r.reason as DomainError).kind)).toEqual([
      "FAILED_PRECONDITION",
      "FAILED_PRECONDITION",
    ]);
    await sync.refresh();
    expect(reservedOf("LAST")).toBe(1);
  });

  it("moves the next promise to the following day when the ship date's capacity is used up", async () => {
    await store.setCapacity("bkk", { overrides: [{ day: isoDay("2026-11-25"), value: 1 }] });
    await sync.refresh();
    const base = {
      lines: [{ sku: "TEE", quantity: 1 }],
      destination: UPCOUNTRY,
      serviceId: "kerry-nd",
    };
    const first = await checkout.confirm({ ...base, idempotencyKey: "cap-1" });
    expect((first.promise.payload as PromisePayload).shipments[0]!.shipDate).toBe("2026-11-25");
    const second = await checkout.confirm({ ...base, idempotencyKey: "cap-2" });
    const shipment = (second.promise.payload as PromisePayload).shipments[0]!;
    expect([shipment.shipDate, shipment.deliveryLatest]).toEqual(["2026-11-26", "2026-11-27"]);
    expect((second.promise.payload as PromisePayload).reasons).toContainEqual({
      code: "CAPACITY_FULL",
      date: "2026-11-25",
    });
  });

  it("releases what a promise reserved when it is cancelled, once, and counts it once", async () => {
    const outcomes: string[] = [];
    const counted = countingCheckout(outcomes);
    const { promise } = await counted.confirm({
      idempotencyKey: "order-5",
      lines: [{ sku: "TEE", quantity: 3 }],
      destination: UPCOUNTRY,
      serviceId: "kerry-nd",
    });
    expect(reservedOf("TEE")).toBe(3);
    const cancelled = await counted.cancel(promise.id);
    expect(cancelled.status).toBe("cancelled");
    expect((await counted.cancel(promise.id)).status).toBe("cancelled");
    expect(outcomes).toEqual(["confirmed", "cancelled"]);
    await sync.refresh();
    expect(reservedOf("TEE")).toBe(0);
    expect((await store.checkReservations()).loadMismatches).toEqual([]);
  });

  it("shows the same availability after a promise ships: 5 on hand, 3 promised and shipped leave 2", async () => {
    const outcomes: string[] = [];
    const counted = countingCheckout(outcomes);
    const { promise } = await counted.confirm({
      idempotencyKey: "ship-1",
      lines: [{ sku: "TEE", quantity: 3 }],
      destination: UPCOUNTRY,
      serviceId: "kerry-nd",
    });
    const cart = (quantity: number) => ({
      lines: [{ sku: "TEE", quantity }],
      destination: UPCOUNTRY,
    });
    // 5 on hand - 3 reserved = 2 available: a cart of 2 is in stock, a cart of 3 is not.
    expect([onHandOf("TEE"), reservedOf("TEE"), availableOf("TEE")]).toEqual([5, 3, 2]);
    const two = counted.quote(cart(2)).quote;
    const three = counted.quote(cart(3)).quote;
    expect(two.availability).toBe("IN_STOCK");
    expect(three.availability).toBe("UNAVAILABLE");

    const fulfilled = await counted.fulfil(promise.id);
    expect([fulfilled.status, fulfilled.fulfilledAtMs]).toEqual(["fulfilled", NOW]);
    // At once, in this process's view: 5 - 3 = 2 on hand, nothing reserved, still 2 available.
    expect([onHandOf("TEE"), reservedOf("TEE"), availableOf("TEE")]).toEqual([2, 0, 2]);
    expect(counted.quote(cart(2)).quote).toEqual(two);
    expect(counted.quote(cart(3)).quote).toEqual(three);
    // And once the view re-read the store.
    await sync.refresh();
    expect([onHandOf("TEE"), reservedOf("TEE"), availableOf("TEE")]).toEqual([2, 0, 2]);
    expect(counted.quote(cart(2)).quote).toEqual(two);
    expect(counted.quote(cart(3)).quote).toEqual(three);

    // A second fulfil changes nothing and is not counted again.
    expect((await counted.fulfil(promise.id)).status).toBe("fulfilled");
    await sync.refresh();
    expect([onHandOf("TEE"), reservedOf("TEE")]).toEqual([2, 0]);
    expect(outcomes).toEqual(["confirmed", "fulfilled"]);
    expect(await store.checkReservations()).toMatchObject({
      confirmed: 0,
      fulfilled: 1,
      stockMismatches: [],
      loadMismatches: [],
    });
  });

  it("refuses to fulfil a cancelled promise, to cancel a fulfilled one, and names the id", async () => {
    const base = {
      lines: [{ sku: "TEE", quantity: 1 }],
      destination: UPCOUNTRY,
      serviceId: "kerry-nd",
    };
    const cancelled = (await checkout.confirm({ ...base, idempotencyKey: "ship-2" })).promise;
    await checkout.cancel(cancelled.id);
    await expect(checkout.fulfil(cancelled.id)).rejects.toMatchObject({
      kind: "FAILED_PRECONDITION",
      field: "id",
    });
    const shipped = (await checkout.confirm({ ...base, idempotencyKey: "ship-3" })).promise;
    await checkout.fulfil(shipped.id);
    await expect(checkout.cancel(shipped.id)).rejects.toMatchObject({
      kind: "FAILED_PRECONDITION",
      field: "id",
    });
    await expect(checkout.fulfil("prm_missing")).rejects.toMatchObject({
      kind: "NOT_FOUND",
      field: "id",
    });
    await expect(checkout.fulfil("")).rejects.toMatchObject({
      kind: "INVALID_ARGUMENT",
      field: "id",
    });
    await sync.refresh();
    // 5 on hand, the shipped unit left: 4, nothing reserved.
    expect([onHandOf("TEE"), reservedOf("TEE")]).toEqual([4, 0]);
  });

  it("confirms a backorder against inbound stock, and no more than is inbound", async () => {
    const base = {
      lines: [{ sku: "LAMP", quantity: 2 }],
      destination: UPCOUNTRY,
      serviceId: "kerry-nd",
    };
    const { promise } = await checkout.confirm({ ...base, idempotencyKey: "bo-1" });
    const shipment = (promise.payload as PromisePayload).shipments[0]!;
    // 3 lamps arrive Thu 2026-12-10 (a holiday): received Fri 11 + 1 day: ship Sat 12.
    expect([shipment.shipDate, shipment.backorder]).toEqual(["2026-12-12", true]);
    expect(reservedOf("LAMP")).toBe(2);
    // Only one inbound lamp is left.
    const refusal = await refusalOf(checkout.confirm({ ...base, idempotencyKey: "bo-2" }));
    expect(refusal.quote.availability).toBe("UNAVAILABLE");
  });

  it("names the field of a bad request", async () => {
    await expect(
      checkout.confirm({
        idempotencyKey: "",
        lines: [{ sku: "TEE", quantity: 1 }],
        destination: UPCOUNTRY,
        serviceId: "kerry-nd",
      }),
    ).rejects.toMatchObject({ kind: "INVALID_ARGUMENT", field: "idempotency_key" });
    await expect(
      checkout.confirm({
        idempotencyKey: "k",
        lines: [{ sku: "NOPE", quantity: 1 }],
        destination: UPCOUNTRY,
        serviceId: "kerry-nd",
      }),
    ).rejects.toMatchObject({ kind: "NOT_FOUND", field: "lines[0].sku" });
    await expect(
      checkout.confirm({
        idempotencyKey: "k",
        lines: [{ sku: "TEE", quantity: 1 }],
        destination: UPCOUNTRY,
        serviceId: "nope",
      }),
    ).rejects.toMatchObject({ kind: "INVALID_ARGUMENT", field: "service_id" });
  });
});

describe("Checkout.confirm with a carrier pickup limit", () => {
  // Kerry picks up 1 order at bkk on Wed 2026-11-25 (the peak); Thu 2026-11-26 has no limit.
  const PEAK_YAML = `
peaks:
  - { name: Year-end rush, from: 2026-11-25, to: 2026-11-25, services: [kerry-nd], pickup_limit: 1 }
`;
  const WED = isoDay("2026-11-25");
  const base = {
    lines: [{ sku: "TEE", quantity: 1 }],
    destination: UPCOUNTRY,
    serviceId: "kerry-nd",
  };
  let peakDir: string;
  let peakStore: Store;
  const views: { live: LiveView; sync: StoreSync; checkout: Checkout }[] = [];

  /** A process: its own view of the shared store, refreshed once (no change feed). */
  async function startProcess(): Promise<{ live: LiveView; sync: StoreSync; checkout: Checkout }> {
    const file = networkFileSchema.parse(parse(FIXTURE_YAML + STOCK_YAML + PEAK_YAML));
    const clock = fixedClock(NOW);
    const peakLive = new LiveView({ file, clock, seedStock: false });
    const peakSync = new StoreSync({ store: peakStore, live: peakLive, clock, pollMs: 0 });
    if (views.length === 0) await peakSync.start(file);
    else await peakSync.refresh();
    const p = {
      live: peakLive,
      sync: peakSync,
      // Kerry is dominated by Flash on these dates; these tests look at Kerry's pickups.
      checkout: new Checkout({ live: peakLive, store: peakStore, clock, dominatedOptions: "show" }),
    };
    views.push(p);
    return p;
  }

  const remainingPickups = (v: LiveView) => {
    const origin = v.network.origins.find(
      (o) => o.service.id === "kerry-nd" && o.warehouse.id === "bkk",
    )!;
    return v.capacity.remainingPickups(origin.index, WED);
  };
  const shipDateOf = (p: { payload: unknown }) =>
    (p.payload as PromisePayload).shipments[0]!.shipDate;

  beforeEach(async () => {
    peakDir = mkdtempSync(join(tmpdir(), "promise-pickups-"));
    peakStore = await openStore({ sqlitePath: join(peakDir, "promise.db") });
  });

  afterEach(async () => {
    for (const v of views) v.sync.stop();
    views.length = 0;
    await peakStore.close();
    rmSync(peakDir, { recursive: true, force: true });
  });

  it("reserves the 1 pickup of Wednesday and moves the next shopper's kerry-nd to Thursday", async () => {
    const a = await startProcess();
    expect(remainingPickups(a.live)).toBe(1);
    const first = await a.checkout.confirm({ ...base, idempotencyKey: "pk-1" });
    expect(shipDateOf(first.promise)).toBe("2026-11-25");
    expect(first.promise.pickups).toEqual([
      { serviceId: "kerry-nd", warehouseId: "bkk", day: WED },
    ]);
    expect(remainingPickups(a.live)).toBe(0);

    const second = await a.checkout.confirm({ ...base, idempotencyKey: "pk-2" });
    expect(shipDateOf(second.promise)).toBe("2026-11-26");
    // Thursday is outside the peak: no limit, no pickup claimed.
    expect(second.promise.pickups).toEqual([]);
    expect((second.promise.payload as PromisePayload).reasons).toContainEqual({
      code: "CAPACITY_FULL",
      date: "2026-11-25",
    });
    const { pickups } = await peakStore.loadCapacity();
    expect(pickups.map((p) => [p.serviceId, p.warehouseId, p.day, p.promised])).toEqual([
      ["kerry-nd", "bkk", WED, 1],
    ]);
    expect((await peakStore.checkReservations()).pickupMismatches).toEqual([]);
  });

  it("moves a second process's shopper to Thursday although its view still shows Wednesday", async () => {
    const a = await startProcess();
    const b = await startProcess();
    await a.checkout.confirm({ ...base, idempotencyKey: "pk-1" });
    // b has not read the store since: it still sees 1 pickup left and quotes Wednesday.
    expect(remainingPickups(b.live)).toBe(1);
    const shown = b.checkout.quote(base).quote.options.find((o) => o.serviceId === "kerry-nd")!;
    expect(shown.shipments[0]!.shipDay).toBe(WED);

    const second = await b.checkout.confirm({ ...base, idempotencyKey: "pk-2" });
    expect(shipDateOf(second.promise)).toBe("2026-11-26");
    await b.sync.refresh();
    expect(remainingPickups(b.live)).toBe(0);
  });

  it("refuses a second process's shopper who was shown Thursday's delivery, with fresh options for Friday", async () => {
    const a = await startProcess();
    const b = await startProcess();
    await a.checkout.confirm({ ...base, idempotencyKey: "pk-1" });
    // Shipped Wed: delivered Thu 11-26. Shipped Thu: delivered Fri 11-27, later than shown.
    const refusal = await refusalOf(
      b.checkout.confirm({ ...base, idempotencyKey: "pk-2", shownDeliveryLatest: "2026-11-26" }),
    );
    expect(refusal.reason).toBe("LATER_THAN_SHOWN");
    const fresh = refusal.quote.options.find((o) => o.serviceId === "kerry-nd")!;
    expect(fresh.latestDay).toBe(isoDay("2026-11-27"));
    expect((await peakStore.checkReservations()).confirmed).toBe(1);
  });

  it("frees Wednesday's pickup again when its promise is cancelled, in this view and after a refresh in another", async () => {
    const a = await startProcess();
    const b = await startProcess();
    const first = await a.checkout.confirm({ ...base, idempotencyKey: "pk-1" });
    await b.sync.refresh();
    expect([remainingPickups(a.live), remainingPickups(b.live)]).toEqual([0, 0]);
    await a.checkout.cancel(first.promise.id);
    expect(remainingPickups(a.live)).toBe(1);
    await b.sync.refresh();
    expect(remainingPickups(b.live)).toBe(1);
    const again = await b.checkout.confirm({ ...base, idempotencyKey: "pk-2" });
    expect(shipDateOf(again.promise)).toBe("2026-11-25");
  });

  it("keeps Wednesday's pickup used up after its promise ships", async () => {
    const a = await startProcess();
    const first = await a.checkout.confirm({ ...base, idempotencyKey: "pk-1" });
    await a.checkout.fulfil(first.promise.id);
    await a.sync.refresh();
    expect(remainingPickups(a.live)).toBe(0);
    const second = await a.checkout.confirm({ ...base, idempotencyKey: "pk-2" });
    expect(shipDateOf(second.promise)).toBe("2026-11-26");
  });
});
