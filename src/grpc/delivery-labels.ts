import { LRUCache } from "lru-cache";
import { invalidArgument } from "../domain/domain-error.js";
import { type Day, MS_PER_DAY } from "../engine/day.js";
import type { DominatingOption } from "../engine/dominated-options.js";

export const DEFAULT_LOCALE = "en";
const MAX_LOCALE_LENGTH = 64;
/** Labels kept per locale before its label cache starts over. */
const MAX_LABELS_PER_LOCALE = 4096;

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

/**
 * Delivery labels ("Thu 27 Nov", "Thu 27 Nov - Sat 29 Nov" in en-GB) for one locale. The formatter
 * is built once; each day's and each window's label is formatted once (on the day's UTC midnight
 * with timeZone UTC, so the host's zone never shifts a date).
 */
export class LocaleLabels {
  private readonly format: Intl.DateTimeFormat;
  private readonly days = new Map<Day, string>();
  private readonly windows = new Map<number, string>();
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
    this.dominatedText = DOMINATED_TEXT[new Intl.Locale(locale).language] ?? DOMINATED_TEXT.en!;
  }

  /** Why a dominated option is not worth picking, naming the option it loses to. */
  dominated(by: DominatingOption): string {
    const key = `${by.serviceName}\n${by.currency}\n${by.savingCents}`;
    let label = this.dominatedLabels.get(key);
    if (label === undefined) {
      if (this.dominatedLabels.size >= MAX_LABELS_PER_LOCALE) this.dominatedLabels.clear();
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
      if (this.days.size >= MAX_LABELS_PER_LOCALE) this.days.clear();
      label = this.format.format(day * MS_PER_DAY);
      this.days.set(day, label);
    }
    return label;
  }

  /** One date when earliest = latest, else "earliest - latest". */
  window(earliest: Day, latest: Day): string {
    if (earliest === latest) return this.day(earliest);
    const key = earliest * 1024 + (latest - earliest);
    let label = this.windows.get(key);
    if (label === undefined) {
      if (this.windows.size >= MAX_LABELS_PER_LOCALE) this.windows.clear();
      label = this.day(earliest) + " - " + this.day(latest);
      this.windows.set(key, label);
    }
    return label;
  }
}

/**
 * Labels per request locale (BCP 47; empty means "en"), built once per locale tag. A tag that is
 * not a well-formed BCP 47 tag is INVALID_ARGUMENT naming `field`.
 */
export class DeliveryLabels {
  private readonly byTag = new LRUCache<string, LocaleLabels>({ max: 256 });
  private readonly byCanonical = new Map<string, LocaleLabels>();

  forLocale(tag: string, field = "locale"): LocaleLabels {
    const cached = this.byTag.get(tag);
    if (cached !== undefined) return cached;
    const labels = this.build(tag === "" ? DEFAULT_LOCALE : tag, field);
    this.byTag.set(tag, labels);
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
      if (this.byCanonical.size >= 256) this.byCanonical.clear();
      labels = new LocaleLabels(canonical);
      this.byCanonical.set(canonical, labels);
    }
    return labels;
  }
}
