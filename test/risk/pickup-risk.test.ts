import { describe, expect, it } from "vitest";
import { assessRisk, type RiskShipment } from "../../src/engine/assess-risk.js";
import { formatIsoDay, isoDay } from "../../src/engine/day.js";
import { resolveDestination } from "../../src/engine/resolve-destination.js";
import { storeNetwork } from "../engine/store-fixture.js";

// A pick-up confirmed Tuesday 2026-11-24 09:00 in Bangkok, ready at Siam the same day.
const net = storeNetwork();
const pickup: RiskShipment = {
  warehouseId: "siam",
  serviceId: "pickup",
  shipDay: isoDay("2026-11-24"),
  earliestDay: isoDay("2026-11-24"),
  latestDay: isoDay("2026-11-24"),
};

function risk(shipment: Partial<RiskShipment> = {}) {
  const r = assessRisk({
    net,
    zone: resolveDestination(net, { countryCode: "TH", postalCode: "10330" }),
    atMs: Date.parse("2026-11-24T03:00:00Z"),
    confirmedAtMs: Date.parse("2026-11-24T02:00:00Z"),
    promisedEarliestDay: isoDay("2026-11-24"),
    promisedLatestDay: isoDay("2026-11-24"),
    shipments: [{ ...pickup, ...shipment }],
    shipGraceMinutes: 60,
  });
  return { status: r.status, reasons: r.reasons, latest: formatIsoDay(r.expectedLatestDay) };
}

describe("risk of a pick-up promise", () => {
  it("keeps an untouched pick-up on track with its ready date (re-planned at Siam: still ready that day)", () => {
    expect(risk()).toEqual({ status: "ON_TRACK", reasons: [], latest: "2026-11-24" });
  });

  it("is AT_RISK, with no date it can promise, when the carrier pickups its transfer holds were cut beyond it (PICKUP_LIMIT_CUT), or the store's capacity (CAPACITY_CUT)", () => {
    const transferCut = risk({
      warehouseId: "bkk",
      shipDay: isoDay("2026-11-23"),
      pickupCut: true,
    });
    expect([transferCut.status, transferCut.reasons]).toEqual(["AT_RISK", ["PICKUP_LIMIT_CUT"]]);
    const storeCut = risk({ capacityCut: true });
    expect([storeCut.status, storeCut.reasons]).toEqual(["AT_RISK", ["CAPACITY_CUT"]]);
  });
});
