import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { networkFileSchema } from "../../src/network/network-schema.js";
import type { StockShortfall } from "../../src/risk/rank-shortfalls.js";
import { assessSelected, RiskPass, type RiskPassResult } from "../../src/risk/risk-pass.js";
import { LiveView } from "../../src/view/live-view.js";
import { FIXTURE_YAML } from "../engine/fixture-network.js";
import { confirmBare, type Engines, openEngines } from "../events/support.js";

// Wednesday 2026-11-25 10:00 in Bangkok (03:00Z), before bkk's 14:00 cut-off (07:00Z).
const NOW = Date.parse("2026-11-25T03:00:00Z");
const LONGER_LANE = FIXTURE_YAML.replace(
  "lanes: [{ from: bkk, to: [th-metro, th-up], transit_days: { min: 1, max: 1 } }]\n    price: { currency: THB, amount: 30",
  "lanes: [{ from: bkk, to: [th-metro, th-up], transit_days: { min: 1, max: 2 } }]\n    price: { currency: THB, amount: 30",
);

function shipment(warehouseId: string, serviceId: string, delivery: string) {
  return {
    warehouseId,
    serviceId,
    shipDate: "2026-11-25",
    deliveryEarliest: delivery,
    deliveryLatest: delivery,
    lines: [{ sku: "TEE", quantity: 1 }],
    priceCents: 0,
    backorder: false,
  };
}

/** Shipped Wednesday 11-25, delivered Thursday 11-26 (the window the engine gives at NOW). */
function payload(postalCode: string, ...shipments: ReturnType<typeof shipment>[]) {
  const latest = shipments.map((s) => s.deliveryLatest).sort();
  return {
    lines: [{ sku: "TEE", quantity: 1 }],
    destination: { countryCode: "TH", postalCode, province: "" },
    serviceId: shipments[0]!.serviceId,
    deliveryEarliest: latest[0],
    deliveryLatest: latest[latest.length - 1],
    shipments,
  };
}

const FLASH_METRO = () => payload("10110", shipment("bkk", "flash-std", "2026-11-26"));
/**
 * The fixture's promises, mixed lanes: three to Bangkok with Flash in one minute (one group),
 * two upcountry with Flash (another), two with Kerry (a lane the reload leaves alone), one
 * shipped already, one of two shipments (bkk with Flash, cnx with Kerry: 2 days), one the stock
 * cut names, one confirmed after the cut-off (a group of its own).
 */
async function confirmFixture(db: Engines): Promise<void> {
  for (const [id, at] of [
    ["m1", 0],
    ["m2", 10_000],
    ["m3", 20_000],
  ] as const) {
    await confirmBare(db.store, id, NOW + at, FLASH_METRO());
  }
  for (const [id, at] of [
    ["u1", 30_000],
    ["u2", 40_000],
  ] as const) {
    await confirmBare(
      db.store,
      id,
      NOW + at,
      payload("50000", shipment("bkk", "flash-std", "2026-11-26")),
    );
  }
  for (const id of ["k1", "k2"]) {
    await confirmBare(
      db.store,
      id,
      NOW + 50_000,
      payload("10110", shipment("bkk", "kerry-nd", "2026-11-26")),
    );
  }
  await confirmBare(db.store, "f1", NOW + 60_000, FLASH_METRO());
  await db.store.fulfilPromise("f1", NOW + 70_000);
  await confirmBare(
    db.store,
    "t1",
    NOW + 80_000,
    payload(
      "10110",
      shipment("bkk", "flash-std", "2026-11-26"),
      shipment("cnx", "kerry-nd", "2026-11-27"),
    ),
  );
  await confirmBare(db.store, "c1", NOW + 90_000, FLASH_METRO());
  // 14:00:30 in Bangkok: after the cut-off.
  await confirmBare(db.store, "a1", Date.parse("2026-11-25T07:00:30Z"), FLASH_METRO());
}

const IDS = ["m1", "m2", "m3", "u1", "u2", "k1", "k2", "f1", "t1", "c1", "a1"];
const CUTS = {
  short: new Map<string, StockShortfall>([["c1|bkk", { coverEtaDay: undefined }]]),
  capacity: new Set<string>(),
  pickup: new Set<string>(),
};

describe("a risk pass over groups of promises with the same inputs (SQLite)", () => {
  let grouped: Engines;
  let single: Engines;
  beforeEach(async () => {
    grouped = await openEngines("sqlite");
    single = await openEngines("sqlite");
    await confirmFixture(grouped);
    await confirmFixture(single);
  });
  afterEach(async () => {
    await grouped.close();
    await single.close();
  });

  /** A full pass at `atMs` over the network `yaml`, pages of 3 shipments, grouped or not. */
  const pass = async (db: Engines, yaml: string, atMs: number, groups: boolean) => {
    const live = new LiveView({
      file: networkFileSchema.parse(parse(yaml)),
      clock: () => NOW,
      seedStock: false,
    });
    const p = new RiskPass({
      net: live.network,
      atMs,
      cuts: CUTS,
      events: db.events,
      shipGraceMinutes: 60,
    });
    await assessSelected(p, db.events, { kind: "all" }, 3, groups);
    return p.done();
  };
  const risks = async (db: Engines) => {
    const out: Record<string, string> = {};
    for (const id of IDS) {
      const r = await db.events.riskOf(id);
      out[id] =
        r === null
          ? "-"
          : `${r.status} ${r.reasons.join("+")} ${r.expectedEarliest}..${r.expectedLatest} ${r.sinceMs - NOW}`;
    }
    return out;
  };
  const events = async (db: Engines) =>
    (await db.events.readEvents(0, 100))
      .filter((e) => e.kind !== "CONFIRMED" && e.kind !== "SHIPPED")
      .map((e) => `${e.promiseId} ${e.kind} ${e.risk?.reasons.join("+")} ${e.atMs - NOW}`)
      .sort();
  const counts = (r: RiskPassResult) => [r.promises, r.changed, r.byStatus];

  it("gives every promise the risk a one-by-one pass gives, through a reload and back", async () => {
    // Kerry's lane did not change: its promises stay on track (never assessed, no write).
    const expected = {
      m1: "AT_RISK NETWORK_CHANGED 2026-11-26..2026-11-27 3600000",
      m2: "AT_RISK NETWORK_CHANGED 2026-11-26..2026-11-27 3600000",
      m3: "AT_RISK NETWORK_CHANGED 2026-11-26..2026-11-27 3600000",
      u1: "AT_RISK NETWORK_CHANGED 2026-11-26..2026-11-27 3600000",
      u2: "AT_RISK NETWORK_CHANGED 2026-11-26..2026-11-27 3600000",
      k1: "ON_TRACK  2026-11-26..2026-11-26 50000",
      k2: "ON_TRACK  2026-11-26..2026-11-26 50000",
      // Shipped Wednesday: Flash in 1-2 days, Thursday..Friday.
      f1: "AT_RISK  2026-11-26..2026-11-27 3600000",
      // cnx's Kerry shipment (2 days) was the later one already: Friday is still in time.
      t1: "ON_TRACK  2026-11-26..2026-11-27 80000",
      // The cut names it: short with no inbound lot, no date to give.
      c1: "AT_RISK STOCK_SHORT .. 3600000",
      // After Wednesday's cut-off: ships Thursday, 1-2 days, Friday..Monday (Flash: Mon-Fri).
      a1: "AT_RISK NETWORK_CHANGED 2026-11-27..2026-11-30 3600000",
    };
    const g = await pass(grouped, LONGER_LANE, NOW + 3_600_000, true);
    const s = await pass(single, LONGER_LANE, NOW + 3_600_000, false);
    expect(counts(g)).toEqual(counts(s));
    expect(g.promises).toBe(11);
    const after = await risks(grouped);
    expect(after).toEqual(await risks(single));
    expect(after).toEqual(expected);
    expect(await events(grouped)).toEqual(await events(single));

    // The lane back, an hour later: BACK_ON_TRACK since then; the same stays as it was.
    const g2 = await pass(grouped, FIXTURE_YAML, NOW + 7_200_000, true);
    const s2 = await pass(single, FIXTURE_YAML, NOW + 7_200_000, false);
    expect(counts(g2)).toEqual(counts(s2));
    const back = await risks(grouped);
    expect(back).toEqual(await risks(single));
    expect(back).toMatchObject({
      m1: "ON_TRACK  2026-11-26..2026-11-26 7200000",
      u2: "ON_TRACK  2026-11-26..2026-11-26 7200000",
      k1: "ON_TRACK  2026-11-26..2026-11-26 50000",
    });
    expect(await events(grouped)).toEqual(await events(single));
  });
});
