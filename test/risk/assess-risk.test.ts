import { describe, expect, it } from "vitest";
import {
  assessRisk,
  type Risk,
  type RiskQuery,
  type RiskShipment,
} from "../../src/engine/assess-risk.js";
import type { CompiledNetwork } from "../../src/engine/compiled-network.js";
import { formatIsoDay, isoDay } from "../../src/engine/day.js";
import { resolveDestination } from "../../src/engine/resolve-destination.js";
import { compileFixture, FIXTURE_YAML, fixtureNetwork } from "../engine/fixture-network.js";

// A promise confirmed Tuesday 2026-11-24 09:00 in Bangkok (02:00Z) from bkk (cut-off 14:00 =
// 07:00Z, receiving 1 day) with Flash Standard (picks up and delivers Mon-Fri, 1 day to 10110):
// ship Tue 11-24, delivered Wed 11-25.
const CONFIRMED = Date.parse("2026-11-24T02:00:00Z");
const promised: RiskShipment = {
  warehouseId: "bkk",
  serviceId: "flash-std",
  shipDay: isoDay("2026-11-24"),
  earliestDay: isoDay("2026-11-25"),
  latestDay: isoDay("2026-11-25"),
};

function risk(
  at: string,
  shipment: Partial<RiskShipment> = {},
  net: CompiledNetwork = fixtureNetwork(),
  previous?: RiskQuery["previous"],
): Risk {
  return assessRisk({
    net,
    zone: resolveDestination(net, { countryCode: "TH", postalCode: "10110" }),
    atMs: Date.parse(at),
    confirmedAtMs: CONFIRMED,
    promisedEarliestDay: isoDay("2026-11-25"),
    promisedLatestDay: isoDay("2026-11-25"),
    shipments: [{ ...promised, ...shipment }],
    shipGraceMinutes: 60,
    previous,
  });
}

function summary(r: Risk) {
  return {
    status: r.status,
    reasons: r.reasons,
    expected:
      r.expectedLatestDay < 0
        ? "none"
        : `${formatIsoDay(r.expectedEarliestDay)}..${formatIsoDay(r.expectedLatestDay)}`,
  };
}

describe("assessRisk", () => {
  it("keeps a promise nothing touched on track with its own window", () => {
    expect(summary(risk("2026-11-24T03:00:00Z"))).toEqual({
      status: "ON_TRACK",
      reasons: [],
      expected: "2026-11-25..2026-11-25",
    });
  });

  it("moves a promise beyond a cut capacity to Wednesday's pickup, delivered Thursday", () => {
    expect(summary(risk("2026-11-24T03:00:00Z", { capacityCut: true }))).toEqual({
      status: "AT_RISK",
      reasons: ["CAPACITY_CUT"],
      expected: "2026-11-26..2026-11-26",
    });
  });

  it("moves a promise beyond a cut pickup limit the same way", () => {
    expect(summary(risk("2026-11-24T03:00:00Z", { pickupCut: true }))).toEqual({
      status: "AT_RISK",
      reasons: ["PICKUP_LIMIT_CUT"],
      expected: "2026-11-26..2026-11-26",
    });
  });

  it("waits for the covering inbound lot: ETA Thu 11-26 + 1 receiving day = ship Fri, delivered Mon 11-30", () => {
    expect(
      summary(risk("2026-11-24T03:00:00Z", { stockShort: { coverEtaDay: isoDay("2026-11-26") } })),
    ).toEqual({ status: "AT_RISK", reasons: ["STOCK_SHORT"], expected: "2026-11-30..2026-11-30" });
  });

  it("gives no window when no inbound lot covers a stock shortage", () => {
    expect(
      summary(risk("2026-11-24T03:00:00Z", { stockShort: { coverEtaDay: undefined } })),
    ).toEqual({ status: "AT_RISK", reasons: ["STOCK_SHORT"], expected: "none" });
  });

  it("is on track until the cut-off plus the 60-minute grace, then not shipped on time", () => {
    expect(risk("2026-11-24T07:59:00Z").status).toBe("ON_TRACK");
    expect(summary(risk("2026-11-24T08:01:00Z"))).toEqual({
      status: "AT_RISK",
      reasons: ["NOT_SHIPPED_ON_TIME"],
      expected: "2026-11-26..2026-11-26",
    });
  });

  it("names a network change that lengthens the lane (transit max 1 -> 2)", () => {
    const longer = compileFixture(
      FIXTURE_YAML.replace(
        "lanes: [{ from: bkk, to: [th-metro, th-up], transit_days: { min: 1, max: 1 } }]\n    price: { currency: THB, amount: 30",
        "lanes: [{ from: bkk, to: [th-metro, th-up], transit_days: { min: 1, max: 2 } }]\n    price: { currency: THB, amount: 30",
      ),
    );
    expect(summary(risk("2026-11-24T03:00:00Z", {}, longer))).toEqual({
      status: "AT_RISK",
      reasons: ["NETWORK_CHANGED"],
      expected: "2026-11-25..2026-11-26",
    });
  });

  it("says shipped late when it left Wednesday instead of Tuesday", () => {
    expect(summary(risk("2026-11-25T03:00:00Z", { shippedDay: isoDay("2026-11-25") }))).toEqual({
      status: "AT_RISK",
      reasons: ["SHIPPED_LATE"],
      expected: "2026-11-26..2026-11-26",
    });
  });

  it("says carrier delay after a failed delivery Wednesday: next attempt Thursday, late by then", () => {
    expect(
      summary(
        risk("2026-11-25T12:00:00Z", {
          shippedDay: isoDay("2026-11-24"),
          deliveryFailedDay: isoDay("2026-11-25"),
        }),
      ),
    ).toEqual({
      status: "AT_RISK",
      reasons: ["CARRIER_DELAY"],
      expected: "2026-11-26..2026-11-26",
    });
  });

  it("is late once the promised latest day has passed undelivered", () => {
    expect(risk("2026-11-26T03:00:00Z", { shippedDay: isoDay("2026-11-24") }).status).toBe("LATE");
  });

  it("ends kept when delivered by the latest day and broken when after it", () => {
    const shipped = { shippedDay: isoDay("2026-11-24") };
    expect(
      summary(risk("2026-11-25T10:00:00Z", { ...shipped, deliveredDay: isoDay("2026-11-25") })),
    ).toEqual({
      status: "KEPT",
      reasons: [],
      expected: "2026-11-25..2026-11-25",
    });
    expect(
      summary(risk("2026-11-26T10:00:00Z", { ...shipped, deliveredDay: isoDay("2026-11-26") })),
    ).toEqual({
      status: "BROKEN",
      reasons: ["CARRIER_DELAY"],
      expected: "2026-11-26..2026-11-26",
    });
  });

  it("keeps `since` while the status holds and restarts it when the status changes", () => {
    const since = Date.parse("2026-11-24T02:30:00Z");
    expect(
      risk("2026-11-24T03:00:00Z", { capacityCut: true }, undefined, {
        status: "AT_RISK",
        sinceMs: since,
      }).sinceMs,
    ).toBe(since);
    expect(
      risk("2026-11-24T03:00:00Z", {}, undefined, { status: "AT_RISK", sinceMs: since }).sinceMs,
    ).toBe(Date.parse("2026-11-24T03:00:00Z"));
  });
});
