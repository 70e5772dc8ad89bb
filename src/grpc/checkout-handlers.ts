import type * as grpc from "@grpc/grpc-js";
import type { Logger } from "pino";
import type { Checkout, PromiseRefusal } from "../checkout/checkout.js";
import type { PromiseDestination, PromiseLine } from "../checkout/promise-payload.js";
import { DomainError, invalidArgument } from "../domain/domain-error.js";
import { utcDayOf } from "../engine/day.js";
import { asyncUnary } from "./async-unary.js";
import { toProtoPromise, toProtoQuote } from "./cart-to-proto.js";
import { deadlineMsOf } from "./deadline.js";
import { DeliveryLabels } from "./delivery-labels.js";
import { STATUS_OF_KIND } from "./error-status.js";
import type { CartLine__Output } from "./generated/promise/v1/CartLine.js";
import type { Destination__Output } from "./generated/promise/v1/Destination.js";
import type { PromiseServiceHandlers } from "./generated/promise/v1/PromiseService.js";
import { destinationPoint, maxPickupStoresOf, toProtoPickup } from "./pickup-to-proto.js";
import { toProtoRisk } from "./promise-risk-to-proto.js";
import { cartValueOf, timestampToMs } from "./request-fields.js";
import { encodeFreshOptionsStatus } from "./status-details.js";

export type CheckoutHandlers = Pick<
  PromiseServiceHandlers,
  "QuoteCart" | "ConfirmPromise" | "GetPromise" | "CancelPromise" | "FulfilPromise"
>;

function linesOf(lines: readonly CartLine__Output[]): PromiseLine[] {
  return lines.map((l) => ({ sku: l.sku, quantity: l.quantity }));
}

function destinationOf(destination: Destination__Output | null): PromiseDestination {
  if (destination === null) throw invalidArgument("destination", "is required");
  return {
    countryCode: destination.countryCode,
    postalCode: destination.postalCode,
    province: destination.province,
  };
}

/**
 * The checkout RPCs of the public service. A refused confirmation answers FAILED_PRECONDITION
 * with a google.rpc.Status carrying promise.v1.FreshOptions (the options that hold now) in
 * `grpc-status-details-bin`.
 */
export function createCheckoutHandlers(checkout: Checkout, logger: Logger): CheckoutHandlers {
  const labels = new DeliveryLabels();

  const unary = <Req, Res>(
    method: string,
    handle: (request: Req, call: grpc.ServerUnaryCall<Req, Res>) => Promise<Res> | Res,
  ) => asyncUnary(method, logger, handle, withFreshOptions);

  /** Turns a refusal's fresh options into status details bytes. */
  function withFreshOptions(err: unknown): unknown {
    if (!(err instanceof DomainError) || err.kind !== "FAILED_PRECONDITION") return err;
    const refusal = err.details as PromiseRefusal | undefined;
    if (refusal === undefined || !("quote" in refusal)) return err;
    const bytes = encodeFreshOptionsStatus(STATUS_OF_KIND[err.kind], err.text, {
      reason: refusal.reason,
      quote: toProtoQuote(refusal.quote, refusal.skuAt, labels.forLocale("")),
    });
    return new DomainError(err.kind, err.message, err.field, bytes);
  }

  return {
    QuoteCart: unary("QuoteCart", (req) => {
      const locale = labels.forLocale(req.locale);
      const { quote, skuAt, atMs, pickups, network } = checkout.quote({
        lines: linesOf(req.lines),
        destination: destinationOf(req.destination),
        cartValue: cartValueOf(req.cartValue, "cart_value"),
        atMs: req.at === null ? undefined : timestampToMs(req.at, "at"),
        deliverOn: req.deliverOn,
        maxPickupStores: maxPickupStoresOf(req.maxPickupStores),
        point: destinationPoint(req.destination),
      });
      const response = toProtoQuote(quote, skuAt, locale, utcDayOf(atMs));
      if (pickups === undefined || pickups.length === 0 || network === undefined) return response;
      return {
        ...response,
        pickupOptions: pickups.map((o) => toProtoPickup(network, o, locale, atMs)),
      };
    }),
    ConfirmPromise: unary("ConfirmPromise", async (req, call) => {
      const { promise } = await checkout.confirm({
        // Checked again inside the store transaction: a caller that gave up gets no promise.
        deadlineMs: deadlineMsOf(call),
        idempotencyKey: req.idempotencyKey,
        lines: linesOf(req.lines),
        destination: destinationOf(req.destination),
        serviceId: req.serviceId,
        pickupStoreId: req.pickupStoreId,
        deliverOn: req.deliverOn,
        shipAsAvailable: req.shipAsAvailable,
        shownDeliveryLatest: req.shownDeliveryLatest,
        cartValue: cartValueOf(req.cartValue, "cart_value"),
      });
      return { promise: toProtoPromise(promise) };
    }),
    GetPromise: unary("GetPromise", async (req) => {
      const promise = toProtoPromise(await checkout.get(req.id));
      const risk = await checkout.riskOf(req.id);
      return { promise: risk === null ? promise : { ...promise, risk: toProtoRisk(risk) } };
    }),
    CancelPromise: unary("CancelPromise", async (req) => ({
      promise: toProtoPromise(await checkout.cancel(req.id)),
    })),
    FulfilPromise: unary("FulfilPromise", async (req) => ({
      promise: toProtoPromise(await checkout.fulfil(req.id)),
    })),
  };
}
