import { describe, expect, it } from "vitest";
import { isoDay } from "../../src/engine/day.js";
import type { RiskCandidate } from "../../src/events/promise-event-store.js";
import { networkPathChanges } from "../../src/risk/network-path-changes.js";
import { onChangedPath } from "../../src/risk/risk-pass.js";
import { compileFixture } from "../engine/fixture-network.js";
import {
  DC_FLOOD_MONDAY,
  KERRY_LANE_TO_SIAM,
  KERRY_OFF_MONDAY,
  PICKUP_NETWORK,
  SLOWER_LANE_TO_SIAM,
  stormAtSiam,
} from "../engine/store-changes-fixture.js";

const before = compileFixture(PICKUP_NETWORK);
const changes = (yaml: string, from = before) => networkPathChanges(from, compileFixture(yaml));

/** A pick-up at `store`, ready on `ready`, its one shipment a transfer from Bangkok DC. */
function transferPickup(store: string, ready: string): RiskCandidate {
  const day = isoDay(ready);
  return {
    id: "p",
    status: "confirmed",
    createdAtMs: 0,
    riskStatus: null,
    riskSinceMs: null,
    riskJson: null,
    countryCode: "TH",
    postalCode: "10330",
    province: "",
    promisedEarliestDay: day,
    promisedLatestDay: day,
    legs: [
      {
        warehouseId: "bkk",
        serviceId: "pickup",
        shipDay: isoDay("2026-11-23"),
        earliestDay: day,
        latestDay: day,
        state: null,
        stateAtMs: 0,
        shippedDay: null,
        deliveredDay: null,
      },
    ],
    pickupStoreId: store,
  };
}

describe("what a reload changes on pick-up paths", () => {
  it("lists nothing when the same file is loaded again", () => {
    expect(changes(PICKUP_NETWORK)).toEqual({ all: false, origins: new Map() });
  });

  it("lists the store closed by a storm from Tuesday 24 November, and nothing else", () => {
    expect(changes(stormAtSiam())).toEqual({
      all: false,
      origins: new Map([["siam|pickup", isoDay("2026-11-24")]]),
    });
  });

  it("lists the store from its first day when its lane takes longer", () => {
    expect(changes(SLOWER_LANE_TO_SIAM).origins).toEqual(
      new Map([["siam|pickup", Number.MIN_SAFE_INTEGER]]),
    );
  });

  it("lists the store from Monday 23 November when the DC its lane leaves from closes that day", () => {
    expect(changes(DC_FLOOD_MONDAY).origins.get("siam|pickup")).toBe(isoDay("2026-11-23"));
  });

  it("lists the store from the first change of its lane's carrier origin when Kerry stops on Monday", () => {
    const paths = changes(KERRY_OFF_MONDAY, compileFixture(KERRY_LANE_TO_SIAM));
    const origin = paths.origins.get("bkk|kerry-nd");
    expect(origin).toBeDefined();
    expect(origin! <= isoDay("2026-11-23")).toBe(true);
    expect(paths.origins.get("siam|pickup")).toBe(origin);
  });

  it("re-checks a transfer-only pick-up at the stormy store ready on or after Tuesday, not one ready Monday nor one at another store", () => {
    const { origins } = changes(stormAtSiam());
    expect(onChangedPath(transferPickup("siam", "2026-11-24"), origins)).toBe(true);
    expect(onChangedPath(transferPickup("siam", "2026-11-23"), origins)).toBe(false);
    expect(onChangedPath(transferPickup("ladprao", "2026-11-25"), origins)).toBe(false);
  });
});
