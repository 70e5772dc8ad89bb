import { describe, expect, it } from "vitest";
import { isoDay } from "../../src/engine/day.js";
import { DeliveryLabels, sixMonthsAfter, yearOf } from "../../src/grpc/delivery-labels.js";

const labels = new DeliveryLabels();
const d = isoDay;

describe("delivery labels with the year", () => {
  it("shows the year on both dates when the window crosses a year (en-GB)", () => {
    // Ordered Sun 27 Dec 2026, delivered Tue 29 Dec 2026 to Sat 2 Jan 2027.
    expect(
      labels.forLocale("en-GB").window(d("2026-12-29"), d("2027-01-02"), d("2026-12-27")),
    ).toBe("Tue, 29 Dec 2026 - Sat, 2 Jan 2027");
  });

  it("counts the year in the Buddhist era in th-TH: 2026 is 2569 and 2027 is 2570", () => {
    expect(
      labels.forLocale("th-TH").window(d("2026-12-29"), d("2027-01-02"), d("2026-12-27")),
    ).toBe("อังคาร 29 ธ.ค. 2569 - เสาร์ 2 ม.ค. 2570");
  });

  it("counts in the Gregorian calendar when the Thai locale says -u-ca-gregory", () => {
    expect(
      labels
        .forLocale("th-TH-u-ca-gregory")
        .window(d("2026-12-29"), d("2027-01-02"), d("2026-12-27")),
    ).toBe("อังคาร 29 ธ.ค. 2026 - เสาร์ 2 ม.ค. 2027");
  });

  it("shows the year when the window ends more than six months after the order day, not on the day itself", () => {
    // Six months after Sun 6 Dec 2026 is Sun 6 Jun 2027.
    expect(sixMonthsAfter(d("2026-12-06"))).toBe(d("2027-06-06"));
    const th = labels.forLocale("th-TH");
    expect(th.window(d("2027-06-04"), d("2027-06-06"), d("2026-12-06"))).toBe(
      "ศุกร์ 4 มิ.ย. - อาทิตย์ 6 มิ.ย.",
    );
    expect(th.window(d("2027-06-08"), d("2027-06-10"), d("2026-12-06"))).toBe(
      "อังคาร 8 มิ.ย. 2570 - พฤหัส 10 มิ.ย. 2570",
    );
    expect(
      labels.forLocale("en-GB").window(d("2027-06-07"), d("2027-06-07"), d("2026-12-06")),
    ).toBe("Mon, 7 Jun 2027");
  });

  it("clamps six months after 31 August to the end of February", () => {
    expect(sixMonthsAfter(d("2026-08-31"))).toBe(d("2027-02-28"));
    expect(sixMonthsAfter(d("2027-08-31"))).toBe(d("2028-02-29"));
  });

  it("keeps the short label for a window within the year and six months (vi-VN)", () => {
    expect(
      labels.forLocale("vi-VN").window(d("2026-12-09"), d("2026-12-11"), d("2026-12-06")),
    ).toBe("Thứ 4, 9 thg 12 - Thứ 6, 11 thg 12");
  });

  it("finds the Gregorian year of days around year ends and leap days", () => {
    expect(yearOf(d("2026-12-31"))).toBe(2026);
    expect(yearOf(d("2027-01-01"))).toBe(2027);
    expect(yearOf(d("2028-02-29"))).toBe(2028);
    expect(yearOf(d("1969-12-31"))).toBe(1969);
  });
});

describe("reasons in words", () => {
  const songkran = {
    code: "WAREHOUSE_HOLIDAY",
    day: d("2026-04-13"),
    detail: "Songkran Festival",
  } as const;
  const sunday = { code: "WAREHOUSE_DAY_OFF", day: d("2026-12-06") } as const;
  const backlog = {
    code: "WAREHOUSE_BACKLOG",
    day: d("2026-12-08"),
    detail: "1,240 orders still to ship",
    count: 1240,
  } as const;

  it("says why in English for en and any language without its own words", () => {
    const en = labels.forLocale("en-GB");
    expect(en.reason(songkran)).toBe("Warehouse closed for Songkran Festival on Mon 13 Apr");
    expect(en.reason(sunday)).toBe("Warehouse closed on Sun 6 Dec, its weekly day off");
    expect(en.reason(backlog)).toBe("1,240 earlier orders ship first on Tue 8 Dec");
    expect(labels.forLocale("de-DE").reason({ code: "FREE_SHIPPING" })).toBe(
      "Free shipping for this cart",
    );
  });

  it("says why in Thai for th-TH", () => {
    const th = labels.forLocale("th-TH");
    expect(th.reason(songkran)).toBe("คลังสินค้าปิดเนื่องใน Songkran Festival (จันทร์ 13 เม.ย.)");
    expect(th.reason(sunday)).toBe("วันหยุดประจำสัปดาห์ของคลังสินค้า (อาทิตย์ 6 ธ.ค.)");
    expect(th.reason(backlog)).toBe("มีคำสั่งซื้อก่อนหน้ารอจัดส่ง 1,240 รายการ (อังคาร 8 ธ.ค.)");
  });

  it("says why in Vietnamese for vi-VN, grouping the count the Vietnamese way", () => {
    const vi = labels.forLocale("vi-VN");
    expect(vi.reason(songkran)).toBe("Kho nghỉ lễ Songkran Festival (Thứ 2, 13 thg 4)");
    expect(vi.reason(sunday)).toBe("Ngày nghỉ hằng tuần của kho (CN, 6 thg 12)");
    expect(vi.reason(backlog)).toBe("Còn 1.240 đơn trước đó chờ giao (Thứ 3, 8 thg 12)");
  });
});
