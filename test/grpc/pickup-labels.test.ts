import { describe, expect, it } from "vitest";
import { addDays, isoDay } from "../../src/engine/day.js";
import { readyLabel } from "../../src/grpc/pickup-labels.js";

const MON = isoDay("2026-11-23");

describe("pick-up ready labels", () => {
  it("says today in Thai with the Bangkok time: พร้อมรับวันนี้ 16:15", () => {
    expect(readyLabel("th-TH", "Asia/Bangkok", MON, MON, Date.parse("2026-11-23T09:15:00Z"))).toBe(
      "พร้อมรับวันนี้ 16:15",
    );
  });

  it("says tomorrow in English", () => {
    expect(
      readyLabel("en", "Asia/Bangkok", MON, addDays(MON, 1), Date.parse("2026-11-24T04:00:00Z")),
    ).toBe("Ready tomorrow 11:00");
  });

  it("names the day further out, in Vietnamese and in British English (Amsterdam time)", () => {
    expect(
      readyLabel(
        "vi",
        "Asia/Ho_Chi_Minh",
        MON,
        addDays(MON, 3),
        Date.parse("2026-11-26T04:00:00Z"),
      ),
    ).toBe("Sẵn sàng nhận Thứ 5, 26 thg 11 11:00");
    expect(
      readyLabel(
        "en-GB",
        "Europe/Amsterdam",
        MON,
        addDays(MON, 3),
        Date.parse("2026-11-26T10:00:00Z"),
      ),
    ).toBe("Ready Thu 26 Nov 11:00");
  });
});
