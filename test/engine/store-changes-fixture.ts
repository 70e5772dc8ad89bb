import { FIXTURE_YAML } from "./fixture-network.js";
import { STORES_YAML } from "./store-fixture.js";

/**
 * Reloads of the pick-up fixture (FIXTURE_YAML + STORES_YAML) that change Siam's path, as whole
 * network files. Siam: open every day 10:00-22:00 Bangkok, last order 20:00, 60 minutes'
 * preparation; its lane from Bangkok DC (Mon-Sat, one receiving day) has a 12:00 cut-off and 1
 * day on the road, on the DC's own van.
 */
const SIAM_LANE = 'transfers: [{ from: bkk, cutoff: "12:00", transit_days: 1 }]';
const SIAM_HOURS = 'hours_overrides: { "2026-12-31": "10:00-18:00" }';
const KERRY = "  - id: kerry\n    name: Kerry Express\n    holidays: { country: TH }\n";

export const PICKUP_NETWORK = FIXTURE_YAML + STORES_YAML;

/** A storm closes Siam on Tuesday 24 November 2026 (or from Tuesday to `to`). */
export function stormAtSiam(to = "2026-11-24"): string {
  return (
    FIXTURE_YAML +
    STORES_YAML.replace(
      SIAM_HOURS,
      `${SIAM_HOURS}\n    closures: [{ from: 2026-11-24, to: ${to}, name: Storm }]`,
    )
  );
}

/** Siam open only 06:00-09:30 on Tuesday 24 November: its last order instant that day is 08:30. */
export const SHORT_TUESDAY_AT_SIAM =
  FIXTURE_YAML +
  STORES_YAML.replace(
    SIAM_HOURS,
    'hours_overrides: { "2026-11-24": "06:00-09:30", "2026-12-31": "10:00-18:00" }',
  );

/** Siam's last order at 21:30 instead of 20:00 (21:00 with closing 22:00 less preparation). */
export const LATER_LAST_ORDER_AT_SIAM =
  FIXTURE_YAML + STORES_YAML.replace('last_order_time: "20:00"', 'last_order_time: "21:30"');

/** Siam's lane from Bangkok DC takes 2 days instead of 1. */
export const SLOWER_LANE_TO_SIAM =
  FIXTURE_YAML +
  STORES_YAML.replace(SIAM_LANE, SIAM_LANE.replace("transit_days: 1", "transit_days: 2"));

/** Bangkok DC closed on Monday 23 November (a flood). */
export const DC_FLOOD_MONDAY =
  FIXTURE_YAML.replace(
    "    receiving_days: 1\n",
    "    receiving_days: 1\n    closures: [{ from: 2026-11-23, to: 2026-11-23, name: Flood }]\n",
  ) + STORES_YAML;

const KERRY_LANE = STORES_YAML.replace(
  SIAM_LANE,
  SIAM_LANE.replace(" }]", ", service: kerry-nd }]"),
);

/** Siam's transfers collected by Kerry Next Day (Mon-Sat pickups). */
export const KERRY_LANE_TO_SIAM = FIXTURE_YAML + KERRY_LANE;

/** The same, with Kerry closed on Monday 23 November (a depot fire). */
export const KERRY_OFF_MONDAY =
  FIXTURE_YAML.replace(
    KERRY,
    `${KERRY}    closures: [{ from: 2026-11-23, to: 2026-11-23, name: Depot fire }]\n`,
  ) + KERRY_LANE;

/** Siam renamed: the store a promise was made at is gone. */
export const SIAM_GONE = FIXTURE_YAML + STORES_YAML.replace("id: siam", "id: siam-new");
