import { describe, expect, test } from "vitest";
import { formatIsoDay, isoDay } from "../../src/engine/day.js";
import { buildHolidayCalendar } from "../../src/network/holiday-calendar.js";
import { holidayCalendarSchema } from "../../src/network/network-schema.js";

function calendar(spec: unknown, from: string, to: string): [string, string][] {
  const parsed = holidayCalendarSchema.parse(spec);
  return [...buildHolidayCalendar(parsed, isoDay(from), isoDay(to))]
    .sort(([a], [b]) => a - b)
    .map(([day, name]) => [formatIsoDay(day), name]);
}

describe("buildHolidayCalendar", () => {
  test("has Songkran 2026-04-13..15 and the added substitute day 2026-06-01 in Thailand", () => {
    const days = calendar(
      {
        country: "TH",
        add: [{ date: "2026-06-01", name: "Substitution for Visakha Bucha Day" }],
      },
      "2026-04-01",
      "2026-06-30",
    );
    expect(days).toEqual([
      ["2026-04-06", "Chakri Memorial Day"],
      ["2026-04-13", "Songkran Festival"],
      ["2026-04-14", "Songkran Festival"],
      ["2026-04-15", "Songkran Festival"],
      ["2026-05-04", "Coronation Day"],
      ["2026-05-31", "Vesak Day"],
      ["2026-06-01", "Substitution for Visakha Bucha Day"],
      ["2026-06-03", "Queen Suthida's Birthday"],
    ]);
  });

  test("spreads Tet 2026 over 02-16..02-20 and keeps only public holidays in Vietnam", () => {
    const days = calendar(
      { country: "VN", add: [{ date: "2026-09-01", name: "National Day (second day)" }] },
      "2026-01-01",
      "2026-12-31",
    );
    expect(days).toEqual([
      ["2026-01-01", "New Year's Day"],
      ["2026-02-16", "Vietnamese New Year Holidays"],
      ["2026-02-17", "Vietnamese New Year Holidays"],
      ["2026-02-18", "Vietnamese New Year Holidays"],
      ["2026-02-19", "Vietnamese New Year Holidays"],
      ["2026-02-20", "Vietnamese New Year Holidays"],
      ["2026-04-26", "Hung Kings Commemorations"],
      ["2026-04-30", "Day of liberating the South for national reunification"],
      ["2026-05-01", "Labour Day"],
      ["2026-09-01", "National Day (second day)"],
      ["2026-09-02", "National Day"],
    ]);
  });

  test("drops a removed date and keeps its neighbours", () => {
    const days = calendar({ country: "TH", remove: ["2026-04-14"] }, "2026-04-13", "2026-04-15");
    expect(days).toEqual([
      ["2026-04-13", "Songkran Festival"],
      ["2026-04-15", "Songkran Festival"],
    ]);
  });

  test("cuts a multi-day holiday at the ends of the range", () => {
    expect(calendar({ country: "VN" }, "2026-02-19", "2026-02-21")).toEqual([
      ["2026-02-19", "Vietnamese New Year Holidays"],
      ["2026-02-20", "Vietnamese New Year Holidays"],
    ]);
  });

  test("covers every year the range touches", () => {
    expect(calendar({ country: "TH" }, "2025-12-30", "2026-01-02")).toEqual([
      ["2025-12-31", "New Year's Eve"],
      ["2026-01-01", "New Year's Day"],
    ]);
  });

  test("lets an added date rename a library holiday", () => {
    expect(
      calendar(
        { country: "TH", add: [{ date: "2026-04-13", name: "Thai New Year" }] },
        "2026-04-13",
        "2026-04-13",
      ),
    ).toEqual([["2026-04-13", "Thai New Year"]]);
  });

  test("takes nothing from the library with use_library false", () => {
    expect(
      calendar(
        {
          country: "TH",
          use_library: false,
          add: [
            { date: "2026-04-14", name: "Company day" },
            { date: "2027-01-04", name: "Outside the range" },
          ],
        },
        "2026-01-01",
        "2026-12-31",
      ),
    ).toEqual([["2026-04-14", "Company day"]]);
  });

  test("adds a region's holidays: Epiphany in Bavaria, not in all of Germany", () => {
    expect(calendar({ country: "DE", region: "BY" }, "2026-01-01", "2026-01-31")).toEqual([
      ["2026-01-01", "New Year's Day"],
      ["2026-01-06", "Epiphany"],
    ]);
    expect(calendar({ country: "DE" }, "2026-01-01", "2026-01-31")).toEqual([
      ["2026-01-01", "New Year's Day"],
    ]);
  });
});
