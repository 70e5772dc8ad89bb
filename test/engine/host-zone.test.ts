import { describe, expect, it } from "vitest";

describe("the host time zone", () => {
  it("is the zone this project pins, so the other engine suites really run under it", () => {
    const pinned = process.env.TZ;
    expect(pinned).toBeDefined();
    expect(Intl.DateTimeFormat().resolvedOptions().timeZone).toBe(pinned);
    // 2026-07-01T00:00Z: Los Angeles is on PDT (UTC-7), Bangkok on UTC+7, UTC on UTC.
    const offsets: Record<string, number> = {
      UTC: 0,
      "Asia/Bangkok": -420,
      "America/Los_Angeles": 420,
    };
    expect(new Date(Date.UTC(2026, 6, 1)).getTimezoneOffset()).toBe(offsets[pinned!]);
  });
});
