import { LRUCache } from "lru-cache";
import { memoryLimits } from "../config/memory-limits.js";
import { invalidArgument } from "../domain/domain-error.js";
import { type Day, MS_PER_DAY, utcDayOf } from "../engine/day.js";
import type { DominatingOption } from "../engine/dominating-option.js";
import type { Reason } from "../engine/shipping-option.js";
import { reasonWordsFor } from "../words/reason-words.js";

export const DEFAULT_LOCALE = "en";
const MAX_LOCALE_LENGTH = 64;

/**
 * "Not faster than X, which costs N less" (or "... which costs the same and delivers sooner"), in
 * the languages of the first users (Thai, Vietnamese) and English for every other locale.
 */
const DOMINATED_TEXT: Readonly<
  Record<string, { cheaper(name: string, amount: string): string; sooner(name: string): string }>
> = {
  en: {
    cheaper: (name, amount) => `Not faster than ${name}, which costs ${amount} less`,
    sooner: (name) => `Not faster than ${name}, which costs the same and delivers sooner`,
  },
  th: {
    cheaper: (name, amount) => `ไม่เร็วกว่า ${name} ซึ่งถูกกว่า ${amount}`,
    sooner: (name) => `ไม่เร็วกว่า ${name} ซึ่งราคาเท่ากันแต่ส่งถึงเร็วกว่า`,
  },
  vi: {
    cheaper: (name, amount) => `Không nhanh hơn ${name}, vốn rẻ hơn ${amount}`,
    sooner: (name) => `Không nhanh hơn ${name}, cùng giá nhưng giao sớm hơn`,
  },
};

/** A window more than this many calendar months after the order day shows its year. */
const YEAR_AFTER_MONTHS = 6;

/**
 * The last day a window may end on without showing its year: the order day plus six calendar
 * months (clamped to the month's end: 31 Aug + 6 months is 28 Feb).
 */
export function sixMonthsAfter(today: Day): Day {
  const date = new Date(today * MS_PER_DAY);
  const y = date.getUTCFullYear();
  const m = date.getUTCMonth() + YEAR_AFTER_MONTHS;
  const lastOfMonth = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return utcDayOf(Date.UTC(y, m, Math.min(date.getUTCDate(), lastOfMonth)));
}

/** The Gregorian year of a day. */
export function yearOf(day: Day): number {
  return new Date(day * MS_PER_DAY).getUTCFullYear();
}

/**
 * Delivery labels ("Thu 27 Nov", "Thu 27 Nov - Sat 29 Nov" in en-GB) for one locale. The formatter
 * is built once; each day's and each window's label is formatted once (on the day's UTC midnight
 * with timeZone UTC, so the host's zone never shifts a date). A window that crosses a year, or
 * ends more than six months after the order day, shows the year on both dates ("Tue 29 Dec 2026 -
 * Sat 2 Jan 2027"), in the locale's calendar: th-TH counts in the Buddhist era (2570) unless the
 * tag says `-u-ca-gregory`.
 */
export class LocaleLabels {
  private readonly format: Intl.DateTimeFormat;
  private readonly yearFormat: Intl.DateTimeFormat;
  private readonly days = new Map<Day, string>();
  private readonly yearDays = new Map<Day, string>();
  private readonly windows = new Map<number, string>();
  private readonly reasonWords: ReturnType<typeof reasonWordsFor>;
  /** Reason texts by code, day, detail and count. */
  private readonly reasons = new Map<string, string>();
  private readonly counts: Intl.NumberFormat;
  /** The last order day asked about and its six-months limit (one day's requests share it). */
  private limitToday = Number.NaN;
  private limitDay = 0;
  private readonly dominatedText: (typeof DOMINATED_TEXT)[string];
  /** Dominated labels by service, currency and saving (only `mark` mode makes any). */
  private readonly dominatedLabels = new Map<string, string>();
  private readonly money = new Map<string, Intl.NumberFormat>();

  constructor(readonly locale: string) {
    this.format = new Intl.DateTimeFormat(locale, {
      timeZone: "UTC",
      weekday: "short",
      day: "numeric",
      month: "short",
    });
    this.yearFormat = new Intl.DateTimeFormat(locale, {
      timeZone: "UTC",
      weekday: "short",
      day: "numeric",
      month: "short",
      year: "numeric",
    });
    const language = new Intl.Locale(locale).language;
    this.reasonWords = reasonWordsFor(language);
    this.counts = new Intl.NumberFormat(locale);
    this.dominatedText = DOMINATED_TEXT[language] ?? DOMINATED_TEXT.en!;
  }

  /** Why a dominated option is not worth picking, naming the option it loses to. */
  dominated(by: DominatingOption): string {
    const key = `${by.serviceName}\n${by.currency}\n${by.savingCents}`;
    let label = this.dominatedLabels.get(key);
    if (label === undefined) {
      if (this.dominatedLabels.size >= memoryLimits().labelsPerLocale) this.dominatedLabels.clear();
      label =
        by.savingCents > 0
          ? this.dominatedText.cheaper(by.serviceName, this.amount(by.currency, by.savingCents))
          : this.dominatedText.sooner(by.serviceName);
      this.dominatedLabels.set(key, label);
    }
    return label;
  }

  private amount(currency: string, cents: number): string {
    let format = this.money.get(currency);
    if (format === undefined) {
      format = new Intl.NumberFormat(this.locale, { style: "currency", currency });
      this.money.set(currency, format);
    }
    return format.format(cents / 100);
  }

  day(day: Day): string {
    let label = this.days.get(day);
    if (label === undefined) {
      if (this.days.size >= memoryLimits().labelsPerLocale) this.days.clear();
      label = this.format.format(day * MS_PER_DAY);
      this.days.set(day, label);
    }
    return label;
  }

  /** A day's label with its year ("Sat 2 Jan 2027"; th-TH: "ส. 2 ม.ค. 2570"). */
  dayWithYear(day: Day): string {
    let label = this.yearDays.get(day);
    if (label === undefined) {
      if (this.yearDays.size >= memoryLimits().labelsPerLocale) this.yearDays.clear();
      label = this.yearFormat.format(day * MS_PER_DAY);
      this.yearDays.set(day, label);
    }
    return label;
  }

  /**
   * One date when earliest = latest, else "earliest - latest"; with the year when the window
   * crosses a year or ends more than six months after `today` (the order's day; without it only a
   * window that crosses a year shows the year).
   */
  window(earliest: Day, latest: Day, today?: Day): string {
    const withYear = this.showsYear(earliest, latest, today);
    if (earliest === latest) return withYear ? this.dayWithYear(earliest) : this.day(earliest);
    const key = (earliest * 1024 + (latest - earliest)) * 2 + (withYear ? 1 : 0);
    let label = this.windows.get(key);
    if (label === undefined) {
      if (this.windows.size >= memoryLimits().labelsPerLocale) this.windows.clear();
      label = withYear
        ? this.dayWithYear(earliest) + " - " + this.dayWithYear(latest)
        : this.day(earliest) + " - " + this.day(latest);
      this.windows.set(key, label);
    }
    return label;
  }

  private showsYear(earliest: Day, latest: Day, today: Day | undefined): boolean {
    if (today !== undefined) {
      if (today !== this.limitToday) {
        this.limitDay = sixMonthsAfter(today);
        this.limitToday = today;
      }
      if (latest > this.limitDay) return true;
    }
    return earliest !== latest && yearOf(earliest) !== yearOf(latest);
  }

  /** A reason in words, in this locale ("Warehouse closed for Songkran (Mon 13 Apr)"). */
  reason(reason: Reason): string {
    const key = `${reason.code}\n${reason.day ?? ""}\n${reason.detail ?? ""}\n${reason.count ?? ""}`;
    let text = this.reasons.get(key);
    if (text === undefined) {
      if (this.reasons.size >= memoryLimits().labelsPerLocale) this.reasons.clear();
      text = this.reasonWords[reason.code]({
        day: reason.day === undefined ? "" : this.day(reason.day),
        detail: reason.code === "WAREHOUSE_BACKLOG" ? "" : (reason.detail ?? ""),
        count: reason.count === undefined ? "" : this.counts.format(reason.count),
      });
      this.reasons.set(key, text);
    }
    return text;
  }
}

/**
 * Labels per request locale (BCP 47; empty means "en"), built once per locale tag. A tag that is
 * not a well-formed BCP 47 tag is INVALID_ARGUMENT naming `field`.
 */
export class DeliveryLabels {
  /** Made at the first call, when the configured limits are in force (memoryLimits). */
  private byTag: LRUCache<string, LocaleLabels> | undefined;
  private readonly byCanonical = new Map<string, LocaleLabels>();

  forLocale(tag: string, field = "locale"): LocaleLabels {
    this.byTag ??= new LRUCache({ max: memoryLimits().labelLocales });
    const byTag = this.byTag;
    const cached = byTag.get(tag);
    if (cached !== undefined) return cached;
    const labels = this.build(tag === "" ? DEFAULT_LOCALE : tag, field);
    byTag.set(tag, labels);
    return labels;
  }

  private build(tag: string, field: string): LocaleLabels {
    let canonical: string | undefined;
    if (tag.length <= MAX_LOCALE_LENGTH) {
      try {
        canonical = Intl.getCanonicalLocales(tag)[0];
      } catch {
        canonical = undefined;
      }
    }
    if (canonical === undefined) {
      throw invalidArgument(field, "expected a BCP 47 language tag such as en-GB or th-TH");
    }
    let labels = this.byCanonical.get(canonical);
    if (labels === undefined) {
      if (this.byCanonical.size >= memoryLimits().labelLocales) this.byCanonical.clear();
      labels = new LocaleLabels(canonical);
      this.byCanonical.set(canonical, labels);
    }
    return labels;
  }
}
