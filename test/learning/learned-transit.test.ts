import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedClock } from "../../src/config/clock.js";
import { advanceDelivery } from "../../src/engine/advance-delivery.js";
import type { CompiledNetwork, CompiledService } from "../../src/engine/compiled-network.js";
import { type Day, formatIsoDay, isoDay, maxDay, minDay } from "../../src/engine/day.js";
import { estimate } from "../../src/engine/estimate.js";
import { laneHistory } from "../../src/engine/learned-transit.js";
import { resolveDestination } from "../../src/engine/resolve-destination.js";
import type { Confidence } from "../../src/engine/shipping-option.js";
import { NO_CAPACITY_LIMIT } from "../../src/engine/stock-reader.js";
import { deliveryTransit } from "../../src/learning/delivery-transit.js";
import { LearnedTransitRefresher } from "../../src/learning/learned-transit-refresher.js";
import { type LearnableDelivery, TransitLearner } from "../../src/learning/transit-learner.js";
import { compileNetwork } from "../../src/network/compile-network.js";
import { loadNetworkFile } from "../../src/network/load-network-file.js";
import { type OpenStoreOptions, openStore } from "../../src/store/open-store.js";
import type { ImportedDelivery, Store } from "../../src/store/store.js";
import { LiveView } from "../../src/view/live-view.js";
import { skuNo } from "../support/indexes.js";
import { literalStock } from "../support/literal-stock.js";
import { createTestSchema, postgresForTests } from "../support/postgres.js";
import { tempSqlitePath } from "../support/temp-dir.js";

const file = loadNetworkFile("samples/network.yaml");
// Wednesday 17 June 2026, 10:00 in Bangkok: the 90-day window runs back over Songkran.
const NOW = Date.parse("2026-06-17T03:00:00Z");
const TODAY = isoDay("2026-06-17");
const UPCOUNTRY = { countryCode: "TH", postalCode: "30000" };
const METRO = { countryCode: "TH", postalCode: "10110" };

/** The distribution in delivery days: 1 day 60%, 2 days 30%, 3 days 7%, 5 days 3%. */
const DISTRIBUTION: readonly (readonly [number, number])[] = [
  [1, 0.6],
  [2, 0.3],
  [3, 0.07],
  [5, 0.03],
];

/** A small seeded generator (mulberry32), so every run draws the same parcels. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function draw(next: () => number): number {
  let u = next();
  for (const [days, share] of DISTRIBUTION) {
    if (u < share) return days;
    u -= share;
  }
  return DISTRIBUTION[DISTRIBUTION.length - 1]![0];
}

/** The service's pickup days from `from` to `to`. */
function pickupDays(net: CompiledNetwork, service: CompiledService, from: Day, to: Day): Day[] {
  const days: Day[] = [];
  for (let d = from; d <= to; d++) {
    if (service.pickupDay[d - net.horizon.firstDay] === 1) days.push(d);
  }
  return days;
}

function deliveries(
  net: CompiledNetwork,
  serviceId: string,
  destination: { countryCode: string; postalCode: string },
  shipDays: readonly Day[],
  transits: readonly number[],
): LearnableDelivery[] {
  const service = net.serviceById.get(serviceId)!;
  return transits.map((n, i) => {
    const shipDay = shipDays[i % shipDays.length]!;
    return {
      warehouseId: "bkk-1",
      serviceId,
      ...destination,
      shipDay,
      deliveredDay: advanceDelivery(service, net.horizon, shipDay, n),
    };
  });
}

describe("transit counted in the carrier's delivery days", () => {
  const net = compileNetwork(file, { todayDay: TODAY });
  const ems = net.serviceById.get("thaipost-ems")!;
  const transit = (ship: string, delivered: string) =>
    deliveryTransit(ems, net.horizon, isoDay(ship), isoDay(delivered));

  it("does not count Songkran, when Thailand Post is closed, as days in transit", () => {
    // Shipped Sat 11 April; Sun 12 is no delivery day, 13-16 April the post is closed: Fri 17
    // April is the first delivery day after it, Sat 18 the second.
    expect(transit("2026-04-11", "2026-04-17")).toBe(1);
    expect(transit("2026-04-11", "2026-04-18")).toBe(2);
  });

  it("counts a parcel delivered on a day the carrier does not deliver as delivered on its next delivery day", () => {
    // Shipped Fri 5 June, delivered Sun 7 June (no Sunday delivery): as if Mon 8 June, 2 days.
    expect(transit("2026-06-05", "2026-06-07")).toBe(2);
    expect(transit("2026-06-05", "2026-06-08")).toBe(2);
    expect(transit("2026-06-05", "2026-06-05")).toBe(0);
    expect(transit("2026-06-05", "2026-06-04")).toBeUndefined();
  });
});

const pgTests = await postgresForTests("learned-transit");
if (pgTests.failure !== undefined) {
  const failure = pgTests.failure;
  describe("learning on PostgreSQL", () => {
    it("needs PostgreSQL", () => {
      throw new Error(failure);
    });
  });
}

const engines: {
  name: string;
  run: boolean;
  open: () => Promise<{ store: Store; options: OpenStoreOptions; drop(): Promise<void> }>;
}[] = [
  {
    name: "SQLite",
    run: true,
    async open() {
      const options = { sqlitePath: tempSqlitePath() };
      return { store: await openStore(options), options, drop: async () => {} };
    },
  },
  {
    name: "PostgreSQL",
    run: pgTests.run,
    async open() {
      const schema = await createTestSchema(pgTests.url);
      const options = { databaseUrl: pgTests.url, pgSchema: schema.name, poolSize: 3 };
      const store = await openStore(options);
      return { store, options, drop: () => schema.drop() };
    },
  },
];

for (const engine of engines) {
  describe.skipIf(!engine.run)(`a lane learned from 5,000 deliveries, on ${engine.name}`, () => {
    let store: Store;
    let options: OpenStoreOptions;
    let drop: () => Promise<void> = async () => {};
    let live: LiveView;
    let refresher: LearnedTransitRefresher;
    const clock = fixedClock(NOW);
    /** As the service rebuilds: on a worker thread with its own connection, above `upTo`. */
    const withWorker = (upTo: number) =>
      new LearnedTransitRefresher({
        store,
        live,
        clock,
        worker: { store: options },
        inProcessUpTo: upTo,
      });

    beforeAll(async () => {
      ({ store, options, drop } = await engine.open());
      live = new LiveView({ file, clock });
      refresher = new LearnedTransitRefresher({ store, live, clock });
    });

    afterAll(async () => {
      await store?.close();
      await drop();
    });

    function quote(confidence?: Confidence) {
      const net = live.network;
      const state = live.current;
      const result = estimate(net, state.stock, live.capacity, {
        dominatedOptions: "show",
        skuIndex: state.stock.skuIndex("SKU-TSHIRT-001"),
        quantity: 1,
        zone: resolveDestination(net, UPCOUNTRY),
        atMs: NOW,
        confidence,
      });
      const ems = result.options.find((o) => o.serviceId === "thaipost-ems")!;
      return {
        window: [ems.shipDay, ems.earliestDay, ems.latestDay].map(formatIsoDay),
        source: ems.transitSource,
        probability: ems.onTimeProbability,
        learnedReason: ems.reasons.find((r) => r.code === "LEARNED_TRANSIT")?.detail,
      };
    }

    it("rebuilds an empty history in process, with no worker thread", async () => {
      const result = await withWorker(1_000).refresh();
      expect([result.inWorker, result.deliveries, result.learnedLanes]).toEqual([false, 0, 0]);
    });

    it("keeps the file's window (2-5 days) before it has learned anything", () => {
      expect(quote()).toEqual({
        window: ["2026-06-17", "2026-06-19", "2026-06-23"],
        source: "NETWORK_FILE",
        probability: undefined,
        learnedReason: undefined,
      });
    });

    it("promises ship+1 .. ship+3 delivery days with the chance a fresh sample confirms within 0.02", async () => {
      const net = live.network;
      const ems = net.serviceById.get("thaipost-ems")!;
      // Shipped on the post's pickup days from 20 March to 10 June (Songkran included).
      const shipDays = pickupDays(net, ems, isoDay("2026-03-20"), isoDay("2026-06-10"));
      const next = random(12);
      const transits = Array.from({ length: 5_000 }, () => draw(next));
      const rows: ImportedDelivery[] = deliveries(
        net,
        "thaipost-ems",
        UPCOUNTRY,
        shipDays,
        transits,
      ).map((d) => ({ ...d, promisedLatestDay: null }));
      expect(await store.importDeliveries(rows)).toBe(5_000);

      const result = await refresher.refresh();
      expect(result).toMatchObject({
        deliveries: 5_000,
        used: 5_000,
        skipped: 0,
        learnedLanes: 1,
        swapped: true,
      });
      const learned = quote();
      // Wed 17 June ships; Thu 18 is delivery day 1, Sat 20 delivery day 3.
      expect(learned.window).toEqual(["2026-06-17", "2026-06-18", "2026-06-20"]);
      expect(learned.source).toBe("LEARNED");
      const within3 = transits.filter((t) => t <= 3).length / transits.length;
      expect(learned.probability).toBe(within3);
      const first = formatIsoDay(rows.map((r) => r.deliveredDay).reduce(minDay));
      const last = formatIsoDay(rows.map((r) => r.deliveredDay).reduce(maxDay));
      expect(learned.learnedReason).toBe(`5000 deliveries ${first}..${last}`);

      // A fresh sample from the same distribution: its share within 3 days is the promise's chance.
      const fresh = random(9_001);
      const freshTransits = Array.from({ length: 5_000 }, () => draw(fresh));
      const freshShare = freshTransits.filter((t) => t <= 3).length / 5_000;
      expect(Math.abs(learned.probability! - freshShare)).toBeLessThanOrEqual(0.02);
      expect(Math.abs(learned.probability! - 0.97)).toBeLessThanOrEqual(0.02);
    });

    it("promises the 0.98 quantile, ship+5, under HIGH confidence", () => {
      const high = quote("HIGH");
      // Delivery day 5 after Wed 17 June: Thu 18, Fri 19, Sat 20, Mon 22, Tue 23.
      expect(high.window).toEqual(["2026-06-17", "2026-06-18", "2026-06-23"]);
      expect([high.source, high.probability]).toEqual(["LEARNED", 1]);
    });

    it("learns up to inProcessUpTo deliveries without a worker thread, and more on one, to the same window", async () => {
      const before = quote();
      const few = await withWorker(5_000).refresh();
      expect([few.inWorker, few.deliveries, few.learnedLanes]).toEqual([false, 5_000, 1]);
      expect(quote()).toEqual(before);

      const many = withWorker(4_999);
      const first = await many.refresh();
      expect([first.inWorker, first.deliveries, first.learnedLanes]).toEqual([true, 5_000, 1]);
      expect(quote()).toEqual(before);
      // The next rebuild goes straight to the thread (the last one used more than 4,999).
      expect((await many.refresh()).inWorker).toBe(true);
    }, 60_000);
  });
}

describe("learning lanes apart", () => {
  const net = compileNetwork(file, { todayDay: TODAY });
  const ems = net.serviceById.get("thaipost-ems")!;
  const settings = file.learning;
  /** 1,000 transits in exactly the shares. */
  const exact = DISTRIBUTION.flatMap(([days, share]) =>
    Array.from({ length: Math.round(share * 1000) }, () => days),
  );
  const origin = net.origins.find((o) => o.service.id === "thaipost-ems")!;

  it("learns the same distribution for a lane whose deliveries straddle Songkran as for one without a holiday", () => {
    // Metro parcels ship Thu 9 - Sat 11 April, right before the 13-16 April closure; upcountry
    // parcels ship in May, with no holiday in reach.
    const songkran = deliveries(
      net,
      "thaipost-ems",
      METRO,
      pickupDays(net, ems, isoDay("2026-04-09"), isoDay("2026-04-11")),
      exact,
    );
    const may = deliveries(
      net,
      "thaipost-ems",
      UPCOUNTRY,
      pickupDays(net, ems, isoDay("2026-05-18"), isoDay("2026-05-22")),
      exact,
    );
    const learner = new TransitLearner(net, settings);
    for (const d of [...songkran, ...may]) learner.add(d);
    const { learned, stats } = learner.build(1);
    expect(stats).toMatchObject({ deliveries: 2000, used: 2000, skipped: 0, learnedLanes: 2 });
    const metro = resolveDestination(net, METRO).index;
    const upcountry = resolveDestination(net, UPCOUNTRY).index;
    const a = laneHistory(learned, origin.index, metro, false)!;
    const b = laneHistory(learned, origin.index, upcountry, false)!;
    expect([...a.cdf]).toEqual([0, 0.6, 0.9, 0.97, 0.97, 1]);
    expect([...b.cdf]).toEqual([...a.cdf]);
    expect([a.earliest, a.latest, a.high]).toEqual([1, 3, 5]);
    expect([b.earliest, b.latest, b.high]).toEqual([1, 3, 5]);
    // In calendar days the Songkran lane looks far slower: the calendar is what evens them out.
    const calendarDays = (list: LearnableDelivery[]) =>
      list.reduce((sum, d) => sum + d.deliveredDay - d.shipDay, 0) / list.length;
    expect(calendarDays(songkran)).toBeGreaterThan(calendarDays(may) + 2);
  });

  it("keeps parcels shipped inside a peak window apart from normal-time ones, and adds the peak's buffers on top", () => {
    // 11.11 sale 2026 (9-20 Nov) is a peak of thaipost-ems: those parcels are 2 days slower.
    const peakNet = compileNetwork(file, { todayDay: isoDay("2026-11-25") });
    const peakEms = peakNet.serviceById.get("thaipost-ems")!;
    const inPeak = deliveries(
      peakNet,
      "thaipost-ems",
      UPCOUNTRY,
      pickupDays(peakNet, peakEms, isoDay("2026-11-10"), isoDay("2026-11-14")),
      exact.map((n) => n + 2),
    );
    const normal = deliveries(
      peakNet,
      "thaipost-ems",
      UPCOUNTRY,
      pickupDays(peakNet, peakEms, isoDay("2026-10-19"), isoDay("2026-10-23")),
      exact,
    );
    const learner = new TransitLearner(peakNet, { ...settings, min_samples: 500 });
    for (const d of [...inPeak, ...normal]) learner.add(d);
    const { learned } = learner.build(1);
    const zone = resolveDestination(peakNet, UPCOUNTRY).index;
    const peakOrigin = peakNet.origins.find((o) => o.service.id === "thaipost-ems")!;
    const peak = laneHistory(learned, peakOrigin.index, zone, true)!;
    const calm = laneHistory(learned, peakOrigin.index, zone, false)!;
    expect([peak.samples, peak.earliest, peak.latest]).toEqual([1000, 3, 5]);
    expect([calm.samples, calm.earliest, calm.latest]).toEqual([1000, 1, 3]);

    // The peak's buffers (extra_transit_days 1, widen_days 1) still add on top of the learned
    // peak window: shipped Tue 10 Nov, delivery days 3+1 .. 5+1+1 after it.
    const bkk = peakNet.warehouseById.get("bkk-1")!.index;
    const result = estimate(
      { ...peakNet, learned },
      literalStock([{ sku: "TEE", warehouse: bkk, available: 5 }]),
      NO_CAPACITY_LIMIT,
      {
        dominatedOptions: "show",
        skuIndex: skuNo(0),
        quantity: 1,
        zone: resolveDestination(peakNet, UPCOUNTRY),
        atMs: Date.parse("2026-11-10T03:00:00Z"),
      },
    );
    const option = result.options.find((o) => o.serviceId === "thaipost-ems")!;
    expect(option.shipDay).toBe(isoDay("2026-11-10"));
    expect(option.transitSource).toBe("LEARNED");
    expect(option.earliestDay).toBe(advanceDelivery(peakEms, peakNet.horizon, option.shipDay, 4));
    expect(option.latestDay).toBe(advanceDelivery(peakEms, peakNet.horizon, option.shipDay, 7));
    expect(option.reasons.map((r) => r.code)).toEqual(
      expect.arrayContaining(["LEARNED_TRANSIT", "PEAK_BUFFER"]),
    );
    // Every peak parcel arrived within 7 delivery days.
    expect(option.onTimeProbability).toBe(1);
  });

  it("lets sparse lanes borrow their country's parcels, moved onto each lane's file minimum", () => {
    // Thailand Post from bkk-1, May: 150 upcountry parcels (file min 2): 100 in 2 delivery
    // days, 50 in 3; 60 metro parcels (file min 1): 40 in 1, 20 in 3. Both lanes are under 200;
    // together 210. Over each lane's file minimum: +0 x140, +1 x50, +2 x20.
    const days = pickupDays(net, ems, isoDay("2026-05-18"), isoDay("2026-05-22"));
    const learner = new TransitLearner(net, settings);
    const parcels = [
      ...deliveries(net, "thaipost-ems", UPCOUNTRY, days, [
        ...Array.from({ length: 100 }, () => 2),
        ...Array.from({ length: 50 }, () => 3),
      ]),
      ...deliveries(net, "thaipost-ems", METRO, days, [
        ...Array.from({ length: 40 }, () => 1),
        ...Array.from({ length: 20 }, () => 3),
      ]),
    ];
    for (const d of parcels) learner.add(d);
    const { learned, stats } = learner.build(1);
    // Metro, upcountry, and remote (no parcel of its own) borrow.
    expect(stats).toMatchObject({ learnedLanes: 0, lanesWithHistory: 2, borrowedLanes: 3 });
    const lane = (postalCode: string) =>
      laneHistory(
        learned,
        origin.index,
        resolveDestination(net, { countryCode: "TH", postalCode }).index,
        false,
      )!;
    const upcountry = lane("30000");
    // Upcountry (min 2): 2 x140, 3 x50, 4 x20 -> CDF 140/210, 190/210, 1.
    expect([...upcountry.cdf]).toEqual([0, 0, 140 / 210, 190 / 210, 1]);
    expect([upcountry.earliest, upcountry.latest, upcountry.level]).toEqual([2, 4, "country"]);
    expect([upcountry.samples, upcountry.ownSamples, upcountry.learned]).toEqual([210, 150, true]);
    // Metro (min 1): 1 .. 3; remote (min 2 + 1 extra day): 3 .. 5.
    expect([lane("10110").earliest, lane("10110").latest]).toEqual([1, 3]);
    expect([lane("96000").earliest, lane("96000").latest, lane("96000").ownSamples]).toEqual([
      3, 5, 0,
    ]);
    const first = formatIsoDay(parcels.map((p) => p.deliveredDay).reduce(minDay));
    const last = formatIsoDay(parcels.map((p) => p.deliveredDay).reduce(maxDay));
    expect(upcountry.detail).toBe(
      `210 deliveries ${first}..${last}, borrowed from every TH zone of this service and warehouse (this zone: 150)`,
    );
    // The estimate promises it as learned and names the level in its reason.
    const stock = new LiveView({ file, clock: fixedClock(NOW) });
    const result = estimate({ ...net, learned }, stock.current.stock, stock.capacity, {
      dominatedOptions: "show",
      skuIndex: stock.current.stock.skuIndex("SKU-TSHIRT-001"),
      quantity: 1,
      zone: resolveDestination(net, UPCOUNTRY),
      atMs: NOW,
    });
    const option = result.options.find((o) => o.serviceId === "thaipost-ems")!;
    // Ships Wed 17 June; 2 .. 4 delivery days: Fri 19 .. Mon 22 June (no Sunday delivery).
    expect([formatIsoDay(option.earliestDay), formatIsoDay(option.latestDay)]).toEqual([
      "2026-06-19",
      "2026-06-22",
    ]);
    expect([option.transitSource, option.onTimeProbability]).toEqual(["LEARNED", 1]);
    expect(option.reasons).toContainEqual({ code: "LEARNED_TRANSIT", detail: upcountry.detail });
  });

  it("leaves a lane under min_samples on the file's window, with the share its history gives", () => {
    const few = exact.slice(0, 150);
    const learner = new TransitLearner(net, settings);
    for (const d of deliveries(
      net,
      "thaipost-ems",
      UPCOUNTRY,
      pickupDays(net, ems, isoDay("2026-05-18"), isoDay("2026-05-22")),
      few,
    )) {
      learner.add(d);
    }
    const { learned, stats } = learner.build(1);
    expect([stats.learnedLanes, stats.lanesWithHistory]).toEqual([0, 1]);
    const withHistory = { ...net, learned };
    const zone = resolveDestination(net, UPCOUNTRY);
    const stock = new LiveView({ file, clock: fixedClock(NOW) });
    const result = estimate(withHistory, stock.current.stock, stock.capacity, {
      dominatedOptions: "show",
      skuIndex: stock.current.stock.skuIndex("SKU-TSHIRT-001"),
      quantity: 1,
      zone,
      atMs: NOW,
    });
    const option = result.options.find((o) => o.serviceId === "thaipost-ems")!;
    // The first 150 of the exact list are all 1-day parcels: 5 days holds for all of them.
    expect([formatIsoDay(option.earliestDay), formatIsoDay(option.latestDay)]).toEqual([
      "2026-06-19",
      "2026-06-23",
    ]);
    expect([option.transitSource, option.onTimeProbability]).toEqual(["NETWORK_FILE", 1]);
  });
});
