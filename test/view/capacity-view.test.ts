import { describe, expect, it } from "vitest";
import type { CompiledNetwork } from "../../src/engine/compiled-network.js";
import { addDays, isoDay } from "../../src/engine/day.js";
import { compileNetwork } from "../../src/network/compile-network.js";
import { loadNetworkFile } from "../../src/network/load-network-file.js";
import { CapacityView } from "../../src/view/capacity-view.js";
import { FIXTURE_NETWORK } from "../grpc/grpc-test-helpers.js";

const file = loadNetworkFile(FIXTURE_NETWORK);
const compile = () => compileNetwork(file, { todayDay: isoDay("2026-11-20") });

function originIndex(net: CompiledNetwork, serviceId: string, warehouseId: string): number {
  const origin = net.origins.find(
    (o) => o.service.id === serviceId && o.warehouse.id === warehouseId,
  );
  if (origin === undefined) throw new Error("no such origin");
  return origin.index;
}

const MONDAY = isoDay("2026-11-30");
const PEAK_DAY = isoDay("2026-12-14");
const BKK = 0;

describe("CapacityView", () => {
  it("has no limit where the network file sets none, and the peak's capacity in the peak", () => {
    const view = new CapacityView(compile());
    expect(view.remaining(BKK, MONDAY)).toBe(Number.POSITIVE_INFINITY);
    expect(view.capacity(BKK, PEAK_DAY)).toBe(3);
    expect(view.remaining(BKK, PEAK_DAY)).toBe(3);
    expect(view.expectedFullAtMs(BKK, MONDAY)).toBeUndefined();
  });

  it("subtracts external and promised load from the admin's capacity, never below zero", () => {
    const view = new CapacityView(compile());
    view.setCapacity("bkk", 5);
    expect(view.remaining(BKK, MONDAY)).toBe(5);
    view.setExternalLoad("bkk", MONDAY, 2);
    view.recordBooking("bkk", MONDAY, Date.UTC(2026, 10, 27, 3));
    expect(view.load(BKK, MONDAY)).toBe(3);
    expect(view.remaining(BKK, MONDAY)).toBe(2);
    view.setExternalLoad("bkk", MONDAY, 9);
    expect(view.remaining(BKK, MONDAY)).toBe(0);
    view.releaseBooking("bkk", MONDAY);
    view.setExternalLoad("bkk", MONDAY, 4);
    expect(view.remaining(BKK, MONDAY)).toBe(1);
  });

  it("lets a per-date override win over the default, and null lift the limit", () => {
    const view = new CapacityView(compile());
    view.setCapacity("bkk", 5, [[MONDAY, 1]]);
    expect(view.capacity(BKK, MONDAY)).toBe(1);
    expect(view.capacity(BKK, addDays(MONDAY, 1))).toBe(5);
    expect(view.capacity(BKK, PEAK_DAY)).toBe(5);
    view.setCapacity("bkk", null);
    expect(view.remaining(BKK, addDays(MONDAY, 1))).toBe(Number.POSITIVE_INFINITY);
    expect(view.capacity(BKK, MONDAY)).toBe(1);
    view.clearCapacityOverrides("bkk");
    view.setCapacity("bkk", undefined);
    expect(view.capacity(BKK, PEAK_DAY)).toBe(3);
  });

  it("counts pickups against the peak's pickup limit of the service at the warehouse", () => {
    const net = compile();
    const view = new CapacityView(net);
    const ems = originIndex(net, "thpost-ems", "bkk");
    const kerry = originIndex(net, "kerry-express", "bkk");
    expect(view.remainingPickups(ems, PEAK_DAY)).toBe(2);
    expect(view.remainingPickups(kerry, PEAK_DAY)).toBe(Number.POSITIVE_INFINITY);
    expect(view.remainingPickups(ems, MONDAY)).toBe(Number.POSITIVE_INFINITY);
    view.addPickups("thpost-ems", "bkk", PEAK_DAY, 1);
    expect(view.remainingPickups(ems, PEAK_DAY)).toBe(1);
    view.addPickups("thpost-ems", "bkk", PEAK_DAY, 5);
    expect(view.remainingPickups(ems, PEAK_DAY)).toBe(0);
  });

  it("sets the pickups booked from the store: 2 of EMS's 2 at bkk on the peak day leave 0, and 0 frees both", () => {
    const net = compile();
    const view = new CapacityView(net);
    const ems = originIndex(net, "thpost-ems", "bkk");
    view.addPickups("thpost-ems", "bkk", PEAK_DAY, 1);
    view.setPickups("thpost-ems", "bkk", PEAK_DAY, 2);
    expect(view.pickups("thpost-ems", "bkk", PEAK_DAY)).toBe(2);
    expect(view.remainingPickups(ems, PEAK_DAY)).toBe(0);
    view.setPickups("thpost-ems", "bkk", PEAK_DAY, 0);
    expect(view.remainingPickups(ems, PEAK_DAY)).toBe(2);
  });

  it("bumps its version when pickups are set on a day with a pickup limit, not on a day without", () => {
    const view = new CapacityView(compile());
    const v0 = view.version;
    view.setPickups("thpost-ems", "bkk", MONDAY, 3);
    expect(view.version).toBe(v0);
    view.setPickups("thpost-ems", "bkk", PEAK_DAY, 1);
    const v1 = view.version;
    expect(v1).toBeGreaterThan(v0);
    // The same value again changes no answer.
    view.setPickups("thpost-ems", "bkk", PEAK_DAY, 1);
    expect(view.version).toBe(v1);
    view.setPickups("thpost-ems", "bkk", PEAK_DAY, 2);
    expect(view.version).toBeGreaterThan(v1);
  });

  it("bumps its version on changes that can alter an answer, not on bookings for unlimited days", () => {
    const view = new CapacityView(compile());
    const v0 = view.version;
    view.recordBooking("bkk", MONDAY, 0);
    expect(view.version).toBe(v0);
    view.recordBooking("bkk", PEAK_DAY, 0);
    const v1 = view.version;
    expect(v1).toBeGreaterThan(v0);
    view.setExternalLoad("hcm", MONDAY, 1);
    expect(view.version).toBeGreaterThan(v1);
  });

  it("expects a day to fill at the recent booking rate once it has four bookings", () => {
    const view = new CapacityView(compile());
    view.setCapacity("bkk", 10);
    const t = Date.UTC(2026, 10, 27, 3, 0, 0);
    view.recordBooking("bkk", MONDAY, t);
    view.recordBooking("bkk", MONDAY, t + 60_000);
    view.recordBooking("bkk", MONDAY, t + 120_000);
    expect(view.expectedFullAtMs(BKK, MONDAY)).toBeUndefined();
    view.recordBooking("bkk", MONDAY, t + 180_000);
    // 6 orders left at one per minute after the last booking
    expect(view.expectedFullAtMs(BKK, MONDAY)).toBe(t + 180_000 + 6 * 60_000);
  });

  it("ignores bookings more than two hours older than the newest", () => {
    const view = new CapacityView(compile());
    view.setCapacity("bkk", 100);
    const t = Date.UTC(2026, 10, 27, 0, 0, 0);
    for (let i = 0; i < 3; i++) view.recordBooking("bkk", MONDAY, t + i * 1000);
    const later = t + 3 * 60 * 60 * 1000;
    for (let i = 0; i < 3; i++) view.recordBooking("bkk", MONDAY, later + i * 1000);
    expect(view.expectedFullAtMs(BKK, MONDAY)).toBeUndefined();
    view.recordBooking("bkk", MONDAY, later + 3000);
    // 7 booked, 93 left, one a second
    expect(view.expectedFullAtMs(BKK, MONDAY)).toBe(later + 3000 + 93_000);
  });

  it("takes the store's bookings as the rate window, bumping its version only when they change a limited day", () => {
    const view = new CapacityView(compile());
    view.setCapacity("bkk", 10);
    const t = Date.UTC(2026, 10, 27, 3, 0, 0);
    const min = 60_000;
    // One booking of this process, then the store's four (every process's, oldest first).
    view.recordBooking("bkk", MONDAY, t + 30 * min);
    view.setPromisedLoad("bkk", MONDAY, 4);
    const v0 = view.version;
    view.setBookings("bkk", MONDAY, [t, t + 10 * min, t + 20 * min, t + 30 * min]);
    expect(view.version).toBeGreaterThan(v0);
    // 3 bookings in 30 min: one per 10 min; 6 left -> one hour after the last.
    expect(view.expectedFullAtMs(BKK, MONDAY)).toBe(t + 90 * min);
    const v1 = view.version;
    view.setBookings("bkk", MONDAY, [t, t + 10 * min, t + 20 * min, t + 30 * min]);
    expect(view.version).toBe(v1);
    // 20 bookings a minute apart: the window keeps the last 16 (t+4 to t+19 min), one per
    // minute; with 6 promised, 4 of 10 are left -> 4 minutes after t+19 min.
    view.setPromisedLoad("bkk", MONDAY, 6);
    view.setBookings(
      "bkk",
      MONDAY,
      Array.from({ length: 20 }, (_, i) => t + i * min),
    );
    expect(view.expectedFullAtMs(BKK, MONDAY)).toBe(t + 19 * min + 4 * min);
    view.setBookings("bkk", MONDAY, []);
    expect(view.expectedFullAtMs(BKK, MONDAY)).toBeUndefined();
    // A day without a limit: no answer changes, the version stays.
    view.setCapacity("bkk", null);
    const v2 = view.version;
    view.setBookings("bkk", MONDAY, [t, t + min, t + 2 * min, t + 3 * min]);
    expect(view.version).toBe(v2);
  });

  it("keeps admin capacity by warehouse id across a network reload", () => {
    const view = new CapacityView(compile());
    view.setCapacity("hcm", 7);
    view.setNetwork(compile());
    expect(view.capacity(1, MONDAY)).toBe(7);
  });
});
