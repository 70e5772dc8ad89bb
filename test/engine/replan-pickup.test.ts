import { describe, expect, it } from "vitest";
import { assessRisk, type RiskShipment } from "../../src/engine/assess-risk.js";
import type { CompiledNetwork } from "../../src/engine/compiled-network.js";
import { type Day, formatIsoDay, isoDay } from "../../src/engine/day.js";
import { resolveDestination } from "../../src/engine/resolve-destination.js";
import { compileFixture } from "./fixture-network.js";
import {
  DC_FLOOD_MONDAY,
  KERRY_LANE_TO_SIAM,
  KERRY_OFF_MONDAY,
  LATER_LAST_ORDER_AT_SIAM,
  SHORT_TUESDAY_AT_SIAM,
  SIAM_GONE,
  SLOWER_LANE_TO_SIAM,
  stormAtSiam,
} from "./store-changes-fixture.js";
import { storeNetwork } from "./store-fixture.js";

const STORM_TUESDAY = compileFixture(stormAtSiam());
const STORM_TUESDAY_WEDNESDAY = compileFixture(stormAtSiam("2026-11-25"));
const SHORT_TUESDAY = compileFixture(SHORT_TUESDAY_AT_SIAM);
const SLOWER_LANE = compileFixture(SLOWER_LANE_TO_SIAM);
const DC_FLOOD = compileFixture(DC_FLOOD_MONDAY);
const KERRY = compileFixture(KERRY_LANE_TO_SIAM);
const KERRY_OFF = compileFixture(KERRY_OFF_MONDAY);

interface Case {
  net?: CompiledNetwork;
  confirmedAt: string;
  now: string;
  ready: string;
  legs: Partial<RiskShipment>[];
  storeId?: string | undefined;
}

/** Room per day by `locationId|date`; a day not named has none (Infinity: no limit). */
type Room = Record<string, number>;

/** Carrier pickups left per day by `warehouseId|serviceId|date`; a day not named has none. */
type Left = Record<string, number>;

function risk(c: Case, room?: Room, left?: Left) {
  const net = c.net ?? storeNetwork();
  const ready: Day = isoDay(c.ready);
  const r = assessRisk({
    net,
    zone: resolveDestination(net, { countryCode: "TH", postalCode: "10330" }),
    atMs: Date.parse(c.now),
    confirmedAtMs: Date.parse(c.confirmedAt),
    promisedEarliestDay: ready,
    promisedLatestDay: ready,
    pickupStoreId: c.storeId,
    pickupRoom:
      room === undefined ? undefined : (id, day) => room[`${id}|${formatIsoDay(day)}`] ?? 0,
    pickupsLeft:
      left === undefined
        ? undefined
        : (w, service, day) => left[`${w}|${service}|${formatIsoDay(day)}`] ?? 0,
    shipments: c.legs.map((l) => ({
      warehouseId: "siam",
      serviceId: "pickup",
      shipDay: ready,
      earliestDay: ready,
      latestDay: ready,
      ...l,
    })),
    shipGraceMinutes: 60,
  });
  const day = (d: Day) => (d < 0 ? "none" : formatIsoDay(d));
  return `${r.status} ${r.reasons.join("+")} ${day(r.expectedEarliestDay)}..${day(r.expectedLatestDay)}`;
}

// From Siam's own stock, confirmed Tuesday 24 November 09:00 Bangkok: open, before the 20:00 last
// order, so ready the same day at 11:00. Checked at 10:00.
const OWN: Case = {
  confirmedAt: "2026-11-24T02:00:00Z",
  now: "2026-11-24T03:00:00Z",
  ready: "2026-11-24",
  legs: [{}],
};
// A lamp Siam lacks, confirmed Monday 23 November 10:00 Bangkok: before the lane's 12:00 cut-off
// on a DC working day, so it leaves Monday, arrives Tuesday and is ready Tuesday at 11:00.
// Checked Monday 11:00. Only the transfer is a shipment: the store is known from the promise.
const TRANSFER: Case = {
  confirmedAt: "2026-11-23T03:00:00Z",
  now: "2026-11-23T04:00:00Z",
  ready: "2026-11-24",
  legs: [{ warehouseId: "bkk", shipDay: isoDay("2026-11-23") }],
  storeId: "siam",
};

describe("a confirmed pick-up re-planned from what is true now", () => {
  it("keeps an untouched pick-up on track with its ready day, from the store's stock or by transfer", () => {
    expect(risk(OWN)).toBe("ON_TRACK  2026-11-24..2026-11-24");
    expect(risk(TRANSFER)).toBe("ON_TRACK  2026-11-24..2026-11-24");
    expect(risk({ ...TRANSFER, net: KERRY })).toBe("ON_TRACK  2026-11-24..2026-11-24");
  });

  it("is AT_RISK NETWORK_CHANGED, ready Wednesday, when a storm closes the store on the promised Tuesday", () => {
    expect(risk({ ...OWN, net: STORM_TUESDAY })).toBe(
      "AT_RISK NETWORK_CHANGED 2026-11-25..2026-11-25",
    );
  });

  it("is ready Thursday when the storm closes the store Tuesday and Wednesday", () => {
    expect(risk({ ...OWN, net: STORM_TUESDAY_WEDNESDAY })).toBe(
      "AT_RISK NETWORK_CHANGED 2026-11-26..2026-11-26",
    );
  });

  it("is ready Wednesday when Tuesday's hours shrink to 06:00-09:30 (last order 08:30, before the 09:00 order)", () => {
    expect(risk({ ...OWN, net: SHORT_TUESDAY })).toBe(
      "AT_RISK NETWORK_CHANGED 2026-11-25..2026-11-25",
    );
  });

  it("is ready Wednesday when the transfer lane takes 2 days instead of 1 (leaves Monday, arrives Wednesday)", () => {
    expect(risk({ ...TRANSFER, net: SLOWER_LANE })).toBe(
      "AT_RISK NETWORK_CHANGED 2026-11-25..2026-11-25",
    );
  });

  it("is ready Wednesday when the DC closes on the Monday the transfer was to leave (it leaves Tuesday)", () => {
    expect(risk({ ...TRANSFER, net: DC_FLOOD })).toBe(
      "AT_RISK NETWORK_CHANGED 2026-11-25..2026-11-25",
    );
  });

  it("is ready Wednesday when the lane's carrier (Kerry) stops on the Monday its transfer was to be collected", () => {
    expect(risk({ ...TRANSFER, net: KERRY_OFF })).toBe(
      "AT_RISK NETWORK_CHANGED 2026-11-25..2026-11-25",
    );
  });

  it("waits for the DC's inbound lot when the transfer's stock was cut: lot Wednesday, received Thursday, leaves Thursday, ready Friday", () => {
    expect(
      risk({
        ...TRANSFER,
        legs: [{ ...TRANSFER.legs[0], stockShort: { coverEtaDay: isoDay("2026-11-25") } }],
      }),
    ).toBe("AT_RISK STOCK_SHORT 2026-11-27..2026-11-27");
  });

  it("gives no date when the transfer's stock was cut with nothing inbound, or the store's own stock was cut", () => {
    expect(
      risk({
        ...TRANSFER,
        legs: [{ ...TRANSFER.legs[0], stockShort: { coverEtaDay: undefined } }],
      }),
    ).toBe("AT_RISK STOCK_SHORT none..none");
    // The units a transfer would bring are reserved for no one: no date is promised from them,
    // nor from a lot due at the store (a store's own stock counts only when it is there).
    expect(risk({ ...OWN, legs: [{ stockShort: { coverEtaDay: isoDay("2026-11-25") } }] })).toBe(
      "AT_RISK STOCK_SHORT none..none",
    );
  });

  it("gives no date when the store's pick-up capacity or the transfer's carrier pickups were cut (which later day has room is not known)", () => {
    expect(risk({ ...OWN, legs: [{ capacityCut: true }] })).toBe("AT_RISK CAPACITY_CUT none..none");
    expect(
      risk({ ...TRANSFER, net: KERRY, legs: [{ ...TRANSFER.legs[0], pickupCut: true }] }),
    ).toBe("AT_RISK PICKUP_LIMIT_CUT none..none");
  });

  it("lets the transfer leave on the first later day with a Kerry pickup left when its carrier pickups were cut and the pickups per day are given", () => {
    // The lamp was to leave Monday 23 with Kerry: that pickup was cut. Tuesday has none left,
    // Wednesday 1: it leaves Wednesday, arrives Thursday 26, ready Thursday. With 2 left on
    // Tuesday: it leaves Tuesday, ready Wednesday 25.
    const leg = { ...TRANSFER.legs[0], pickupCut: true };
    const cut = { ...TRANSFER, net: KERRY, legs: [leg] };
    expect(
      risk(cut, undefined, { "bkk|kerry-nd|2026-11-24": 0, "bkk|kerry-nd|2026-11-25": 1 }),
    ).toBe("AT_RISK PICKUP_LIMIT_CUT 2026-11-26..2026-11-26");
    expect(risk(cut, undefined, { "bkk|kerry-nd|2026-11-24": 2 })).toBe(
      "AT_RISK PICKUP_LIMIT_CUT 2026-11-25..2026-11-25",
    );
    // Monday itself, cut, has none whatever the caller says.
    expect(
      risk(cut, undefined, { "bkk|kerry-nd|2026-11-23": 5, "bkk|kerry-nd|2026-11-24": 1 }),
    ).toBe("AT_RISK PICKUP_LIMIT_CUT 2026-11-25..2026-11-25");
  });

  it("is ready on the first later day with room when the store's pick-up capacity on the ready day was cut and the room per day is given: Wednesday full, Thursday", () => {
    // Tuesday is cut (this promise is beyond the new limit); Wednesday has no room, Thursday 1.
    const room = { "siam|2026-11-25": 0, "siam|2026-11-26": 1 };
    expect(risk({ ...OWN, legs: [{ capacityCut: true }] }, room)).toBe(
      "AT_RISK CAPACITY_CUT 2026-11-26..2026-11-26",
    );
  });

  it("lets the transfer leave on the DC's first later day with room when the DC's capacity on its day was cut, and then waits for room at the store", () => {
    // The lamp was to leave Monday 23: the DC has no room Tuesday, 3 on Wednesday: it leaves
    // Wednesday, arrives Thursday 26. Siam has room Thursday: ready Thursday; none Thursday and
    // 2 on Friday: ready Friday.
    const leg = { ...TRANSFER.legs[0], capacityCut: true };
    const dc = { "bkk|2026-11-24": 0, "bkk|2026-11-25": 3 };
    expect(risk({ ...TRANSFER, legs: [leg] }, { ...dc, "siam|2026-11-26": 1 })).toBe(
      "AT_RISK CAPACITY_CUT 2026-11-26..2026-11-26",
    );
    expect(
      risk({ ...TRANSFER, legs: [leg] }, { ...dc, "siam|2026-11-26": 0, "siam|2026-11-27": 2 }),
    ).toBe("AT_RISK CAPACITY_CUT 2026-11-27..2026-11-27");
  });

  it("reads no room when nothing was cut: a storm's new ready day is not held back by a full day", () => {
    expect(risk({ ...OWN, net: STORM_TUESDAY }, {})).toBe(
      "AT_RISK NETWORK_CHANGED 2026-11-25..2026-11-25",
    );
  });

  it("is never expected earlier than promised: a Wednesday pick-up stays Wednesday when the last order moves from 20:00 to 21:30", () => {
    // Confirmed Tuesday 20:30, after the 20:00 last order: ready Wednesday 11:00. With the last
    // order at 21:30 (21:00 with closing 22:00 less preparation) it would be ready Tuesday; the
    // expected day stays the promised one.
    const later = compileFixture(LATER_LAST_ORDER_AT_SIAM);
    const tuesdayNight = {
      ...OWN,
      confirmedAt: "2026-11-24T13:30:00Z",
      now: "2026-11-24T14:30:00Z",
      ready: "2026-11-25",
    };
    expect(risk(tuesdayNight)).toBe("ON_TRACK  2026-11-25..2026-11-25");
    expect(risk({ ...tuesdayNight, net: later })).toBe("ON_TRACK  2026-11-25..2026-11-25");
  });

  it("is AT_RISK NETWORK_CHANGED with no date when the store is no longer in the network", () => {
    const gone = compileFixture(SIAM_GONE);
    expect(risk({ ...OWN, net: gone, storeId: "siam" })).toBe("AT_RISK NETWORK_CHANGED none..none");
  });
});
