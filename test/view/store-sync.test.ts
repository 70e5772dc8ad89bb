import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { fixedClock } from "../../src/config/clock.js";
import { networkFileSchema } from "../../src/network/network-schema.js";
import { openStore } from "../../src/store/open-store.js";
import type { Store } from "../../src/store/store.js";
import { LiveView } from "../../src/view/live-view.js";
import { StoreSync } from "../../src/view/store-sync.js";
import { FIXTURE_YAML } from "../engine/fixture-network.js";
import { tempDir } from "../support/temp-dir.js";

const NOW = Date.parse("2026-11-25T03:00:00Z");
const file = networkFileSchema.parse(
  parse(`${FIXTURE_YAML}\nstock:\n  - { sku: TEE, warehouse: bkk, on_hand: 5 }\n`),
);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(check: () => boolean, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await sleep(5);
  }
}

let dir: ReturnType<typeof tempDir>;
let store: Store;
let other: Store;
let live: LiveView;
let sync: StoreSync;

const onHandOfTee = () => {
  const stock = live.current.stock;
  return stock.onHand(stock.skuIndex("TEE"), stock.warehouseIndex("bkk"));
};

/** Another process's write: a second connection to the same file. */
const setTee = (onHand: number, version: number) =>
  other.upsertStock([
    { sku: "TEE", warehouseId: "bkk", onHand, safetyStock: 0, inbound: [], version },
  ]);

beforeEach(async () => {
  dir = tempDir("promise-store-sync-");
  const path = `${dir.path}/promise.db`;
  store = await openStore({ sqlitePath: path, pollIntervalMs: 10 });
  other = await openStore({ sqlitePath: path });
  live = new LiveView({ file, clock: fixedClock(NOW), seedStock: false });
});

afterEach(async () => {
  sync.stop();
  await store.close();
  await other.close();
  dir.remove();
});

describe("StoreSync", () => {
  it("seeds an empty store from the file and loads it into the view at start", async () => {
    sync = new StoreSync({ store, live, clock: fixedClock(NOW), pollMs: 0 });
    await sync.start(file);
    expect(onHandOfTee()).toBe(5);
    expect(sync.staleSinceMs).toBeUndefined();
  });

  it("brings another process's commit into the view without being asked", async () => {
    sync = new StoreSync({ store, live, clock: fixedClock(NOW), pollMs: 0 });
    await sync.start(file);
    await setTee(7, 1);
    await until(() => onHandOfTee() === 7);
  });

  it("reads a burst of 50 commits in a few pulls, not one per commit, and ends on the last", async () => {
    sync = new StoreSync({ store, live, clock: fixedClock(NOW), pollMs: 0, minIntervalMs: 2_000 });
    await sync.start(file);
    const before = sync.pullCount;
    let notices = 0;
    const off = store.onChange(() => notices++);
    for (let i = 1; i <= 50; i++) {
      const seen = notices;
      await setTee(100 + i, i);
      await until(() => notices > seen); // the change poll saw this commit: one notice each
    }
    off();
    await until(() => onHandOfTee() === 150, 5_000);
    // 50 notices within a few hundred ms, at most one pull per 2 s: the first notice and one
    // catch-up.
    expect(sync.pullCount - before).toBeLessThanOrEqual(3);
  });

  it("marks the stock and capacity views with the store change each pull read up to, never going back", async () => {
    sync = new StoreSync({ store, live, clock: fixedClock(NOW), pollMs: 0 });
    await sync.start(file);
    const seeded = await store.currentSeq();
    expect([live.current.stock.syncedSeq, live.capacity.syncedSeq]).toEqual([seeded, seeded]);
    await setTee(9, 1);
    await other.setCapacity("bkk", { daily: 40 });
    await sync.refresh();
    expect([live.current.stock.syncedSeq, live.capacity.syncedSeq]).toEqual([
      seeded + 2,
      seeded + 2,
    ]);
    live.current.stock.markSynced(seeded);
    live.capacity.markSynced(seeded);
    expect([live.current.stock.syncedSeq, live.capacity.syncedSeq]).toEqual([
      seeded + 2,
      seeded + 2,
    ]);
  });

  it("refresh() is never held back by the throttle", async () => {
    sync = new StoreSync({ store, live, clock: fixedClock(NOW), pollMs: 0, minIntervalMs: 60_000 });
    await sync.start(file);
    await setTee(9, 1);
    await sync.refresh();
    expect(onHandOfTee()).toBe(9);
    await setTee(11, 2);
    await sync.refresh();
    expect(onHandOfTee()).toBe(11);
  });

  it("makes refresh() asked while a pull runs wait for a pull that starts after it, one for all such calls", async () => {
    sync = new StoreSync({ store, live, clock: fixedClock(NOW), pollMs: 0, minIntervalMs: 60_000 });
    await sync.start(file);
    const before = sync.pullCount;
    const first = sync.refresh();
    await setTee(7, 3);
    const second = sync.refresh();
    const third = sync.refresh();
    await Promise.all([second, third]);
    // The running pull, then one follow-up for both later calls.
    expect(sync.pullCount).toBe(before + 2);
    expect(onHandOfTee()).toBe(7);
    await first;
  });
});
