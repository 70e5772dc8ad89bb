import { z } from "zod";

/** Longest text we read from any field of Shopify's request (names, addresses, SKUs). */
const TEXT = z.string().max(1_000).nullish();

const address = z
  .object({
    country: z.string().max(8).nullish(),
    postal_code: TEXT,
    province: TEXT,
  })
  .loose();

const item = z
  .object({
    sku: TEXT,
    name: TEXT,
    quantity: z.number().int().min(1).max(1_000_000),
    grams: z.number().int().min(0).nullish(),
    /** The unit price in the shop currency's subunits. */
    price: z.number().int().min(0),
    requires_shipping: z.boolean().nullish(),
  })
  .loose();

/**
 * The shipping rate request Shopify POSTs to a carrier service's callback URL (the fields we
 * read; Shopify sends more, such as addresses' names and phones and items' vendor and
 * variant_id, which pass through unread).
 */
export const rateRequestSchema = z.object({
  rate: z
    .object({
      origin: address.nullish(),
      destination: address,
      items: z.array(item).min(1).max(1_000),
      currency: z.string().regex(/^[A-Z]{3}$/, { message: "expected an ISO 4217 code" }),
      locale: z.string().max(64).nullish(),
    })
    .loose(),
});

export type RateRequest = z.output<typeof rateRequestSchema>;

/** One rate of the answer: Shopify's documented fields. */
export interface ShopifyRate {
  readonly service_name: string;
  readonly service_code: string;
  /** In the currency's subunits, as a string. */
  readonly total_price: string;
  readonly currency: string;
  readonly description: string;
  /** `YYYY-MM-DD HH:MM:SS +0000`. */
  readonly min_delivery_date: string;
  readonly max_delivery_date: string;
}
