import { LRUCache } from "lru-cache";
import { type Day, MS_PER_DAY } from "../engine/day.js";
import { invalidArgument } from "../engine/domain-error.js";

export const DEFAULT_LOCALE = "en";
const MAX_LOCALE_LENGTH = 64;
/** Labels kept per locale before its label cache starts over. */
const MAX_LABELS_PER_LOCALE = 4096;

/**
 * Delivery labels ("Thu 27 Nov", "Thu 27 Nov - Sat 29 Nov" in en-GB) for one locale. The formatter
 * is built once; each day's and each window's label is formatted once (on the day's UTC midnight
 * with timeZone UTC, so the host's zone never shifts a date).
 */
export class LocaleLabels {
  private readonly format: Intl.DateTimeFormat;
  private readonly days = new Map<Day, string>();
  private readonly windows = new Map<number, string>();

  constructor(readonly locale: string) {
    this.format = new Intl.DateTimeFormat(locale, {
      timeZone: "UTC",
      weekday: "short",
      day: "numeric",
      month: "short",
    });
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
