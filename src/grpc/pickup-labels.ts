import { memoryLimits } from "../config/memory-limits.js";
import type { Day } from "../engine/day.js";
import { MS_PER_DAY } from "../engine/day.js";

/** "Ready today 16:15", in the first users' languages (Thai, Vietnamese) and English otherwise. */
const READY_TEXT: Readonly<
  Record<string, { today: string; tomorrow: string; on: (date: string) => string }>
> = {
  en: { today: "Ready today", tomorrow: "Ready tomorrow", on: (d) => `Ready ${d}` },
  th: { today: "พร้อมรับวันนี้", tomorrow: "พร้อมรับพรุ่งนี้", on: (d) => `พร้อมรับ ${d}` },
  vi: {
    today: "Sẵn sàng nhận hôm nay",
    tomorrow: "Sẵn sàng nhận ngày mai",
    on: (d) => `Sẵn sàng nhận ${d}`,
  },
};

const textOf = new Map<string, (typeof READY_TEXT)[string]>();
const labels = new Map<string, string>();
const times = new Map<string, Intl.DateTimeFormat>();
const dates = new Map<string, Intl.DateTimeFormat>();

function formatOf(
  cache: Map<string, Intl.DateTimeFormat>,
  key: string,
  make: () => Intl.DateTimeFormat,
): Intl.DateTimeFormat {
  let format = cache.get(key);
  if (format === undefined) {
    if (cache.size >= memoryLimits().pickupLabelFormats) cache.clear();
    format = make();
    cache.set(key, format);
  }
  return format;
}

/**
 * The localized ready label of a pick-up: "today" / "tomorrow" relative to the order's store-local
 * date, else the weekday and date; then the store-local time (24-hour clock). Each label is
 * formatted once (Intl formatting costs tens of microseconds; product pages repeat them).
 */
export function readyLabel(
  locale: string,
  timeZone: string,
  orderDay: Day,
  readyDay: Day,
  readyAtMs: number,
): string {
  const key = `${locale}\n${timeZone}\n${readyDay - orderDay}\n${readyAtMs}`;
  let label = labels.get(key);
  if (label === undefined) {
    if (labels.size >= memoryLimits().pickupLabels) labels.clear();
    label = formatLabel(locale, timeZone, orderDay, readyDay, readyAtMs);
    labels.set(key, label);
  }
  return label;
}

function formatLabel(
  locale: string,
  timeZone: string,
  orderDay: Day,
  readyDay: Day,
  readyAtMs: number,
): string {
  let text = textOf.get(locale);
  if (text === undefined) {
    if (textOf.size >= memoryLimits().pickupLabelFormats) textOf.clear();
    text = READY_TEXT[new Intl.Locale(locale).language] ?? READY_TEXT.en!;
    textOf.set(locale, text);
  }
  const time = formatOf(
    times,
    `${locale}\n${timeZone}`,
    () =>
      new Intl.DateTimeFormat(locale, {
        timeZone,
        hour: "2-digit",
        minute: "2-digit",
        hourCycle: "h23",
      }),
  ).format(readyAtMs);
  if (readyDay === orderDay) return `${text.today} ${time}`;
  if (readyDay === orderDay + 1) return `${text.tomorrow} ${time}`;
  const date = formatOf(
    dates,
    locale,
    () =>
      new Intl.DateTimeFormat(locale, {
        timeZone: "UTC",
        weekday: "short",
        day: "numeric",
        month: "short",
      }),
  ).format(readyDay * MS_PER_DAY);
  return `${text.on(date)} ${time}`;
}
