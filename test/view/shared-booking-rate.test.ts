import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { Checkout } from "../../src/checkout/checkout.js";
import { isoDay } from "../../src/engine/day.js";
import { estimate } from "../../src/engine/estimate.js";
import { resolveDestination } from "../../src/engine/resolve-destination.js";
import { networkFileSchema } from "../../src/network/network-schema.js";
import { openStore } from "../../src/store/open-store.js";
import type { Store } from "../../src/store/store.js";
import { LiveView } from "../../src/view/live-view.js";
import { StoreSync } from "../../src/view/store-sync.js";
import { FIXTURE_YAML } from "../engine/fixture-network.js";
import { tempDir } from "../support/temp-dir.js";

// The engine fixture: bkk (Asia/Bangkok) closes orders at 14:00 (07:00Z); Kerry picks up at 16:00.
// Wednesday 2026-11-25 is given a capacity of 10 orders.
const file = networkFileSchema.parse(
  parse(`${FIXTURE_YAML}\nstock:\n  - { sku: TEE, warehouse: bkk, on_hand: 100 }\n`),
);
const WED = isoDay("2026-11-25");
const at = (hhmm: string) => Date.parse(`2026-11-25T${hhmm}:00Z`);
const UPCOUNTRY = { countryCode: "TH", postalCode: "30000", province: "" };

interface Process {
  readonly store: Store;
  readonly live: LiveView;
  readonly sync: StoreSync;
  readonly checkout: Checkout;
  now: number;
}

let dir: ReturnType<typeof tempDir>;
const processes: Process[] = [];

/** A process with its own store connection and view of the shared SQLite file, at `now`. */
async function startProcess(now: number, first: boolean): Promise<Process> {
  const store = await openStore({ sqlitePath: `${dir.path}/promise.db` });
  const p = { store, now } as Process & { now: number };
  const clock = () => p.now;
  const live = new LiveView({ file, clock, seedStock: false });
  const sync = new StoreSync({ store, live, clock, pollMs: 0 });
  Object.assign(p, {
    live,
    sync,
    checkout: new Checkout({ live, store, clock, dominatedOptions: "show" }),
  });
  if (first) await sync.start(file);
  else await sync.refresh();
  processes.push(p);
  return p;
}

/** Kerry's order_by (ISO) for one TEE to upcountry, as process `p` answers at its now. */
function kerryOrderBy(p: Process): string {
  const state = p.live.current;
  const zone = resolveDestination(state.network, UPCOUNTRY);
  const result = estimate(state.network, state.stock, p.live.capacity, {
    skuIndex: state.stock.skuIndex("TEE"),
    quantity: 1,
    zone,
    atMs: p.now,
    dominatedOptions: "show",
  });
  const kerry = result.options.find((o) => o.serviceId === "kerry-nd")!;
  return new Date(kerry.orderByMs).toISOString();
}

beforeEach(() => {
  dir = tempDir("promise-booking-rate-");
});

afterEach(async () => {
  for (const p of processes.splice(0)) {
    p.sync.stop();
    await p.store.close();
  }
  dir.remove();
});

describe("the booking rate behind order_by, shared through the store", () => {
  it("moves the order_by of a process that took none of the orders exactly as the one that took them", async () => {
    const a = await startProcess(at("03:00"), true);
    const b = await startProcess(at("03:30"), false);
    await a.store.setCapacity("bkk", { overrides: [{ day: WED, value: 10 }] });
    await b.sync.refresh();
    // Nothing booked yet: the 14:00 cut-off.
    expect(kerryOrderBy(b)).toBe("2026-11-25T07:00:00.000Z");

    for (const [i, hhmm] of ["03:00", "03:10", "03:20", "03:30"].entries()) {
      a.now = at(hhmm);
      const { promise } = await a.checkout.confirm({
        idempotencyKey: `rate-${i}`,
        lines: [{ sku: "TEE", quantity: 1 }],
        destination: UPCOUNTRY,
        serviceId: "kerry-nd",
      });
      expect(promise.capacity).toEqual([{ warehouseId: "bkk", day: WED }]);
    }
    await b.sync.refresh();
    // 4 bookings from 03:00 to 03:30: one per 10 minutes; 10 - 4 = 6 left, so Wednesday is
    // expected to fill 60 minutes after the last booking, at 04:30Z (11:30 in Bangkok).
    expect(b.live.capacity.load(0, WED)).toBe(4);
    expect(new Date(b.live.capacity.expectedFullAtMs(0, WED)!).toISOString()).toBe(
      "2026-11-25T04:30:00.000Z",
    );
    expect(kerryOrderBy(b)).toBe("2026-11-25T04:30:00.000Z");
    // The process that took the orders answers the same.
    expect(kerryOrderBy(a)).toBe("2026-11-25T04:30:00.000Z");
  });

  it("drops a cancelled booking from every process's rate", async () => {
    const a = await startProcess(at("03:00"), true);
    const b = await startProcess(at("03:30"), false);
    await a.store.setCapacity("bkk", { overrides: [{ day: WED, value: 10 }] });
    const ids: string[] = [];
    for (const [i, hhmm] of ["03:00", "03:10", "03:20", "03:30"].entries()) {
      a.now = at(hhmm);
      const { promise } = await a.checkout.confirm({
        idempotencyKey: `cancel-${i}`,
        lines: [{ sku: "TEE", quantity: 1 }],
        destination: UPCOUNTRY,
        serviceId: "kerry-nd",
      });
      ids.push(promise.id);
    }
    await a.checkout.cancel(ids[0]!);
    await b.sync.refresh();
    // 3 bookings left (03:10, 03:20, 03:30): too few for a rate, so the cut-off again.
    expect(b.live.capacity.load(0, WED)).toBe(3);
    expect(b.live.capacity.expectedFullAtMs(0, WED)).toBeUndefined();
    expect(kerryOrderBy(b)).toBe("2026-11-25T07:00:00.000Z");
    await a.sync.refresh();
    expect(kerryOrderBy(a)).toBe("2026-11-25T07:00:00.000Z");
  });
});
