import { describe, expect, it } from "vitest";
import { addDays, type Day, isoDay } from "../../src/engine/day.js";
import { compileNetwork } from "../../src/network/compile-network.js";
import { loadNetworkFile } from "../../src/network/load-network-file.js";
import { CapacityView } from "../../src/view/capacity-view.js";
import { FIXTURE_NETWORK } from "../grpc/grpc-test-helpers.js";

// bkk: Asia/Bangkok (UTC+7), Mon-Fri, cut-off 14:00 = 07:00Z; with the default 2 h grace a
// day's promises become backlog at 16:00 local = 09:00Z.
const file = loadNetworkFile(FIXTURE_NETWORK);
const net = compileNetwork(file, { todayDay: isoDay("2026-11-20") });
const BKK = net.warehouseById.get("bkk")!.index;
const MON = isoDay("2026-11-30");
const TUE = isoDay("2026-12-01");
const WED = isoDay("2026-12-02");
const THU = isoDay("2026-12-03");
/** Monday 2026-11-30 10:00 in Bangkok. */
const MON_MORNING = Date.parse("2026-11-30T03:00:00Z");

/** The 10 working days before Monday 30 November, oldest first, with what shipped each day. */
const HISTORY: ReadonlyArray<readonly [string, number]> = [
  ["2026-11-16", 100],
  ["2026-11-17", 95],
  ["2026-11-18", 98],
  ["2026-11-19", 90],
  ["2026-11-20", 100],
  ["2026-11-23", 97],
  ["2026-11-24", 96],
  ["2026-11-25", 99],
  ["2026-11-26", 93],
  ["2026-11-27", 100],
];

/** A view with capacity 100 a day, 100 promised on each day of HISTORY and its shipped counts. */
function viewWithHistory(days = HISTORY): CapacityView {
  const view = new CapacityView(net);
  view.setCapacity("bkk", 100);
  for (const [iso, shippedOn] of days) {
    const day = isoDay(iso);
    view.setPromisedLoad("bkk", day, 100);
    // All of them shipped except 32 of Friday's (what the days above left open).
    view.setShippedLoad("bkk", day, iso === "2026-11-27" ? 68 : 100, shippedOn);
  }
  view.setNow(MON_MORNING);
  return view;
}

describe("learned throughput", () => {
  it("learns 968 of 1,000 expected over the last 10 working days and promises 96 a day", () => {
    // By hand, oldest first (open work carried, demand = open + 100, expected = min(100,
    // demand), open = demand - shipped): expected is 100 every day, shipped adds up to 968,
    // and 32 stay open (Friday's unshipped promises).
    const view = viewWithHistory();
    const p = view.backlogOf(BKK)!;
    expect(p.factor).toBeCloseTo(0.968, 12);
    expect(p.learnedDays).toBe(10);
    expect(p.firstOpenDay).toBe(MON);
    expect(p.backlog).toBe(32);
    // Monday: floor(100 * 0.968) = 96, minus the 32 of backlog.
    expect(view.remaining(BKK, MON)).toBe(64);
    expect(view.backlog(BKK, MON)).toBe(32);
    // Tuesday: the backlog was shipped on Monday (32 <= 96): 96 again.
    expect(view.remaining(BKK, TUE)).toBe(96);
    expect(view.backlog(BKK, TUE)).toBe(0);
    expect(view.claimLimit(BKK, TUE)).toBe(96);
  });

  it("keeps a capacity the admin planned for a date exact, and the factor elsewhere", () => {
    const view = viewWithHistory();
    view.setCapacity("bkk", 100, [[WED, 80]]);
    expect(view.remaining(BKK, WED)).toBe(80);
    expect(view.remaining(BKK, THU)).toBe(96);
  });

  it("never raises capacity above the nominal one when the warehouse shipped more", () => {
    const view = viewWithHistory(HISTORY.map(([iso]) => [iso, 120] as const));
    expect(view.backlogOf(BKK)!.factor).toBe(1);
    expect(view.remaining(BKK, TUE)).toBe(100);
  });

  it("learns nothing from fewer than 5 working days with work", () => {
    const view = viewWithHistory(HISTORY.slice(6));
    expect(view.backlogOf(BKK)!.factor).toBe(1);
    expect(view.remaining(BKK, TUE)).toBe(100);
  });

  it("can be switched off", () => {
    const view = viewWithHistory();
    view.configureBacklog({ learnThroughput: false });
    expect(view.remaining(BKK, TUE)).toBe(100);
    view.configureBacklog({ enabled: false });
    expect(view.remaining(BKK, MON)).toBe(100);
  });
});

describe("backlog", () => {
  it("turns a day's unshipped promises into backlog when its cut-off plus grace passes", () => {
    const view = new CapacityView(net);
    view.setCapacity("bkk", 100);
    view.setPromisedLoad("bkk", MON, 150);
    for (let i = 0; i < 80; i++) view.recordShipment("bkk", MON, MON);
    // Monday 15:59 local: Monday is still open, so its 150 promises are Monday's load.
    view.setNow(Date.parse("2026-11-30T08:59:00Z"));
    expect(view.backlog(BKK, TUE)).toBe(0);
    expect(view.remaining(BKK, TUE)).toBe(100);
    const before = view.version;
    // 16:00 local: the 70 not shipped are backlog; Tuesday gives them its throughput first.
    view.setNow(Date.parse("2026-11-30T09:00:00Z"));
    expect(view.version).toBeGreaterThan(before);
    expect(view.backlogOf(BKK)!.backlog).toBe(70);
    expect(view.backlog(BKK, TUE)).toBe(70);
    expect(view.remaining(BKK, TUE)).toBe(30);
    // A later instant of the same evening changes nothing (no new version).
    const after = view.version;
    view.setNow(Date.parse("2026-11-30T12:00:00Z"));
    expect(view.version).toBe(after);
  });

  it("carries a backlog larger than a day over the next working days, first in first out", () => {
    const view = new CapacityView(net);
    view.setCapacity("bkk", 100);
    const FRI = isoDay("2026-11-27");
    view.setPromisedLoad("bkk", FRI, 330);
    for (let i = 0; i < 80; i++) view.recordShipment("bkk", FRI, FRI);
    view.setExternalLoad("bkk", TUE, 10);
    view.setNow(MON_MORNING);
    // 250 behind: Monday takes 100 (150 left), Tuesday 100 of them plus its own 10 (60 left)
    // -> Wednesday 40 of room.
    expect([MON, TUE, WED, THU].map((d) => view.backlog(BKK, d))).toEqual([250, 150, 60, 0]);
    expect([MON, TUE, WED, THU].map((d) => view.remaining(BKK, d))).toEqual([0, 0, 40, 100]);
  });

  it("counts backlog shipped today against today's throughput, and frees the next days", () => {
    const view = new CapacityView(net);
    view.setCapacity("bkk", 100);
    const FRI = isoDay("2026-11-27");
    view.setPromisedLoad("bkk", FRI, 250);
    for (let i = 0; i < 80; i++) view.recordShipment("bkk", FRI, FRI);
    view.setNow(MON_MORNING);
    expect([MON, TUE, WED].map((d) => view.remaining(BKK, d))).toEqual([0, 30, 100]);
    // Monday morning the warehouse catches up: all 170 ship (an extra shift).
    for (let i = 0; i < 170; i++) view.recordShipment("bkk", FRI, MON);
    expect(view.backlogOf(BKK)!.backlog).toBe(0);
    expect(view.backlog(BKK, MON)).toBe(0);
    // Monday's throughput was used; Tuesday is free again.
    expect([MON, TUE, WED].map((d) => view.remaining(BKK, d))).toEqual([0, 100, 100]);
  });

  it("takes a cancelled backlog promise off the backlog, and a late shipment too", () => {
    const view = new CapacityView(net);
    view.setCapacity("bkk", 100);
    const FRI = isoDay("2026-11-27");
    view.setPromisedLoad("bkk", FRI, 150);
    for (let i = 0; i < 80; i++) view.recordShipment("bkk", FRI, FRI);
    view.setNow(MON_MORNING);
    expect(view.backlog(BKK, MON)).toBe(70);
    const before = view.version;
    view.releaseBooking("bkk", FRI);
    expect(view.version).toBeGreaterThan(before);
    expect([view.backlog(BKK, MON), view.remaining(BKK, MON)]).toEqual([69, 31]);
    // Shipped on Monday: off the backlog, but it used Monday's throughput.
    view.recordShipment("bkk", FRI, MON);
    expect([view.backlog(BKK, MON), view.remaining(BKK, MON)]).toEqual([68, 31]);
  });

  it("brings the capacity-driven order_by forward by what the backlog takes", () => {
    const view = new CapacityView(net);
    view.setCapacity("bkk", 100);
    view.setPromisedLoad("bkk", MON, 150);
    for (let i = 0; i < 80; i++) view.recordShipment("bkk", MON, MON);
    const t0 = Date.parse("2026-11-30T10:00:00Z");
    view.setNow(t0);
    // 4 bookings for Tuesday a minute apart: one a minute.
    for (let i = 0; i < 4; i++) view.recordBooking("bkk", TUE, t0 + i * 60_000);
    // 100 - 70 behind - 4 booked = 26 left: full 26 minutes after the last booking.
    expect(view.expectedFullAtMs(BKK, TUE)).toBe(t0 + 3 * 60_000 + 26 * 60_000);
    view.configureBacklog({ enabled: false });
    expect(view.expectedFullAtMs(BKK, TUE)).toBe(t0 + 3 * 60_000 + 96 * 60_000);
  });

  it("answers after each of 400 bookings and releases as a view rebuilt from the same counts", () => {
    const FRI = isoDay("2026-11-27");
    const setUp = (view: CapacityView) => {
      view.setCapacity("bkk", 100);
      view.setPromisedLoad("bkk", FRI, 260);
      view.setShippedLoad("bkk", FRI, 80, 80);
    };
    const view = new CapacityView(net);
    setUp(view);
    view.setNow(MON_MORNING);
    const booked = new Map<Day, number>();
    let seed = 7;
    const next = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed / 2_147_483_648;
    };
    const days = [MON, TUE, WED, THU, addDays(THU, 1)];
    for (let step = 0; step < 400; step++) {
      const day = days[Math.floor(next() * days.length)]!;
      if (next() < 0.7 || (booked.get(day) ?? 0) === 0) {
        view.recordBooking("bkk", day, MON_MORNING + step);
        booked.set(day, (booked.get(day) ?? 0) + 1);
      } else {
        view.releaseBooking("bkk", day);
        booked.set(day, booked.get(day)! - 1);
      }
      const fresh = new CapacityView(net);
      setUp(fresh);
      for (const [d, n] of booked) fresh.setPromisedLoad("bkk", d, n);
      fresh.setNow(MON_MORNING);
      expect(days.map((d) => view.remaining(BKK, d))).toEqual(
        days.map((d) => fresh.remaining(BKK, d)),
      );
    }
  });

  it("ignores a warehouse that reports no shipments at all", () => {
    const view = new CapacityView(net);
    view.setCapacity("bkk", 100);
    view.setPromisedLoad("bkk", isoDay("2026-11-27"), 100);
    view.setNow(MON_MORNING);
    expect(view.backlogOf(BKK)!.tracked).toBe(false);
    expect(view.remaining(BKK, MON)).toBe(100);
  });
});
