import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { parse } from "yaml";
import { Checkout } from "../../src/checkout/checkout.js";
import { isoDay } from "../../src/engine/day.js";
import { networkFileSchema } from "../../src/network/network-schema.js";
import type { Store } from "../../src/store/store.js";
import { LiveView } from "../../src/view/live-view.js";
import { StoreSync } from "../../src/view/store-sync.js";
import { FIXTURE_YAML } from "../engine/fixture-network.js";
import { type Engines, openEngines, pgTests } from "../events/support.js";

// Wednesday 2026-11-25 10:00 in Bangkok (03:00Z), before bkk's 14:00 cut-off: Flash Standard
// from bkk to 10110 ships Wed 11-25. Each promise takes 2 of the 5 TEE, one order of bkk's
// Wednesday and one of Flash's Wednesday pickups (a limit of 5, so that pickups are counted).
const NOW = Date.parse("2026-11-25T03:00:00Z");
const WEDNESDAY = isoDay("2026-11-25");
const METRO = { countryCode: "TH", postalCode: "10110", province: "" };
const YAML = `${FIXTURE_YAML}
stock:
  - { sku: TEE, warehouse: bkk, on_hand: 5 }
peaks:
  - { name: Counted, from: 2026-11-25, to: 2026-11-25, services: [flash-std], pickup_limit: 5 }
`;

/** PostgreSQL unreachable and not required (CI and REQUIRE_POSTGRES=1 fail instead). */
const noPg = !pgTests.run && pgTests.failure === undefined;

/**
 * The store, with its writes named in `writes` run through `around` (which calls `write` once and
 * answers what it answered): how a test sets a pull of the view against a write.
 */
function aroundWrites(
  store: Store,
  writes: readonly string[],
  around: (write: () => Promise<unknown>) => Promise<unknown>,
): Store {
  return new Proxy(store, {
    get(target, key) {
      const value: unknown = Reflect.get(target, key, target);
      if (typeof value !== "function") return value;
      if (typeof key !== "string" || !writes.includes(key)) return value.bind(target);
      return (...args: unknown[]) => around(() => value.apply(target, args));
    },
  });
}

/**
 * The store, with the view's pull run to its end after each write returns and before Checkout
 * goes on: the order in which a change notice's pull overtakes the write's own continuation.
 */
function pullingFirst(store: Store, sync: () => StoreSync): Store {
  return aroundWrites(store, ["confirm", "cancelPromise", "fulfilPromise"], async (write) => {
    const result = await write();
    await sync().refresh();
    return result;
  });
}

for (const engine of ["sqlite", "postgres"] as const) {
  describe.skipIf(engine === "postgres" && noPg)(`own writes in the view on ${engine}`, () => {
    let db: Engines;
    let live: LiveView;
    let sync: StoreSync;
    let plain: Checkout;
    let racing: Checkout;

    beforeEach(async () => {
      db = await openEngines(engine);
      const file = networkFileSchema.parse(parse(YAML));
      live = new LiveView({ file, clock: () => NOW, seedStock: false });
      // No notices and no poll: a pull happens only where a test asks for one.
      sync = new StoreSync({ store: db.store, live, clock: () => NOW, pollMs: 0 });
      await sync.start(file);
      sync.stop();
      plain = new Checkout({ live, store: db.store, clock: () => NOW });
      racing = new Checkout({ live, store: pullingFirst(db.store, () => sync), clock: () => NOW });
    });

    afterEach(async () => {
      sync.stop();
      await db.close();
    });

    const bkk = () => live.network.warehouseById.get("bkk")!.index;
    const tee = () => live.stock.skuIndex("TEE");
    /** [on hand, reserved, orders on Wednesday, Flash pickups on Wednesday] */
    const figures = () => [
      live.stock.onHand(tee(), bkk()),
      live.stock.reserved(tee(), bkk()),
      live.capacity.load(bkk(), WEDNESDAY),
      live.capacity.pickups("flash-std", "bkk", WEDNESDAY),
    ];
    const confirm = (checkout: Checkout, id: string) =>
      checkout.confirm({
        idempotencyKey: id,
        lines: [{ sku: "TEE", quantity: 2 }],
        destination: METRO,
        serviceId: "flash-std",
      });

    it("shows a confirm at once, before any pull has read it", async () => {
      await confirm(plain, "p1");
      expect(figures()).toEqual([5, 2, 1, 1]);
      await sync.refresh();
      expect(figures()).toEqual([5, 2, 1, 1]);
    });

    it("counts a confirm once when the pull for its change notice applies the rows first", async () => {
      await confirm(plain, "p1");
      await confirm(racing, "p2");
      expect(figures()).toEqual([5, 4, 2, 2]);
      await sync.refresh();
      expect(figures()).toEqual([5, 4, 2, 2]);
    });

    it("releases a cancelled promise once when the pull applies the rows first", async () => {
      await confirm(plain, "p1");
      const { promise } = await confirm(plain, "p2");
      await racing.cancel(promise.id);
      expect(figures()).toEqual([5, 2, 1, 1]);
      await sync.refresh();
      expect(figures()).toEqual([5, 2, 1, 1]);
    });

    it("ships a fulfilled promise's units once when the pull applies the rows first", async () => {
      const { promise } = await confirm(plain, "p1");
      await confirm(plain, "p2");
      await racing.fulfil(promise.id);
      // 2 units leave on hand and the reservation alike; the order and pickup stay booked.
      expect(figures()).toEqual([3, 2, 2, 2]);
      await sync.refresh();
      expect(figures()).toEqual([3, 2, 2, 2]);
    });

    it("leaves a cancel to the pull its change notice starts when an earlier pull ended during the call", async () => {
      await sync.start(); // change notices on again
      await confirm(plain, "p1");
      const { promise } = await confirm(plain, "p2");
      await sync.refresh();
      // A pull that begins before the cancel's commit and ends while the cancel is under way.
      const overlapped = new Checkout({
        live,
        clock: () => NOW,
        store: aroundWrites(db.store, ["cancelPromise"], async (write) => {
          const pull = sync.refresh();
          const result = await write();
          await pull;
          return result;
        }),
      });
      const seen: number[] = [];
      const stop = setInterval(() => seen.push(live.stock.reserved(tee(), bkk())), 1);
      await overlapped.cancel(promise.id);
      await vi.waitFor(() => expect(figures()).toEqual([5, 2, 1, 1]));
      clearInterval(stop);
      // Never released twice on the way.
      expect(Math.min(...seen, 2)).toBe(2);
    });

    it("shows a cancel and a fulfilment at once when no pull has read them", async () => {
      const { promise: p1 } = await confirm(plain, "p1");
      const { promise: p2 } = await confirm(plain, "p2");
      await sync.refresh();
      await plain.cancel(p2.id);
      await plain.fulfil(p1.id);
      expect(figures()).toEqual([3, 0, 1, 1]);
      await sync.refresh();
      expect(figures()).toEqual([3, 0, 1, 1]);
    });
  });
}
