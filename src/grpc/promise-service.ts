import type { Logger } from "pino";
import type { Checkout } from "../checkout/checkout.js";
import { type EstimatePresenter, type EstimateScope, Estimator } from "../checkout/estimator.js";
import type { Clock } from "../config/clock.js";
import { invalidArgument } from "../domain/domain-error.js";
import type { DominatedOptionsMode } from "../engine/dominated-options.js";
import type { Confidence } from "../engine/shipping-option.js";
import type { EstimateCache } from "../view/estimate-cache.js";
import type { LiveView } from "../view/live-view.js";
import { type CheckoutHandlers, createCheckoutHandlers } from "./checkout-handlers.js";
import { DeliveryLabels, type LocaleLabels } from "./delivery-labels.js";
import { toStatus } from "./error-status.js";
import { toProtoEstimate } from "./estimate-to-proto.js";
import type { EstimateBatchResponse } from "./generated/promise/v1/EstimateBatchResponse.js";
import type { EstimateRequest__Output } from "./generated/promise/v1/EstimateRequest.js";
import type { EstimateResponse } from "./generated/promise/v1/EstimateResponse.js";
import type { PromiseServiceHandlers } from "./generated/promise/v1/PromiseService.js";
import { estimateEntryBytes, markReusable, withPickupOptions } from "./memoized-encoding.js";
import { destinationPoint, maxPickupStoresOf, pickupProtos } from "./pickup-to-proto.js";
import { deepFreeze } from "./repeated-requests.js";
import { cartValueOf, timestampToMs } from "./request-fields.js";

export interface PromiseServiceDeps {
  readonly live: LiveView;
  readonly clock: Clock;
  readonly logger: Logger;
  /** The most items an EstimateBatch call may carry. */
  readonly batchItemLimit: number;
  /** Entries in the estimate cache (0: no cache). */
  readonly estimateCacheSize: number;
  /** The estimate cache's limit in bytes (see estimateEntryBytes); unlimited when undefined. */
  readonly estimateCacheBytes?: number | undefined;
  /**
   * Checkout (QuoteCart, ConfirmPromise, GetPromise, CancelPromise, FulfilPromise); absent:
   * UNIMPLEMENTED.
   */
  readonly checkout?: Checkout | undefined;
  /** Dominated options in estimates: hidden (default), marked or shown. */
  readonly dominatedOptions?: DominatedOptionsMode | undefined;
  /** An Estimator built elsewhere (shared with another transport); default: one from the above. */
  readonly estimator?: ProtoEstimator | undefined;
}

/** The public service's handlers, and the cache they share (for metrics and tests). */
export interface PromiseService {
  /**
   * Estimate and EstimateBatch, and the checkout RPCs when a Checkout is given (without one,
   * grpc-js answers UNIMPLEMENTED for them).
   */
  readonly handlers: Pick<PromiseServiceHandlers, "Estimate" | "EstimateBatch"> &
    Partial<CheckoutHandlers>;
  readonly cache: EstimateCache<EstimateResponse>;
  /** The product-page use case the handlers call (shared with the HTTP edge). */
  readonly estimator: ProtoEstimator;
}

/** The Estimator whose replies are the native gRPC edge's EstimateResponse objects. */
export type ProtoEstimator = Estimator<EstimateResponse, LocaleLabels>;

/**
 * The request's confidence: unset (CONFIDENCE_UNSPECIFIED) is STANDARD, so a client that sends
 * nothing gets the standard date; an unknown enum number is a bad request.
 */
function confidenceOf(value: EstimateRequest__Output["confidence"]): Confidence {
  switch (value as unknown) {
    case "CONFIDENCE_UNSPECIFIED":
    case "CONFIDENCE_STANDARD":
    case 0:
    case 2:
      return "STANDARD";
    case "CONFIDENCE_HIGH":
    case 1:
      return "HIGH";
    default:
      throw invalidArgument(
        "confidence",
        "expected CONFIDENCE_UNSPECIFIED, CONFIDENCE_STANDARD or CONFIDENCE_HIGH",
      );
  }
}

/** The request-level fields of Estimate and EstimateBatch, as the Estimator takes them. */
export function scopeOf(
  req: Pick<
    EstimateRequest__Output,
    "destination" | "at" | "locale" | "cartValue" | "confidence" | "maxPickupStores"
  >,
): EstimateScope {
  const d = req.destination;
  return {
    destination:
      d === null
        ? undefined
        : { countryCode: d.countryCode, postalCode: d.postalCode, province: d.province },
    atMs: req.at === null ? undefined : timestampToMs(req.at, "at"),
    locale: req.locale,
    cartValue: cartValueOf(req.cartValue, "cart_value"),
    confidence: confidenceOf(req.confidence),
    maxPickupStores: maxPickupStoresOf(req.maxPickupStores),
    point: destinationPoint(d),
  };
}

const keptScopes = new WeakMap<object, EstimateScope>();

/**
 * scopeOf, worked out once for a frozen request (guardRequestDecoding hands the same frozen
 * object to every call with the same bytes, see RepeatedRequests) and kept beside it, frozen too;
 * a request that is not frozen gets a new scope on every call.
 */
export function estimateScopeOf(req: Parameters<typeof scopeOf>[0]): EstimateScope {
  if (!Object.isFrozen(req)) return scopeOf(req);
  let scope = keptScopes.get(req);
  if (scope === undefined) {
    scope = deepFreeze(scopeOf(req));
    keptScopes.set(req, scope);
  }
  return scope;
}

/** The native gRPC replies: proto-loader objects, encoded once when cached (markReusable). */
export function protoEstimatePresenter(): EstimatePresenter<EstimateResponse, LocaleLabels> {
  const labels = new DeliveryLabels();
  return {
    labels: (locale) => labels.forLocale(locale),
    present: toProtoEstimate,
    keep: markReusable,
    entryBytes: estimateEntryBytes,
    withPickups(reply, options, net, labels, atMs) {
      const { protos, bytes } = pickupProtos(net, options, labels, atMs);
      return withPickupOptions(reply, protos, bytes);
    },
  };
}

export function createPromiseService(deps: PromiseServiceDeps): PromiseService {
  const { logger } = deps;
  const estimator =
    deps.estimator ??
    new Estimator({
      live: deps.live,
      clock: deps.clock,
      presenter: protoEstimatePresenter(),
      batchItemLimit: deps.batchItemLimit,
      estimateCacheSize: deps.estimateCacheSize,
      estimateCacheBytes: deps.estimateCacheBytes,
      dominatedOptions: deps.dominatedOptions,
    });

  const handlers: PromiseService["handlers"] = {
    Estimate(call, callback) {
      let response: EstimateResponse;
      try {
        const req = call.request;
        response = estimator.estimate(req, estimateScopeOf(req));
      } catch (err) {
        callback(toStatus(err, logger, "Estimate"));
        return;
      }
      callback(null, response);
    },
    EstimateBatch(call, callback) {
      let response: EstimateBatchResponse;
      try {
        const req = call.request;
        response = { results: estimator.estimateBatch(req.items, scopeOf(req)) };
      } catch (err) {
        callback(toStatus(err, logger, "EstimateBatch"));
        return;
      }
      callback(null, response);
    },
  };

  if (deps.checkout !== undefined) {
    Object.assign(handlers, createCheckoutHandlers(deps.checkout, logger));
  }
  return { handlers, cache: estimator.cache, estimator };
}
