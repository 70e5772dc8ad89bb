import type { IncomingMessage, ServerResponse } from "node:http";
import * as grpc from "@grpc/grpc-js";
import type { Logger } from "pino";
import type { Checkout } from "../checkout/checkout.js";
import type { PromiseLine } from "../checkout/promise-payload.js";
import { DomainError } from "../domain/domain-error.js";
import type { CartOption } from "../engine/cart-quote.js";
import { type Day, formatIsoDay } from "../engine/day.js";
import { levelOf } from "../grpc/call-interceptor.js";
import { DeliveryLabels, type LocaleLabels } from "../grpc/delivery-labels.js";
import { CallLog } from "../observability/call-log.js";
import { type CallStats, statusName } from "../observability/call-stats.js";
import { rateDescription } from "./rate-description.js";
import { type RateRequest, rateRequestSchema, type ShopifyRate } from "./rate-request-schema.js";
import { HMAC_HEADER, verifyShopifyHmac } from "./shopify-hmac.js";

/** Where Shopify POSTs rate requests (the carrier service's callback URL path). */
export const SHOPIFY_CARRIER_SERVICE_PATH = "/shopify/carrier-service";
/** The method label of the callback in the call log and metrics. */
export const CARRIER_SERVICE_LABEL = "shopify/CarrierService";
/** The largest rate request read (Shopify's are a few KB). */
const MAX_BODY_BYTES = 1 << 20;

export interface CarrierServiceOptions {
  readonly checkout: Checkout;
  /** True while the store cannot be read (the view may be stale): Shopify uses backup rates. */
  readonly storeDown: () => boolean;
  /** The app's shared secret; when set, requests need a valid X-Shopify-Hmac-Sha256. */
  readonly secret?: string | undefined;
  readonly logger: Logger;
  readonly stats?: CallStats | undefined;
}

/** An answer: HTTP status, JSON body, and the status it is logged and counted as. */
interface Answer {
  readonly http: number;
  readonly body: { rates: ShopifyRate[] } | { error: string };
  readonly code: grpc.status;
}

const refuse = (http: number, code: grpc.status, error: string): Answer => ({
  http,
  body: { error },
  code,
});

/**
 * Shopify wants dates with a time and an offset; noon UTC keeps the calendar date in every shop
 * time zone from UTC-11 to UTC+11.
 */
function shopifyDate(day: Day): string {
  return `${formatIsoDay(day)} 12:00:00 +0000`;
}

function toRate(option: CartOption, labels: LocaleLabels): ShopifyRate {
  return {
    service_name: option.serviceName,
    service_code: option.serviceId,
    total_price: String(option.priceCents),
    currency: option.currency,
    description: rateDescription(option, labels),
    min_delivery_date: shopifyDate(option.earliestDay),
    max_delivery_date: shopifyDate(option.latestDay),
  };
}

const deliveryLabels = new DeliveryLabels();

/** The labels of Shopify's `locale` ("en", "th", "vi-VN"); English when it is not a BCP 47 tag. */
function labelsFor(locale: string): LocaleLabels {
  try {
    return deliveryLabels.forLocale(locale);
  } catch {
    return deliveryLabels.forLocale("");
  }
}

function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        // Stop reading; the 413 answer closes the connection (the rest is never read).
        req.removeAllListeners("data");
        req.pause();
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/**
 * Quotes Shopify's rate request as one cart (split into parcels when no single warehouse fills
 * it) through Checkout.quote, the use case QuoteCart runs:
 * - 200 `{"rates": [...]}`, one rate per option in the request's currency; `[]` when we do not
 *   serve the destination (Shopify then shows no rate of ours);
 * - 4xx (bad request, an item without a SKU we know, a bad signature) and 503 (the store cannot be
 *   read, so stock may be stale) make Shopify fall back to the shop's backup rates.
 */
export function handleRateRequest(
  options: CarrierServiceOptions,
  body: Buffer,
  signature: string | undefined,
): Answer {
  if (options.secret !== undefined && !verifyShopifyHmac(body, signature, options.secret)) {
    return refuse(401, grpc.status.UNAUTHENTICATED, "invalid or missing X-Shopify-Hmac-Sha256");
  }
  if (options.storeDown()) {
    return refuse(503, grpc.status.UNAVAILABLE, "rates are unavailable right now");
  }
  let json: unknown;
  try {
    json = JSON.parse(body.toString("utf8"));
  } catch {
    return refuse(400, grpc.status.INVALID_ARGUMENT, "the body is not JSON");
  }
  const parsed = rateRequestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`));
    // (no path: the body itself is not an object)
    const field = path.length === 0 ? "body" : path.join("").slice(1);
    return refuse(400, grpc.status.INVALID_ARGUMENT, `${field}: ${issue.message}`);
  }
  return quote(options, parsed.data.rate);
}

function quote(options: CarrierServiceOptions, rate: RateRequest["rate"]): Answer {
  const lines: PromiseLine[] = [];
  const itemOfLine: number[] = [];
  let cents = 0;
  for (let i = 0; i < rate.items.length; i++) {
    const item = rate.items[i]!;
    if (item.requires_shipping === false) continue;
    const sku = item.sku?.trim() ?? "";
    if (sku === "") {
      return refuse(422, grpc.status.INVALID_ARGUMENT, `rate.items[${i}].sku: the item has no SKU`);
    }
    lines.push({ sku, quantity: item.quantity });
    itemOfLine.push(i);
    cents += item.price * item.quantity;
  }
  if (lines.length === 0) return { http: 200, body: { rates: [] }, code: grpc.status.OK };
  const destination = rate.destination;
  try {
    const { quote } = options.checkout.quote({
      lines,
      destination: {
        countryCode: destination.country ?? "",
        postalCode: destination.postal_code ?? "",
        province: "",
      },
      cartValue: Number.isSafeInteger(cents) ? { currency: rate.currency, cents } : undefined,
    });
    const labels = labelsFor(rate.locale ?? "");
    const rates = quote.options
      .filter((o) => o.currency === rate.currency)
      .map((o) => toRate(o, labels));
    return { http: 200, body: { rates }, code: grpc.status.OK };
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    const field = err.field ?? "";
    // A destination we do not serve: no rate of ours (not an error for Shopify).
    if (field.startsWith("destination")) {
      return { http: 200, body: { rates: [] }, code: grpc.status.OK };
    }
    if (err.kind === "UNAVAILABLE") {
      return refuse(503, grpc.status.UNAVAILABLE, "rates are unavailable right now");
    }
    const line = /^lines\[(\d+)\]\.(.*)$/.exec(field);
    const named = line === null ? field : `rate.items[${itemOfLine[Number(line[1])]}].${line[2]}`;
    const message = err.message;
    return refuse(422, grpc.status.INVALID_ARGUMENT, `${named}: ${message}`);
  }
}

/** The `POST /shopify/carrier-service` route of the HTTP edge, with its call log and metrics. */
export function createCarrierServiceRoute(options: CarrierServiceOptions) {
  const log = new CallLog(options.logger);
  return (req: IncomingMessage, res: ServerResponse): void => {
    const startedAt = performance.now();
    const finish = (answer: Answer, close = false) => {
      res.writeHead(answer.http, {
        "content-type": "application/json; charset=utf-8",
        ...(close ? { connection: "close" } : {}),
      });
      res.end(JSON.stringify(answer.body));
      const ms = performance.now() - startedAt;
      options.stats?.record(CARRIER_SERVICE_LABEL, answer.code, ms / 1000);
      log.write(levelOf(answer.code), {
        method: CARRIER_SERVICE_LABEL,
        status: statusName(answer.code),
        grpcCode: answer.code,
        durationMs: Math.round(ms * 1000) / 1000,
        requestId: "",
      });
    };
    readBody(req).then(
      (body) => {
        if (body === undefined) {
          finish(
            refuse(
              413,
              grpc.status.RESOURCE_EXHAUSTED,
              `the request is larger than ${MAX_BODY_BYTES} bytes`,
            ),
            true,
          );
          return;
        }
        const signature = req.headers[HMAC_HEADER];
        try {
          finish(
            handleRateRequest(options, body, typeof signature === "string" ? signature : undefined),
          );
        } catch (err) {
          options.logger.error(
            { err, method: CARRIER_SERVICE_LABEL },
            "unexpected error in a call",
          );
          finish(refuse(500, grpc.status.INTERNAL, "internal error"));
        }
      },
      () => finish(refuse(400, grpc.status.CANCELLED, "the request was cut off")),
    );
  };
}
