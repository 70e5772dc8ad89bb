import { DateTime } from "luxon";
import { describe, expect, test } from "vitest";
import { addDays, dayNumber, formatIsoDay, isoDay } from "../../src/engine/day.js";
import { buildZoneDayTable } from "../../src/network/zone-day-table.js";

// Zones whose offsets change at midnight (Santiago, Havana), by 30 minutes (Lord Howe), never
// (Bangkok), or sit at the ends of the range (Kiritimati +14, Pago Pago -11).
const ZONES = [
  "Europe/Amsterdam",
  "America/Los_Angeles",
  "America/Santiago",
  "America/Havana",
  "Australia/Lord_Howe",
  "Asia/Bangkok",
  "Pacific/Kiritimati",
  "Pacific/Pago_Pago",
];

describe("buildZoneDayTable", () => {
  test.each(ZONES)(
    "matches luxon for every midnight and 00:30/16:00 of 2026-2027 in %s",
    (zone) => {
      const firstDay = isoDay("2026-01-01");
      const count = 730;
      const table = buildZoneDayTable(zone, firstDay, count);
      const mismatches: string[] = [];
      for (let i = 0; i <= count; i++) {
        const [year, month, day] = formatIsoDay(addDays(firstDay, i)).split("-").map(Number);
        const local = { year: year!, month: month!, day: day! };
        const midnight = DateTime.fromObject(local, { zone }).startOf("day").toMillis();
        if (table.midnightMs[i] !== midnight)
          mismatches.push(`${formatIsoDay(addDays(firstDay, i))} 00:00`);
        if (i === count) break;
        for (const [hour, minute] of [
          [0, 30],
          [16, 0],
        ] as const) {
          const expected = DateTime.fromObject({ ...local, hour, minute }, { zone }).toMillis();
          if (table.localTimeMs(i, hour * 60 + minute) !== expected) {
            mismatches.push(`${formatIsoDay(addDays(firstDay, i))} ${hour}:${minute}`);
          }
        }
      }
      expect(mismatches).toEqual([]);
    },
  );

  test("rejects an unknown zone", () => {
    expect(() => buildZoneDayTable("Mars/Olympus_Mons", dayNumber(0), 1)).toThrow(RangeError);
  });
});
