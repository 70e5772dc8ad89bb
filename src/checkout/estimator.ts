import type { Clock } from "../config/clock.js";
import { DomainError, invalidArgument, notFound } from "../domain/domain-error.js";
import { checkOrderInstant } from "../engine/check-order-instant.js";
import type { CompiledNetwork, CompiledZone } from "../engine/compiled-network.js";
import { utcDayOf } from "../engine/day.js";
import type { DominatedOptionsMode } from "../engine/dominated-options.js";
import { type CartValue, estimate } from "../engine/estimate.js";
import type { GeoPoint } from "../engine/geo-point.js";
import { localDayOf } from "../engine/local-day.js";
import {
  DEFAULT_MAX_PICKUP_STORES,
  type PickupOption,
  pickupOptions,
} from "../engine/pickup-options.js";
import { resolveDestination } from "../engine/resolve-destination.js";
import { samePickupOptions } from "../engine/same-pickup-options.js";
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
  present(
    sku: string,
    quantity: number,
    result: EstimateResult,
    labels: Labels,
    today: number,
  ): Reply;
  /** Called once for a reply that goes into the cache (it is sent again unchanged). */
  keep(reply: Reply): void;
  /** What a cached reply costs in bytes (the cache's byte limit). */
  entryBytes(reply: Reply): number;
  /**
   * The reply with this request's pick-up options; the reply given must not change. It may depend
   * on `atMs` only through each option's store-local date of the order (localDayOf), for the
   * Estimator reuses it for later calls whose options and dates are the same (see addPickups).
   * Absent: the transport shows no pick-ups.
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

/** The last reply with pick-ups built on a cached reply, and the pick-up answer it shows. */
interface PickupMemo<Reply> {
  readonly options: readonly PickupOption[];
  /** Each option's store-local date of the order. */
  readonly orderDays: readonly number[];
  readonly reply: Reply;
  /** The request that got these options: its store limit and coordinates... */
  readonly maxStores: number;
  readonly point: GeoPoint | undefined;
  /** ...and the order instants they hold for, [fromMs, untilMs) (see PickupValidity). */
  readonly fromMs: number;
  readonly untilMs: number;
}
/** Resolved destinations remembered per network (the memo starts over when full). */
const ZONE_MEMO_SIZE = 10_000;

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
  readonly batchItemLimit: number;
  /**
   * Destinations already resolved against `zonesOf` (product pages ask for the same few postal
   * codes again and again), by their raw fields; only successful resolutions are kept.
   */
  private zonesOf: LiveState["network"] | undefined;
  private readonly zones = new Map<string, CompiledZone>();
  /**
   * Per cached reply, the reply with pick-ups last built on it: pick-up options are worked out on
   * every call (ready times move with the order instant), but while they come out the same the
   * reply with them is reused (and so are its encoded bytes). It is charged to the cached entry
   * (EstimateCache.charge), so the cache's byte limit covers it.
   */
  private readonly pickupMemo = new WeakMap<Reply, PickupMemo<Reply>>();

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
    deps.live.onSwap(() => this.cache.clear());
  }

  /** One SKU's options (NOT_FOUND `sku` for an unknown SKU). */
  estimate(item: EstimateItem, scope: EstimateScope): Reply {
    const state = this.live.current;
    const sku = requireSku(item.sku, "sku");
    const skuIndex = state.stock.skuIndex(sku);
    if (skuIndex < 0) throw notFound("sku", "unknown SKU");
    const quantity = requireQuantity(item.quantity, "quantity");
    return this.estimateOne(this.resolve(state, scope), sku, skuIndex, quantity);
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
        results[i] = { estimate: this.estimateOne(ctx, sku, skuIndex, quantity) };
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
    if (this.zonesOf !== state.network || this.zones.size >= ZONE_MEMO_SIZE) {
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

  private resolve(state: LiveState, scope: EstimateScope): Resolved<Labels> {
    const zone = this.zoneOf(state, scope.destination);
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
    };
  }

  private estimateOne(
    ctx: Resolved<Labels>,
    sku: string,
    skuIndex: number,
    quantity: number,
  ): Reply {
    const { state, zone, cartValue, labels, window } = ctx;
    const live = this.live;
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
      ctx.high,
    );
    const hit = this.cache.get(key);
    if (hit !== undefined) return this.addPickups(ctx, skuIndex, quantity, hit, key);
    const reader = this.capacity.begin(
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
      dominatedOptions: this.dominatedOptions,
      confidence: ctx.confidence,
    });
    const reply = this.presenter.present(sku, quantity, result, labels, utcDayOf(ctx.atMs));
    if (!reader.holdsForWindow) return this.addPickups(ctx, skuIndex, quantity, reply, undefined);
    this.presenter.keep(reply);
    this.cache.set(key, reply);
    return this.addPickups(ctx, skuIndex, quantity, reply, key);
  }

  /**
   * The reply with pick-up options at the nearest stores (see pickupOptions). `cachedKey`: the
   * reply is the estimate cache's entry under this key, and the reply with pick-ups may be
   * remembered with it (see pickupMemo).
   */
  private addPickups(
    ctx: Resolved<Labels>,
    skuIndex: number,
    quantity: number,
    reply: Reply,
    cachedKey: string | undefined,
  ): Reply {
    const withPickups = this.presenter.withPickups;
    if (ctx.maxPickupStores === 0 || withPickups === undefined) return reply;
    const { atMs, point } = ctx;
    const memo = cachedKey === undefined ? undefined : this.pickupMemo.get(reply);
    // The same request within the instants the last answer holds for: nothing to work out.
    if (
      memo !== undefined &&
      memo.fromMs <= atMs &&
      atMs < memo.untilMs &&
      memo.maxStores === ctx.maxPickupStores &&
      (memo.point === point ||
        (memo.point !== undefined &&
          point !== undefined &&
          memo.point.lat === point.lat &&
          memo.point.lon === point.lon))
    ) {
      return memo.reply;
    }
    const validity = { untilMs: Number.POSITIVE_INFINITY };
    const options = pickupOptions(
      ctx.state.network,
      ctx.state.stock,
      this.live.capacity,
      {
        lines: [{ skuIndex, quantity }],
        zone: ctx.zone,
        point,
        atMs,
        maxStores: ctx.maxPickupStores,
      },
      validity,
    );
    const net = ctx.state.network;
    if (cachedKey === undefined) {
      if (options.length === 0) return reply;
      return withPickups.call(this.presenter, reply, options, net, ctx.labels, atMs);
    }
    const orderDays = options.map((o) =>
      localDayOf(net.stores[o.storeIndex]!.location, net.horizon, atMs),
    );
    const remember = (answer: Reply) => {
      this.pickupMemo.set(reply, {
        options,
        orderDays,
        reply: answer,
        maxStores: ctx.maxPickupStores,
        point,
        fromMs: atMs,
        untilMs: validity.untilMs,
      });
      return answer;
    };
    if (options.length === 0) return remember(reply);
    // The same options as last time (a new quarter hour that moved nothing): the same reply.
    if (
      memo !== undefined &&
      samePickupOptions(memo.options, options) &&
      sameNumbers(memo.orderDays, orderDays)
    ) {
      return remember(memo.reply);
    }
    const answer = withPickups.call(this.presenter, reply, options, net, ctx.labels, atMs);
    this.presenter.keep(answer);
    this.cache.charge(cachedKey, reply, this.presenter.entryBytes(answer));
    return remember(answer);
  }
}

function sameNumbers(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
