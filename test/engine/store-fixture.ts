import type { CompiledNetwork } from "../../src/engine/compiled-network.js";
import { compileFixture, FIXTURE_YAML } from "./fixture-network.js";

/**
 * The engine fixture plus four pick-up stores, for pick-up tests:
 * - siam (Bangkok, UTC+7): open every day 10:00-22:00, last order 20:00, 60 min preparation, held
 *   3 open days, 2 pick-ups a day, serves th-metro; 2026-12-31 open 10:00-18:00 only; transfer
 *   from bkk (cut-off 12:00 Bangkok, 1 day).
 * - ladprao (Bangkok): Mon-Sat 10:00-21:00 (closed Sundays), last order 19:00, 30 min, TH public
 *   holidays (Constitution Day Thu 2026-12-10), serves th-metro and 30 km around it.
 * - rangsit (Pathum Thani): every day 10:00-21:00, serves only 15 km around it.
 * - ams-store (Europe/Amsterdam; DST ends Sun 2026-10-25): Mon-Sat 09:00-18:00, last order 16:00,
 *   120 min preparation, held 2 open days, serves nl.
 */
export const STORES_YAML = `
stores:
  - id: siam
    name: Siam Paragon pick-up
    address: 991 Rama I Rd, Pathum Wan, Bangkok 10330
    lat: 13.7462
    lon: 100.5347
    time_zone: Asia/Bangkok
    country: TH
    opening_hours: { mon: "10:00-22:00", tue: "10:00-22:00", wed: "10:00-22:00", thu: "10:00-22:00", fri: "10:00-22:00", sat: "10:00-22:00", sun: "10:00-22:00" }
    hours_overrides: { "2026-12-31": "10:00-18:00" }
    prep_minutes: 60
    last_order_time: "20:00"
    hold_days: 3
    daily_pickup_capacity: 2
    serves: { zones: [th-metro] }
    transfers: [{ from: bkk, cutoff: "12:00", transit_days: 1 }]
    price: { currency: THB, amount: 0 }
  - id: ladprao
    name: Central Ladprao pick-up
    address: 1693 Phahonyothin Rd, Chatuchak, Bangkok 10900
    lat: 13.8163
    lon: 100.5613
    time_zone: Asia/Bangkok
    country: TH
    opening_hours: { mon: "10:00-21:00", tue: "10:00-21:00", wed: "10:00-21:00", thu: "10:00-21:00", fri: "10:00-21:00", sat: "10:00-21:00" }
    holidays: { country: TH }
    prep_minutes: 30
    last_order_time: "19:00"
    serves: { zones: [th-metro], radius_km: 30 }
    price: { currency: THB, amount: 20 }
  - id: rangsit
    name: Future Park Rangsit pick-up
    address: 94 Phahonyothin Rd, Thanyaburi, Pathum Thani 12130
    lat: 14.0376
    lon: 100.6168
    time_zone: Asia/Bangkok
    country: TH
    opening_hours: { mon: "10:00-21:00", tue: "10:00-21:00", wed: "10:00-21:00", thu: "10:00-21:00", fri: "10:00-21:00", sat: "10:00-21:00", sun: "10:00-21:00" }
    last_order_time: "19:00"
    serves: { radius_km: 15 }
    price: { currency: THB, amount: 0 }
  - id: ams-store
    name: Amsterdam Centrum pick-up
    address: Damrak 1, 1012 LG Amsterdam
    lat: 52.3765
    lon: 4.8980
    time_zone: Europe/Amsterdam
    country: NL
    opening_hours: { mon: "09:00-18:00", tue: "09:00-18:00", wed: "09:00-18:00", thu: "09:00-18:00", fri: "09:00-18:00", sat: "09:00-18:00" }
    prep_minutes: 120
    last_order_time: "16:00"
    hold_days: 2
    serves: { zones: [nl] }
    price: { currency: EUR, amount: 0 }
`;

/** The engine fixture with Kerry Next Day schedulable over 14 days (deliver-on tests). */
export const SCHEDULABLE_YAML = FIXTURE_YAML.replace(
  "    price: { currency: THB, amount: 45 }",
  "    price: { currency: THB, amount: 45 }\n    schedulable: true\n    schedule_days: 14",
);

let cached: CompiledNetwork | undefined;

export function storeNetwork(): CompiledNetwork {
  cached ??= compileFixture(FIXTURE_YAML + STORES_YAML);
  return cached;
}
