import type { CartOption } from "../engine/cart-quote.js";
import type { LocaleLabels } from "../grpc/delivery-labels.js";

/** "Ships in N parcels" for a split cart, in the languages reasons are written in. */
const PARCELS: Readonly<Record<string, (n: number) => string>> = {
  en: (n) => `Ships in ${n} parcels`,
  th: (n) => `จัดส่งเป็น ${n} พัสดุ`,
  vi: (n) => `Giao thành ${n} kiện`,
};

/**
 * A rate's description in the request's locale: how many parcels a split cart ships in, then the
 * reasons behind the dates in words (the same words Estimate and QuoteCart answer with), each
 * said once, joined with "; ".
 */
export function rateDescription(option: CartOption, labels: LocaleLabels): string {
  const parts: string[] = [];
  if (option.shipments.length > 1) {
    const language = new Intl.Locale(labels.locale).language;
    parts.push((PARCELS[language] ?? PARCELS.en!)(option.shipments.length));
  }
  for (const reason of option.reasons) {
    const words = labels.reason(reason);
    if (words !== "" && !parts.includes(words)) parts.push(words);
  }
  return parts.join("; ");
}
