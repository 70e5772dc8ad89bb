import type { Logger } from "pino";
import type { Checkout } from "../checkout/checkout.js";
import type { Clock } from "../config/clock.js";
import { checkOrderInstant } from "../engine/check-order-instant.js";
import type { CompiledZone } from "../engine/compiled-network.js";
import { DomainError, invalidArgument, notFound } from "../engine/domain-error.js";
import type { DominatedOptionsMode } from "../engine/dominated-options.js";
import { type CartValue, estimate } from "../engine/estimate.js";
import type { GeoPoint } from "../engine/geo-point.js";
import { pickupOptions } from "../engine/pickup-options.js";
import type { Confidence } from "../engine/shipping-option.js";
import { EstimateCache, estimateKey } from "../view/estimate-cache.js";
import type { LiveState, LiveView } from "../view/live-view.js";
import { WindowCapacityReader } from "../view/window-capacity-reader.js";
import { type CheckoutHandlers, createCheckoutHandlers } from "./checkout-handlers.js";
import { DeliveryLabels, type LocaleLabels } from "./delivery-labels.js";
import { toStatus } from "./error-status.js";
import { toProtoEstimate } from "./estimate-to-proto.js";
import type { EstimateBatchRequest__Output } from "./generated/promise/v1/EstimateBatchRequest.js";
import type { EstimateBatchResponse } from "./generated/promise/v1/EstimateBatchResponse.js";
import type { EstimateBatchResult } from "./generated/promise/v1/EstimateBatchResult.js";
import type { EstimateRequest__Output } from "./generated/promise/v1/EstimateRequest.js";
import type { EstimateResponse } from "./generated/promise/v1/EstimateResponse.js";
import type { PromiseServiceHandlers } from "./generated/promise/v1/PromiseService.js";
import { estimateEntryBytes, markReusable, withPickupOptions } from "./memoized-encoding.js";
import { destinationPoint, maxPickupStoresOf, pickupProtos } from "./pickup-to-proto.js";
import {
  cartValueOf,
  destinationZone,
  requireQuantity,
  requireSku,
  timestampToMs,
} from "./request-fields.js";

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
}

/** What every estimate of one request shares, after request-level validation. */
interface EstimateContext {
  readonly state: LiveState;
  readonly zone: CompiledZone;
  readonly atMs: number;
  readonly window: number;
  readonly labels: LocaleLabels;
  readonly cartValue: CartValue | undefined;
  readonly confidence: Confidence;
  /** Pick-up: the most stores (0 when the network has none) and the shopper's coordinates. */
  readonly maxPickupStores: number;
  readonly point: GeoPoint | undefined;
}

const ITEM_FIELDS = new Set(["sku", "quantity"]);
/** Resolved destinations remembered per network (the memo starts over when full). */
const ZONE_MEMO_SIZE = 10_000;

/** The request's confidence; an unknown enum number is a bad request. */
function confidenceOf(value: EstimateRequest__Output["confidence"]): Confidence {
  if (value === "CONFIDENCE_STANDARD" || (value as unknown) === 0) return "STANDARD";
  if (value === "CONFIDENCE_HIGH" || (value as unknown) === 1) return "HIGH";
  throw invalidArgument("confidence", "expected CONFIDENCE_STANDARD or CONFIDENCE_HIGH");
}

export function createPromiseService(deps: PromiseServiceDeps): PromiseService {
  const { live, clock, logger, batchItemLimit } = deps;
  const cache = new EstimateCache<EstimateResponse>(
    deps.estimateCacheSize,
    deps.estimateCacheBytes,
    estimateEntryBytes,
  );
  const dominatedOptions = deps.dominatedOptions ?? "hide";
  const labelsByLocale = new DeliveryLabels();
  const capacity = new WindowCapacityReader(live.capacity);
  live.onSwap(() => cache.clear());

  /**
   * Destinations already resolved against `zonesOf` (product pages ask for the same few postal
   * codes again and again), by their raw fields; only successful resolutions are kept.
   */
  let zonesOf: LiveState["network"] | undefined;
  const zones = new Map<string, CompiledZone>();

  function zoneOf(
    state: LiveState,
    destination: EstimateRequest__Output["destination"],
  ): CompiledZone {
    if (zonesOf !== state.network || zones.size >= ZONE_MEMO_SIZE) {
      zones.clear();
      zonesOf = state.network;
    }
    if (destination === null) return destinationZone(state.network, destination);
    const key = `${destination.countryCode}\n${destination.postalCode}\n${destination.province}`;
    let zone = zones.get(key);
    if (zone === undefined) {
      zone = destinationZone(state.network, destination);
      zones.set(key, zone);
    }
    return zone;
  }

  function context(
    state: LiveState,
    destination: EstimateRequest__Output["destination"],
    at: EstimateRequest__Output["at"],
    locale: string,
    cartValue: EstimateRequest__Output["cartValue"],
    confidence: EstimateRequest__Output["confidence"],
    maxPickupStores: number | undefined,
  ): EstimateContext {
    const zone = zoneOf(state, destination);
    const now = clock();
    const atMs = at === null ? now : timestampToMs(at, "at");
    checkOrderInstant(state.network, atMs);
    // The backlog moves on when a warehouse's cut-off plus grace passes (one comparison).
    live.capacity.setNow(now);
    const labels = labelsByLocale.forLocale(locale);
    const cart = cartValueOf(cartValue, "cart_value");
    return {
      state,
      zone,
      atMs,
      window: state.windows.indexOf(atMs),
      labels,
      cartValue: cart,
      confidence: confidenceOf(confidence),
      maxPickupStores: state.network.stores.length === 0 ? 0 : maxPickupStoresOf(maxPickupStores),
      point: destinationPoint(destination),
    };
  }

  function estimateOne(
    ctx: EstimateContext,
    sku: string,
    skuIndex: number,
    quantity: number,
  ): EstimateResponse {
    const { state, zone, cartValue, labels, window } = ctx;
    const key = estimateKey(
      state.generation,
      skuIndex,
      state.stock.stamp(skuIndex),
      live.capacity.version,
      quantity,
      zone.index,
      cartValue === undefined ? "" : cartValue.currency,
      cartValue === undefined ? 0 : cartValue.cents,
      labels.locale,
      window,
      ctx.confidence === "HIGH",
    );
    const hit = cache.get(key);
    if (hit !== undefined) return addPickups(ctx, skuIndex, quantity, hit);
    const reader = capacity.begin(
      live.capacity,
      state.windows.start(window),
      state.windows.end(window),
    );
    const result = estimate(state.network, state.stock, reader, {
      skuIndex,
      quantity,
      zone,
      atMs: ctx.atMs,
      cartValue,
      dominatedOptions,
      confidence: ctx.confidence,
    });
    const response = toProtoEstimate(sku, quantity, result, labels);
    if (reader.holdsForWindow) {
      markReusable(response);
      cache.set(key, response);
    }
    return addPickups(ctx, skuIndex, quantity, response);
  }

  /**
   * The estimate with pick-up options for this request (never cached: ready times move with the
   * order instant); the cached part keeps its memoized bytes.
   */
  function addPickups(
    ctx: EstimateContext,
    skuIndex: number,
    quantity: number,
    response: EstimateResponse,
  ): EstimateResponse {
    if (ctx.maxPickupStores === 0) return response;
    const net = ctx.state.network;
    const options = pickupOptions(net, ctx.state.stock, live.capacity, {
      lines: [{ skuIndex, quantity }],
      zone: ctx.zone,
      point: ctx.point,
      atMs: ctx.atMs,
      maxStores: ctx.maxPickupStores,
    });
    if (options.length === 0) return response;
    const { protos, bytes } = pickupProtos(net, options, ctx.labels.locale, ctx.atMs);
    return withPickupOptions(response, protos, bytes);
  }

  function handleEstimate(req: EstimateRequest__Output): EstimateResponse {
    const state = live.current;
    const sku = requireSku(req.sku, "sku");
    const skuIndex = state.stock.skuIndex(sku);
    if (skuIndex < 0) throw notFound("sku", "unknown SKU");
    const quantity = requireQuantity(req.quantity, "quantity");
    const ctx = context(
      state,
      req.destination,
      req.at,
      req.locale,
      req.cartValue,
      req.confidence,
      req.maxPickupStores,
    );
    return estimateOne(ctx, sku, skuIndex, quantity);
  }

  function handleBatch(req: EstimateBatchRequest__Output): EstimateBatchResponse {
    const state = live.current;
    const items = req.items;
    if (items.length === 0) throw invalidArgument("items", "expected at least one item");
    if (items.length > batchItemLimit) {
      throw invalidArgument(
        "items",
        `expected at most ${batchItemLimit} items, got ${items.length}`,
      );
    }
    const ctx = context(
      state,
      req.destination,
      req.at,
      req.locale,
      req.cartValue,
      req.confidence,
      req.maxPickupStores,
    );
    const results: EstimateBatchResult[] = new Array(items.length);
    for (let i = 0; i < items.length; i++) {
      const item = items[i]!;
      try {
        const sku = requireSku(item.sku, "sku");
        const skuIndex = state.stock.skuIndex(sku);
        if (skuIndex < 0) throw notFound("sku", "unknown SKU");
        const quantity = requireQuantity(item.quantity, "quantity");
        results[i] = { estimate: estimateOne(ctx, sku, skuIndex, quantity) };
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        const own = err.field !== undefined && ITEM_FIELDS.has(err.field);
        const field = own ? `items[${i}].${err.field}` : (err.field ?? "");
        results[i] = {
          error: {
            code: err.kind,
            message: own ? `items[${i}].${err.message}` : err.message,
            field,
          },
        };
      }
    }
    return { results };
  }

  const handlers: PromiseService["handlers"] = {
    Estimate(call, callback) {
      let response: EstimateResponse;
      try {
        response = handleEstimate(call.request);
      } catch (err) {
        callback(toStatus(err, logger, "Estimate"));
        return;
      }
      callback(null, response);
    },
    EstimateBatch(call, callback) {
      let response: EstimateBatchResponse;
      try {
        response = handleBatch(call.request);
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
  return { handlers, cache };
}
