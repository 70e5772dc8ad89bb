import type { Clock } from "../config/clock.js";
import { memoryLimits } from "../config/memory-limits.js";
import { DomainError, invalidArgument, notFound } from "../domain/domain-error.js";
import { checkOrderInstant } from "../engine/check-order-instant.js";
import type { CompiledNetwork, CompiledZone } from "../engine/compiled-network.js";
import { type Day, utcDayOf } from "../engine/day.js";
import type { DominatedOptionsMode } from "../engine/dominated-options.js";
import { type CartValue, estimate } from "../engine/estimate.js";
import type { GeoPoint } from "../engine/geo-point.js";
import type { SkuIndex } from "../engine/network-index.js";
import {
  DEFAULT_MAX_PICKUP_STORES,
  type PickupOption,
  pickupOptions,
} from "../engine/pickup-options.js";
import { resolveDestination } from "../engine/resolve-destination.js";
import type { Confidence, EstimateResult } from "../engine/shipping-option.js";
import { EstimateCache, estimateKey } from "../view/estimate-cache.js";
import type { LiveState, LiveView } from "../view/live-view.js";
import { WindowCapacityReader } from "../view/window-capacity-reader.js";
import { requireQuantity, requireSku } from "./item-fields.js";
import type { PromiseDestination } from "./promise-payload.js";

/**
 * How a transport turns an engine result into its reply. The Estimator caches replies, so a
 * cache hit costs no mapping and (for the native gRPC edge) no encoding either.
 */
export interface EstimatePresenter<Reply extends {}, Labels extends { readonly locale: string }> {
  /** The labels of a request locale (throws INVALID_ARGUMENT `locale` for a bad tag). */
  labels(locale: string): Labels;
  /** `today`: the order's UTC day (delivery labels show the year when a window is far off). */
  present(sku: string, quantity: number, result: EstimateResult, labels: Labels, today: Day): Reply;
  /** Called once for a reply that goes into the cache (it is sent again unchanged). */
  keep(reply: Reply): void;
  /** What a cached reply costs in bytes (the cache's byte limit). */
  entryBytes(reply: Reply): number;
  /**
   * The reply with this request's pick-up options, a new object (the Estimator caches it, with
   * `keep`, for the pick-up window); `reply` itself must not change. Absent: the transport shows
   * no pick-ups.
   */
  withPickups?(
    reply: Reply,
    options: PickupOption[],
    net: CompiledNetwork,
    labels: Labels,
    atMs: number,
  ): Reply;
}

/** What every estimate of one request shares (the request-level fields, already parsed). */
export interface EstimateScope {
  /** Undefined: INVALID_ARGUMENT `destination` "is required". */
  readonly destination: PromiseDestination | undefined;
  /** The order instant; default: now. */
  readonly atMs?: number | undefined;
  /** BCP 47 tag; empty: "en". */
  readonly locale: string;
  readonly cartValue?: CartValue | undefined;
  readonly confidence: Confidence;
  /** Pick-up options for at most this many stores (default 3; 0: none). */
  readonly maxPickupStores?: number | undefined;
  /** The shopper's coordinates (nearest stores first; radius-served stores count). */
  readonly point?: GeoPoint | undefined;
}

export interface EstimateItem {
  readonly sku: string;
  readonly quantity: number;
}

/** One item of a batch: its estimate, or the error that item alone met. */
export type EstimateBatchEntry<Reply> =
  | { readonly estimate: Reply; readonly error?: never }
  | {
      readonly estimate?: never;
      readonly error: { readonly code: string; readonly message: string; readonly field: string };
    };

export interface EstimatorDeps<Reply extends {}, Labels extends { readonly locale: string }> {
  readonly live: LiveView;
  readonly clock: Clock;
  readonly presenter: EstimatePresenter<Reply, Labels>;
  /** The most items an EstimateBatch call may carry. */
  readonly batchItemLimit: number;
  /** Entries in the estimate cache (0: no cache). */
  readonly estimateCacheSize: number;
  /** The estimate cache's limit in bytes; unlimited when undefined. */
  readonly estimateCacheBytes?: number | undefined;
  /** Dominated options in estimates: hidden (default), marked or shown. */
  readonly dominatedOptions?: DominatedOptionsMode | undefined;
}

const ITEM_FIELDS = new Set(["sku", "quantity"]);

/**
 * What a frozen scope (the same request again: the gRPC edge hands every call with the same
 * bytes one frozen request and scope, see RepeatedRequests) keeps between calls: its zone, for the
 * network it was resolved on, and the cache keys last built for one frozen item with what they
 * were built from, so a repeated request looks the cache up without building its key strings.
 */
interface KeptScope {
  network: CompiledNetwork;
  zone: CompiledZone;
  item: EstimateItem | undefined;
  generation: number;
  skuIndex: number;
  stamp: number;
  capacityVersion: number;
  window: number;
  pickupWindow: number;
  key: string;
  pickupKey: string;
}

interface Resolved<Labels> {
  readonly state: LiveState;
  readonly zone: CompiledZone;
  readonly atMs: number;
  readonly window: number;
  readonly labels: Labels;
  readonly cartValue: CartValue | undefined;
  readonly high: boolean;
  readonly confidence: Confidence;
  readonly maxPickupStores: number;
  readonly point: GeoPoint | undefined;
  /** The scope's kept state when the scope is frozen. */
  readonly kept: KeptScope | undefined;
}

/**
 * The product-page use case (Estimate and EstimateBatch), the counterpart of Checkout: answered
 * from the live view and never from the store. It holds the destination memo, the estimate cache
 * (keyed by everything an answer depends on, see estimateKey) and the per-window capacity reader.
 * Every transport (native gRPC, Connect/gRPC-Web, the Shopify callback) calls it.
 */
export class Estimator<Reply extends {}, Labels extends { readonly locale: string }> {
  readonly cache: EstimateCache<Reply>;
  private readonly live: LiveView;
  private readonly clock: Clock;
  private readonly presenter: EstimatePresenter<Reply, Labels>;
  private readonly dominatedOptions: DominatedOptionsMode;
  private readonly capacity: WindowCapacityReader;
  /** The pick-up part's reader (a second one: the shipping part may still be using the first). */
  private readonly pickupCapacity: WindowCapacityReader;
  readonly batchItemLimit: number;
  /**
   * Destinations already resolved against `zonesOf` (product pages ask for the same few postal
   * codes again and again), by their raw fields; only successful resolutions are kept.
   */
  private zonesOf: LiveState["network"] | undefined;
  private readonly zones = new Map<string, CompiledZone>();
  /** Kept state of frozen scopes (weak: it goes with the request it came from). */
  private readonly keptScopes = new WeakMap<EstimateScope, KeptScope>();

  constructor(deps: EstimatorDeps<Reply, Labels>) {
    this.live = deps.live;
    this.clock = deps.clock;
    this.presenter = deps.presenter;
    this.batchItemLimit = deps.batchItemLimit;
    this.dominatedOptions = deps.dominatedOptions ?? "hide";
    this.cache = new EstimateCache<Reply>(
      deps.estimateCacheSize,
      deps.estimateCacheBytes,
      (reply) => deps.presenter.entryBytes(reply),
    );
    this.capacity = new WindowCapacityReader(deps.live.capacity);
    this.pickupCapacity = new WindowCapacityReader(deps.live.capacity);
    deps.live.onSwap(() => this.cache.clear());
  }

  /** One SKU's options (NOT_FOUND `sku` for an unknown SKU). */
  estimate(item: EstimateItem, scope: EstimateScope): Reply {
    const state = this.live.current;
    const sku = requireSku(item.sku, "sku");
    const skuIndex = state.stock.skuIndex(sku);
    if (skuIndex < 0) throw notFound("sku", "unknown SKU");
    const quantity = requireQuantity(item.quantity, "quantity");
    const frozenItem = Object.isFrozen(item) ? item : undefined;
    if (frozenItem !== undefined) {
      const hit = this.keptHit(state, scope, frozenItem, skuIndex);
      if (hit !== undefined) return hit;
    }
    const ctx = this.resolve(state, scope);
    return this.estimateOne(ctx, sku, skuIndex, quantity, frozenItem);
  }

  /**
   * The cached reply of a frozen request whose kept keys still hold (the same checks as
   * estimateOne's, without building the call's context), counted as a cache hit; undefined, with
   * nothing counted, when a key does not hold or the entry is gone (the full path then runs and
   * counts its own lookup). Checks the order instant and moves the capacity view's clock on as
   * resolve does.
   */
  private keptHit(
    state: LiveState,
    scope: EstimateScope,
    item: EstimateItem,
    skuIndex: SkuIndex,
  ): Reply | undefined {
    const kept = this.keptScopes.get(scope);
    if (
      kept === undefined ||
      kept.network !== state.network ||
      kept.item !== item ||
      kept.generation !== state.generation ||
      kept.skuIndex !== skuIndex
    ) {
      return undefined;
    }
    const now = this.clock();
    const atMs = scope.atMs ?? now;
    checkOrderInstant(state.network, atMs);
    const capacity = this.live.capacity;
    capacity.setNow(now);
    if (
      kept.stamp !== state.stock.stamp(skuIndex) ||
      kept.capacityVersion !== capacity.version ||
      kept.window !== state.windows.indexOf(atMs)
    ) {
      return undefined;
    }
    const pickups =
      state.network.stores.length !== 0 &&
      (scope.maxPickupStores ?? DEFAULT_MAX_PICKUP_STORES) !== 0 &&
      this.presenter.withPickups !== undefined;
    const pickupWindow = pickups ? state.pickupWindows.indexOf(atMs) : -1;
    if (kept.pickupWindow !== pickupWindow) return undefined;
    return this.cache.getIfHit(pickups ? kept.pickupKey : kept.key);
  }

  /**
   * Several SKUs to one destination: request-level errors throw; an item's own error (its SKU or
   * quantity) is answered in its place, with the field as `items[i].sku`.
   */
  estimateBatch(items: readonly EstimateItem[], scope: EstimateScope): EstimateBatchEntry<Reply>[] {
    const state = this.live.current;
    if (items.length === 0) throw invalidArgument("items", "expected at least one item");
    if (items.length > this.batchItemLimit) {
      throw invalidArgument(
        "items",
        `expected at most ${this.batchItemLimit} items, got ${items.length}`,
      );
    }
    const ctx = this.resolve(state, scope);
    const results: EstimateBatchEntry<Reply>[] = new Array(items.length);
    for (let i = 0; i < items.length; i++) {
      const item = items[i]!;
      try {
        const sku = requireSku(item.sku, "sku");
        const skuIndex = state.stock.skuIndex(sku);
        if (skuIndex < 0) throw notFound("sku", "unknown SKU");
        const quantity = requireQuantity(item.quantity, "quantity");
        results[i] = { estimate: this.estimateOne(ctx, sku, skuIndex, quantity, undefined) };
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        const own = err.field !== undefined && ITEM_FIELDS.has(err.field);
        const field = own ? `items[${i}].${err.field}` : (err.field ?? "");
        results[i] = {
          error: {
            code: err.kind,
            message: own ? `items[${i}].${err.text}` : err.text,
            field,
          },
        };
      }
    }
    return results;
  }

  private zoneOf(state: LiveState, destination: PromiseDestination | undefined): CompiledZone {
    if (destination === undefined) throw invalidArgument("destination", "is required");
    if (this.zonesOf !== state.network || this.zones.size >= memoryLimits().destinationMemo) {
      this.zones.clear();
      this.zonesOf = state.network;
    }
    const key = `${destination.countryCode}\n${destination.postalCode}\n${destination.province}`;
    let zone = this.zones.get(key);
    if (zone === undefined) {
      zone = resolveDestination(state.network, {
        countryCode: destination.countryCode,
        postalCode: destination.postalCode,
        province: destination.province === "" ? undefined : destination.province,
      });
      this.zones.set(key, zone);
    }
    return zone;
  }

  /** The zone of a scope, kept with a frozen scope (with the network it was resolved on). */
  private keptZoneOf(
    state: LiveState,
    scope: EstimateScope,
  ): { zone: CompiledZone; kept: KeptScope | undefined } {
    if (!Object.isFrozen(scope))
      return { zone: this.zoneOf(state, scope.destination), kept: undefined };
    let kept = this.keptScopes.get(scope);
    if (kept === undefined || kept.network !== state.network) {
      kept = {
        network: state.network,
        zone: this.zoneOf(state, scope.destination),
        item: undefined,
        generation: -1,
        skuIndex: -1,
        stamp: -1,
        capacityVersion: -1,
        window: -1,
        pickupWindow: -1,
        key: "",
        pickupKey: "",
      };
      this.keptScopes.set(scope, kept);
    }
    return { zone: kept.zone, kept };
  }

  private resolve(state: LiveState, scope: EstimateScope): Resolved<Labels> {
    const { zone, kept } = this.keptZoneOf(state, scope);
    const now = this.clock();
    const atMs = scope.atMs ?? now;
    checkOrderInstant(state.network, atMs);
    // The backlog moves on when a warehouse's cut-off plus grace passes (one comparison).
    this.live.capacity.setNow(now);
    const labels = this.presenter.labels(scope.locale);
    return {
      state,
      zone,
      atMs,
      window: state.windows.indexOf(atMs),
      labels,
      cartValue: scope.cartValue,
      high: scope.confidence === "HIGH",
      confidence: scope.confidence,
      maxPickupStores:
        state.network.stores.length === 0
          ? 0
          : (scope.maxPickupStores ?? DEFAULT_MAX_PICKUP_STORES),
      point: scope.point,
      kept,
    };
  }

  private estimateOne(
    ctx: Resolved<Labels>,
    sku: string,
    skuIndex: SkuIndex,
    quantity: number,
    /** The item when it is frozen (its keys can be kept with a frozen scope). */
    frozenItem: EstimateItem | undefined,
  ): Reply {
    const { state, zone, cartValue, labels, window } = ctx;
    const live = this.live;
    const stamp = state.stock.stamp(skuIndex);
    const capacityVersion = live.capacity.version;
    const withPickups = this.presenter.withPickups;
    const pickups = ctx.maxPickupStores !== 0 && withPickups !== undefined;
    // The finer pick-up window of the order instant, within which every pick-up answer is the
    // same (TimeWindows.ofPickups).
    const pickupWindow = pickups ? state.pickupWindows.indexOf(ctx.atMs) : -1;
    const kept = frozenItem === undefined ? undefined : ctx.kept;
    let key: string;
    let pickupKey: string;
    if (
      kept !== undefined &&
      kept.item === frozenItem &&
      kept.generation === state.generation &&
      kept.skuIndex === skuIndex &&
      kept.stamp === stamp &&
      kept.capacityVersion === capacityVersion &&
      kept.window === window &&
      kept.pickupWindow === pickupWindow
    ) {
      key = kept.key;
      pickupKey = kept.pickupKey;
    } else {
      key = estimateKey(
        state.generation,
        skuIndex,
        stamp,
        capacityVersion,
        quantity,
        zone.index,
        cartValue === undefined ? "" : cartValue.currency,
        cartValue === undefined ? 0 : cartValue.cents,
        labels.locale,
        window,
        ctx.high,
      );
      // The whole answer with pick-ups is cached too: the same key plus what pick-ups add (how
      // many stores, the coordinates) and the pick-up window.
      pickupKey = pickups ? pickupCacheKey(key, ctx.maxPickupStores, ctx.point, pickupWindow) : "";
      if (kept !== undefined) {
        kept.item = frozenItem;
        kept.generation = state.generation;
        kept.skuIndex = skuIndex;
        kept.stamp = stamp;
        kept.capacityVersion = capacityVersion;
        kept.window = window;
        kept.pickupWindow = pickupWindow;
        // The same string objects on every call: V8 flattens a string and keeps its hash on
        // the first lookup, so later lookups with them hash nothing.
        kept.key = key;
        kept.pickupKey = pickupKey;
      }
    }
    if (!pickups) return this.shippingReply(ctx, key, sku, skuIndex, quantity).reply;
    const hit = this.cache.get(pickupKey);
    if (hit !== undefined) return hit;
    const base = this.shippingReply(ctx, key, sku, skuIndex, quantity);
    const reader = this.pickupCapacity.begin(
      live.capacity,
      state.pickupWindows.start(pickupWindow),
      state.pickupWindows.end(pickupWindow),
    );
    const options = pickupOptions(state.network, state.stock, reader, {
      lines: [{ skuIndex, quantity }],
      zone,
      point: ctx.point,
      atMs: ctx.atMs,
      maxStores: ctx.maxPickupStores,
    });
    const reply =
      options.length === 0
        ? base.reply
        : withPickups.call(this.presenter, base.reply, options, state.network, labels, ctx.atMs);
    if (base.cached && reader.holdsForWindow && Number.isInteger(ctx.atMs)) {
      if (reply !== base.reply) this.presenter.keep(reply);
      this.cache.set(pickupKey, reply);
    }
    return reply;
  }

  /** The shipping options' reply, from the cache or computed (and cached when it holds). */
  private shippingReply(
    ctx: Resolved<Labels>,
    key: string,
    sku: string,
    skuIndex: SkuIndex,
    quantity: number,
  ): { readonly reply: Reply; readonly cached: boolean } {
    const hit = this.cache.get(key);
    if (hit !== undefined) return { reply: hit, cached: true };
    const { state, window } = ctx;
    const live = this.live;
    const reader = this.capacity.begin(
      live.capacity,
      state.windows.start(window),
      state.windows.end(window),
    );
    const result = estimate(state.network, state.stock, reader, {
      skuIndex,
      quantity,
      zone: ctx.zone,
      atMs: ctx.atMs,
      cartValue: ctx.cartValue,
      dominatedOptions: this.dominatedOptions,
      confidence: ctx.confidence,
    });
    const reply = this.presenter.present(sku, quantity, result, ctx.labels, utcDayOf(ctx.atMs));
    if (!reader.holdsForWindow) return { reply, cached: false };
    this.presenter.keep(reply);
    this.cache.set(key, reply);
    return { reply, cached: true };
  }
}

/**
 * The cache key of an estimate with pick-up options: the shipping answer's key, the number of
 * stores asked for, the coordinates (exact: distances are shown) and the pick-up window.
 */
export function pickupCacheKey(
  shippingKey: string,
  maxStores: number,
  point: GeoPoint | undefined,
  pickupWindow: number,
): string {
  const at = point === undefined ? "" : `${point.lat},${point.lon}`;
  return `${shippingKey}|P${maxStores}:${pickupWindow}:${at}`;
}
