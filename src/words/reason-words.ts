import type { ReasonCode } from "../engine/shipping-option.js";

/**
 * What a reason's text may use: `day` is the date it concerns as a short label in the shopper's
 * locale ("Sun 6 Dec"), `detail` the engine's detail (a holiday's or closure's name, a peak's
 * name, the option it loses to), `count` the orders ahead, already grouped in the locale.
 */
export interface ReasonParts {
  readonly day: string;
  readonly detail: string;
  readonly count: string;
}

type Words = Readonly<Record<ReasonCode, (p: ReasonParts) => string>>;

/** "(Sun 6 Dec)" after a text, or nothing when the reason has no date. */
const on = (p: ReasonParts) => (p.day === "" ? "" : ` (${p.day})`);
/** " on Sun 6 Dec" after an English text, or nothing when the reason has no date. */
const onEn = (p: ReasonParts) => (p.day === "" ? "" : ` on ${p.day}`);
/** ": Songkran" after a text, or nothing when the reason has no detail. */
const named = (p: ReasonParts) => (p.detail === "" ? "" : `: ${p.detail}`);

/**
 * The sentences shoppers read for each reason code, in the languages of the first users (Thai,
 * Vietnamese) and English for every other locale. The engine gives codes, dates and details only;
 * these words live here, at the edge.
 */
export const REASON_WORDS: Readonly<Record<"en" | "th" | "vi", Words>> = {
  en: {
    AFTER_CUTOFF: (p) => `Ordered after the warehouse's cut-off${onEn(p)}`,
    WAREHOUSE_HOLIDAY: (p) =>
      `Warehouse closed${p.detail === "" ? " for a public holiday" : ` for ${p.detail}`}${onEn(p)}`,
    WAREHOUSE_CLOSED: (p) => `Warehouse closed${named(p)}${onEn(p)}`,
    WAREHOUSE_DAY_OFF: (p) => `Warehouse closed${onEn(p)}, its weekly day off`,
    CARRIER_CLOSED: (p) => `Carrier closed${p.detail === "" ? "" : ` for ${p.detail}`}${onEn(p)}`,
    NO_PICKUP_DAY: (p) => `The carrier does not collect parcels${onEn(p)}`,
    NON_DELIVERY_DAY: (p) => `No deliveries${onEn(p)}`,
    INBOUND_STOCK: (p) => `Ships once new stock arrives${onEn(p)}`,
    REMOTE_AREA: () => "Remote area: an extra day in transit and a surcharge",
    CAPACITY_FULL: (p) => `The warehouse is fully booked${onEn(p)}`,
    WAREHOUSE_BACKLOG: (p) => `${p.count} earlier orders ship first${onEn(p)}`,
    PEAK_BUFFER: (p) => `Extra time for the ${p.detail === "" ? "peak season" : p.detail} rush`,
    FREE_SHIPPING: () => "Free shipping for this cart",
    NOT_FASTER: (p) => `Not faster than ${p.detail}`,
    LEARNED_TRANSIT: () => "Dates from this route's recent deliveries",
    STORE_TRANSFER: (p) =>
      `Sent to the store from ${p.detail === "" ? "the warehouse" : p.detail}${onEn(p)}`,
  },
  th: {
    AFTER_CUTOFF: (p) => `สั่งซื้อหลังเวลาตัดรอบของคลังสินค้า${on(p)}`,
    WAREHOUSE_HOLIDAY: (p) =>
      `คลังสินค้าปิด${p.detail === "" ? "วันหยุดนักขัตฤกษ์" : `เนื่องใน ${p.detail}`}${on(p)}`,
    WAREHOUSE_CLOSED: (p) => `คลังสินค้าปิด${named(p)}${on(p)}`,
    WAREHOUSE_DAY_OFF: (p) => `วันหยุดประจำสัปดาห์ของคลังสินค้า${on(p)}`,
    CARRIER_CLOSED: (p) => `ขนส่งหยุดให้บริการ${p.detail === "" ? "" : `เนื่องใน ${p.detail}`}${on(p)}`,
    NO_PICKUP_DAY: (p) => `ขนส่งไม่เข้ารับพัสดุ${on(p)}`,
    NON_DELIVERY_DAY: (p) => `ไม่มีการจัดส่งพัสดุ${on(p)}`,
    INBOUND_STOCK: (p) => `จัดส่งเมื่อสินค้าล็อตใหม่เข้าคลัง${on(p)}`,
    REMOTE_AREA: () => "พื้นที่ห่างไกล: ใช้เวลาขนส่งเพิ่ม 1 วันและมีค่าบริการเพิ่ม",
    CAPACITY_FULL: (p) => `คลังสินค้ารับคำสั่งซื้อเต็มแล้ว${on(p)}`,
    WAREHOUSE_BACKLOG: (p) => `มีคำสั่งซื้อก่อนหน้ารอจัดส่ง ${p.count} รายการ${on(p)}`,
    PEAK_BUFFER: (p) => `เผื่อเวลาช่วง${p.detail === "" ? "เทศกาลขายดี" : ` ${p.detail}`}`,
    FREE_SHIPPING: () => "ส่งฟรีสำหรับตะกร้านี้",
    NOT_FASTER: (p) => `ไม่เร็วกว่า ${p.detail}`,
    LEARNED_TRANSIT: () => "วันที่คำนวณจากการจัดส่งจริงล่าสุดของเส้นทางนี้",
    STORE_TRANSFER: (p) => `ส่งจาก${p.detail === "" ? "คลังสินค้า" : ` ${p.detail}`}มายังสาขา${on(p)}`,
  },
  vi: {
    AFTER_CUTOFF: (p) => `Đặt sau giờ chốt đơn của kho${on(p)}`,
    WAREHOUSE_HOLIDAY: (p) => `Kho nghỉ ${p.detail === "" ? "lễ" : `lễ ${p.detail}`}${on(p)}`,
    WAREHOUSE_CLOSED: (p) => `Kho đóng cửa${named(p)}${on(p)}`,
    WAREHOUSE_DAY_OFF: (p) => `Ngày nghỉ hằng tuần của kho${on(p)}`,
    CARRIER_CLOSED: (p) => `Đơn vị vận chuyển nghỉ${p.detail === "" ? "" : ` ${p.detail}`}${on(p)}`,
    NO_PICKUP_DAY: (p) => `Đơn vị vận chuyển không lấy hàng${on(p)}`,
    NON_DELIVERY_DAY: (p) => `Không giao hàng${on(p)}`,
    INBOUND_STOCK: (p) => `Giao sau khi hàng mới về kho${on(p)}`,
    REMOTE_AREA: () => "Khu vực xa: thêm một ngày vận chuyển và phụ phí",
    CAPACITY_FULL: (p) => `Kho đã kín đơn${on(p)}`,
    WAREHOUSE_BACKLOG: (p) => `Còn ${p.count} đơn trước đó chờ giao${on(p)}`,
    PEAK_BUFFER: (p) => `Thêm thời gian cho đợt cao điểm${p.detail === "" ? "" : ` ${p.detail}`}`,
    FREE_SHIPPING: () => "Miễn phí vận chuyển cho giỏ hàng này",
    NOT_FASTER: (p) => `Không nhanh hơn ${p.detail}`,
    LEARNED_TRANSIT: () => "Ngày giao dựa trên các lần giao gần đây của tuyến này",
    STORE_TRANSFER: (p) => `Chuyển từ ${p.detail === "" ? "kho" : p.detail} đến cửa hàng${on(p)}`,
  },
};

/** The words for a locale's language: Thai, Vietnamese, else English. */
export function reasonWordsFor(language: string): Words {
  return language === "th" || language === "vi" ? REASON_WORDS[language] : REASON_WORDS.en;
}
