import { parse } from "yaml";
import type { CompiledNetwork } from "../../src/engine/compiled-network.js";
import { isoDay } from "../../src/engine/day.js";
import { compileNetwork } from "../../src/network/compile-network.js";
import { networkFileSchema } from "../../src/network/network-schema.js";

/**
 * A small network whose every rule the engine tests pin with dates worked out by hand:
 * - bkk (Asia/Bangkok, UTC+7, Mon-Sat, cut-off 14:00 = 07:00Z): TH holidays plus the substitute
 *   Monday 2026-12-07 for Saturday 2026-12-05;
 * - hcm (Asia/Ho_Chi_Minh, UTC+7, Mon-Sat, cut-off 15:00 = 08:00Z): VN holidays (Tet 02-16..02-20);
 * - cnx (Chiang Mai, UTC+7, Mon-Fri, cut-off 13:00 = 06:00Z): Kerry only, 2 days to anywhere;
 * - ams (Europe/Amsterdam, Mon-Fri, cut-off 16:00: 15:00Z in winter, 14:00Z in summer).
 * Carriers: kerry (TH public holidays as the library has them: it works the substitute Monday),
 * thpost (TH holidays plus the substitute, closed over Songkran 13-16 April), flash (TH, picks up
 * and delivers Mon-Fri), ghn (VN, closed 2026-02-14..2026-02-22 for Tet), postnl (NL).
 */
export const FIXTURE_YAML = `
version: 1
warehouses:
  - id: bkk
    name: Bangkok DC
    time_zone: Asia/Bangkok
    holidays: { country: TH, add: [{ date: 2026-12-07, name: Substitute for King Bhumibol's Birthday }] }
    working_days: [mon, tue, wed, thu, fri, sat]
    cutoff: { default: "14:00" }
    handling_days: 0
    receiving_days: 1
  - id: hcm
    name: Ho Chi Minh City DC
    time_zone: Asia/Ho_Chi_Minh
    holidays: { country: VN }
    working_days: [mon, tue, wed, thu, fri, sat]
    cutoff: { default: "15:00" }
  - id: cnx
    name: Chiang Mai DC
    time_zone: Asia/Bangkok
    holidays: { country: TH }
    working_days: [mon, tue, wed, thu, fri]
    cutoff: { default: "13:00" }
  - id: ams
    name: Amsterdam DC
    time_zone: Europe/Amsterdam
    holidays: { country: NL }
    working_days: [mon, tue, wed, thu, fri]
    cutoff: { default: "16:00" }
carriers:
  - id: kerry
    name: Kerry Express
    holidays: { country: TH }
  - id: thpost
    name: Thailand Post
    holidays: { country: TH, add: [{ date: 2026-12-07, name: Substitute for King Bhumibol's Birthday }] }
    closures: [{ from: 2026-04-13, to: 2026-04-16, name: Songkran stop }]
  - id: flash
    name: Flash Express
    holidays: { country: TH }
  - id: ghn
    name: Giao Hang Nhanh
    holidays: { country: VN }
    closures: [{ from: 2026-02-14, to: 2026-02-22, name: Tet shutdown }]
  - id: postnl
    name: PostNL
    holidays: { country: NL }
services:
  - id: kerry-nd
    carrier: kerry
    name: Kerry Next Day
    level: next_day
    pickup_days: [mon, tue, wed, thu, fri, sat]
    delivery_days: [mon, tue, wed, thu, fri, sat]
    origins: [{ warehouse: bkk, pickup_cutoff: "16:00" }, { warehouse: cnx, pickup_cutoff: "16:00" }]
    lanes:
      - { from: bkk, to: [th-metro, th-up, th-remote], transit_days: { min: 1, max: 1 } }
      - { from: cnx, to: [th-metro, th-up], transit_days: { min: 2, max: 2 } }
    price: { currency: THB, amount: 45 }
  - id: flash-std
    carrier: flash
    name: Flash Standard
    level: standard
    pickup_days: [mon, tue, wed, thu, fri]
    delivery_days: [mon, tue, wed, thu, fri]
    origins: [{ warehouse: bkk, pickup_cutoff: "17:00" }]
    lanes: [{ from: bkk, to: [th-metro, th-up], transit_days: { min: 1, max: 1 } }]
    price: { currency: THB, amount: 30, free_over: 500 }
  - id: ems
    carrier: thpost
    name: EMS
    level: express
    pickup_days: [mon, tue, wed, thu, fri, sat]
    delivery_days: [mon, tue, wed, thu, fri, sat]
    origins: [{ warehouse: bkk, pickup_cutoff: "15:00", handling_days: 2 }]
    lanes: [{ from: bkk, to: [th-metro, th-up], transit_days: { min: 1, max: 3 } }]
    price: { currency: THB, amount: 40 }
  - id: bkk-sameday
    carrier: kerry
    name: Bangkok Same Day
    level: same_day
    pickup_days: [mon, tue, wed, thu, fri, sat]
    delivery_days: [mon, tue, wed, thu, fri, sat, sun]
    origins: [{ warehouse: bkk, pickup_cutoff: "12:00" }]
    lanes: [{ from: bkk, to: [th-metro], transit_days: { min: 0, max: 0 } }]
    price: { currency: THB, amount: 120 }
  - id: ghn-std
    carrier: ghn
    name: GHN Standard
    level: standard
    pickup_days: [mon, tue, wed, thu, fri, sat]
    delivery_days: [mon, tue, wed, thu, fri, sat]
    origins: [{ warehouse: hcm, pickup_cutoff: "17:00" }]
    lanes: [{ from: hcm, to: [vn-hcm], transit_days: { min: 1, max: 2 } }]
    price: { currency: VND, amount: 25000 }
  - id: postnl-std
    carrier: postnl
    name: PostNL Standard
    level: standard
    pickup_days: [mon, tue, wed, thu, fri]
    delivery_days: [tue, wed, thu, fri, sat]
    origins: [{ warehouse: ams, pickup_cutoff: "18:00" }]
    lanes: [{ from: ams, to: [nl], transit_days: { min: 1, max: 1 } }]
    price: { currency: EUR, amount: 4.95 }
zones:
  - { id: th-metro, country: TH, postal_prefixes: ["10", "11"] }
  - { id: th-up, country: TH, postal_prefixes: [""] }
  - id: th-remote
    country: TH
    postal_prefixes: ["84280"]
    remote: { surcharge: { currency: THB, amount: 50 }, extra_transit_days: 1 }
  - { id: vn-hcm, country: VN, postal_prefixes: ["70"] }
  - { id: nl, country: NL, postal_prefixes: [""] }
`;

/** "Today" for the compiled horizon: the tests ask about 2026 dates, well inside it. */
export const FIXTURE_TODAY = isoDay("2026-11-23");

let cached: CompiledNetwork | undefined;

export function fixtureNetwork(): CompiledNetwork {
  cached ??= compileNetwork(networkFileSchema.parse(parse(FIXTURE_YAML)), {
    todayDay: FIXTURE_TODAY,
    version: "fixture",
  });
  return cached;
}

/** Parses and compiles a variant of the fixture (edited YAML). */
export function compileFixture(yaml: string): CompiledNetwork {
  return compileNetwork(networkFileSchema.parse(parse(yaml)), { todayDay: FIXTURE_TODAY });
}
