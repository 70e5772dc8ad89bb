import type { Logger } from "pino";
import type { Clock } from "../config/clock.js";
import { DomainError, invalidArgument, notFound } from "../domain/domain-error.js";
import { hashRequest } from "../domain/request-hash.js";
import { shipUnits } from "../domain/ship-units.js";
import { MAX_SKU_LENGTH } from "../domain/sku.js";
import type { CartQuote } from "../engine/cart-quote.js";
import type { CartValue } from "../engine/cart-value.js";
import { checkOrderInstant } from "../engine/check-order-instant.js";
import type { CompiledNetwork, CompiledZone } from "../engine/compiled-network.js";
import {
  addDays,
  type Day,
  formatIsoDay,
  minDay,
  NO_DAY,
  parseIsoDay,
  utcDayOf,
} from "../engine/day.js";
import { applyDominance, type DominatedOptionsMode } from "../engine/dominated-options.js";
import type { GeoPoint } from "../engine/geo-point.js";
import { localDayOf } from "../engine/local-day.js";
import type { SkuIndex } from "../engine/network-index.js";
import { type PickupOption, pickupOptions } from "../engine/pickup-options.js";
import { quoteCart } from "../engine/quote-cart.js";
import { resolveDestination } from "../engine/resolve-destination.js";
import type { CapacityReader, StockReader } from "../engine/stock-reader.js";
import type { StoredRisk } from "../events/promise-event-store.js";
import type {
  CapacityClaim,
  ConfirmDecision,
  PickupClaim,
  StockClaim,
  Store,
  StoredPromise,
} from "../store/store.js";
import type { LiveView } from "../view/live-view.js";
import { BACKLOG_LOOKBACK_DAYS } from "../view/warehouse-backlog.js";
import {
  checkChoiceCombination,
  meetableDates,
  parseDeliverOn,
  unmeetable,
} from "./deliver-on-date.js";
import { decidePickup, pickupStoreOf } from "./pickup-decision.js";
import { type PromiseDestination, type PromiseLine, promisePayload } from "./promise-payload.js";
import { snapshotState } from "./snapshot-state.js";

/** Days of capacity and load a confirm snapshot reads, from the day before today. */
const SNAPSHOT_DAYS = 62;
/** The most lines a cart may have (documented in the README; the edge may lower it). */
export const DEFAULT_CART_LINE_LIMIT = 100;

export interface CartRequest {
  readonly lines: readonly PromiseLine[];
  readonly destination: PromiseDestination;
  readonly cartValue?: CartValue | undefined;
  /** Deliver on this date (YYYY-MM-DD; schedulable services only); see deliver-on-date.ts. */
  readonly deliverOn?: string | undefined;
}

export interface QuoteRequest extends CartRequest {
  /** Default: now. */
  readonly atMs?: number | undefined;
  /** Pick-up options for at most this many stores (default 0: none). */
  readonly maxPickupStores?: number | undefined;
  /** The shopper's coordinates (nearest stores first). */
  readonly point?: GeoPoint | undefined;
}

export interface ConfirmInput extends CartRequest {
  readonly idempotencyKey: string;
  readonly serviceId: string;
  /** Confirm the service's ship-as-available alternative (CartOption.asAvailable). */
  readonly shipAsAvailable?: boolean | undefined;
  /** Pick up at this store instead (serviceId empty); see pickup-decision.ts. */
  readonly pickupStoreId?: string | undefined;
  /** The latest delivery date the shopper saw (ISO), if any. */
  readonly shownDeliveryLatest?: string | undefined;
  /**
   * The caller's deadline (UTC ms, wall clock; default none). Checked inside the store
   * transaction right before anything is written: a confirm that waited in a commit group past
   * it writes nothing and fails DEADLINE_EXCEEDED, so a caller that gave up never holds stock
   * it does not know about.
   */
  readonly deadlineMs?: number | undefined;
}

/** Why a confirmation was refused, with the options that hold now (for checkout to show). */
export interface PromiseRefusal {
  readonly reason: "OPTION_UNAVAILABLE" | "LATER_THAN_SHOWN" | "OUT_OF_STOCK" | "CAPACITY_FULL";
  readonly quote: CartQuote;
  /** The SKU of a stock index in the quote. */
  readonly skuAt: (skuIndex: SkuIndex) => string;
}

export interface QuoteResult {
  readonly quote: CartQuote;
  readonly skuAt: (skuIndex: SkuIndex) => string;
  /** The order instant the quote is for (the request's `at`, else now). */
  readonly atMs: number;
  /** Pick-up of the whole cart at the nearest stores (QuoteRequest.maxPickupStores). */
  readonly pickups?: readonly PickupOption[];
  /** The network the quote used (for the pick-up labels). */
  readonly network?: CompiledNetwork;
}

export interface ConfirmResult {
  readonly promise: StoredPromise;
  /** False when an earlier call with the same key already made it. */
  readonly created: boolean;
}

export interface CheckoutDeps {
  readonly live: LiveView;
  readonly store: Store;
  readonly clock: Clock;
  readonly logger?: Logger | undefined;
  readonly cartLineLimit?: number | undefined;
  /**
   * Dominated options in quotes (and in the fresh options of a refusal): hidden (default), marked
   * or shown. A confirm accepts any option that can be kept, dominated or not: the shopper may
   * have been shown it before another option caught up with it.
   */
  readonly dominatedOptions?: DominatedOptionsMode | undefined;
  /** Called once per confirmation outcome, and once per promise cancelled or fulfilled (metrics). */
  readonly onOutcome?:
    | ((
        outcome: "confirmed" | "existing" | "refused" | "cancelled" | "fulfilled",
        reason: string,
      ) => void)
    | undefined;
  /** A promise's risk as the risk monitor last stored it (issue 13); absent: none is shown. */
  readonly riskOf?: ((id: string) => Promise<StoredRisk | null>) | undefined;
}

interface ParsedCart {
  readonly net: CompiledNetwork;
  readonly zone: CompiledZone;
  readonly lines: readonly { readonly sku: string; readonly quantity: number }[];
}

/** The store change up to which each part of the view holds the store's rows. */
interface SyncedSeqs {
  readonly stock: number;
  readonly capacity: number;
}

/** Which parts of the view a write of this process is still to be mirrored into. */
interface ViewParts {
  readonly stock: boolean;
  readonly capacity: boolean;
}

/**
 * Checkout: quotes carts from the in-memory view, and confirms an option as a durable promise by
 * re-computing it inside the store's transaction from the store's current state, then reserving
 * the stock, one order of capacity per shipping warehouse and ship date, and one carrier pickup
 * of the service at each shipping warehouse on its ship date when a peak limits pickups that day.
 */
export class Checkout {
  private readonly live: LiveView;
  private readonly store: Store;
  private readonly clock: Clock;
  private readonly cartLineLimit: number;
  private readonly dominatedOptions: DominatedOptionsMode;
  private readonly onOutcome: CheckoutDeps["onOutcome"];
  private readonly riskLookup: CheckoutDeps["riskOf"];
  private sequence = 0;

  constructor(deps: CheckoutDeps) {
    this.live = deps.live;
    this.store = deps.store;
    this.clock = deps.clock;
    this.cartLineLimit = deps.cartLineLimit ?? DEFAULT_CART_LINE_LIMIT;
    this.dominatedOptions = deps.dominatedOptions ?? "hide";
    this.onOutcome = deps.onOutcome;
    this.riskLookup = deps.riskOf;
  }

  /** Options for a whole cart from the in-memory view (no database). */
  quote(request: QuoteRequest): QuoteResult {
    const state = this.live.current;
    const cart = this.parseCart(state.network, request);
    const now = this.clock();
    const atMs = request.atMs ?? now;
    checkOrderInstant(cart.net, atMs);
    this.live.capacity.setNow(now);
    const orderDay = earliestOrderDay(cart.net, atMs);
    const deliverOn = parseDeliverOn(cart.net, request.deliverOn, orderDay);
    const quote = this.quoteWith(
      cart,
      state.stock,
      this.live.capacity,
      atMs,
      request.cartValue,
      this.dominatedOptions,
      deliverOn,
    );
    if (deliverOn !== undefined && quote.options.length === 0) {
      const open = this.quoteWith(
        cart,
        state.stock,
        this.live.capacity,
        atMs,
        request.cartValue,
        "show",
      );
      throw unmeetable(deliverOn, meetableDates(cart.net, open, orderDay));
    }
    const stock = state.stock;
    const pickups =
      (request.maxPickupStores ?? 0) > 0
        ? pickupOptions(cart.net, stock, this.live.capacity, {
            lines: cart.lines.map((l) => ({
              skuIndex: stock.skuIndex(l.sku),
              quantity: l.quantity,
            })),
            zone: cart.zone,
            point: request.point,
            atMs,
            maxStores: request.maxPickupStores ?? 0,
          })
        : [];
    return { quote, skuAt: (i) => stock.skuAt(i), atMs, pickups, network: cart.net };
  }

  /**
   * Confirms `serviceId` for the cart. Throws DomainError FAILED_PRECONDITION (details: a
   * PromiseRefusal) when the option no longer holds or delivers later than the shopper was shown,
   * ALREADY_EXISTS when the key was used for a different request, UNAVAILABLE when the store is.
   */
  async confirm(input: ConfirmInput): Promise<ConfirmResult> {
    const key = input.idempotencyKey.trim();
    if (key === "") throw invalidArgument("idempotency_key", "must not be empty");
    if (key.length > 200)
      throw invalidArgument("idempotency_key", "must be at most 200 characters");
    const state = this.live.current;
    const cart = this.parseCart(state.network, input);
    const pickupStore = pickupStoreOf(cart.net, input.pickupStoreId, input.serviceId);
    const service = cart.net.serviceById.get(input.serviceId);
    if (service === undefined && pickupStore === undefined) {
      throw invalidArgument("service_id", "unknown service");
    }
    let shownLatest: Day | undefined;
    if (input.shownDeliveryLatest !== undefined && input.shownDeliveryLatest !== "") {
      shownLatest = parseIsoDay(input.shownDeliveryLatest);
      if (shownLatest === undefined) {
        throw invalidArgument("shown_delivery_latest", "expected a date YYYY-MM-DD");
      }
    }
    const atMs = this.clock();
    checkOrderInstant(cart.net, atMs);
    const today = earliestOrderDay(cart.net, atMs);
    const deliverOn = parseDeliverOn(cart.net, input.deliverOn, today);
    checkChoiceCombination(pickupStore !== undefined, service, input.shipAsAvailable, deliverOn);
    const requestHash = hashRequest({
      lines: [...cart.lines].sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0)),
      destination: input.destination,
      serviceId: input.serviceId,
      shownDeliveryLatest: shownLatest === undefined ? "" : formatIsoDay(shownLatest),
      cartValue: input.cartValue ?? null,
      ...(pickupStore === undefined ? {} : { pickupStoreId: pickupStore.id }),
      ...(input.shipAsAvailable === true ? { shipAsAvailable: true } : {}),
      ...(deliverOn === undefined ? {} : { deliverOn: formatIsoDay(deliverOn) }),
    });
    const id = this.newId(atMs);
    let refusal: PromiseRefusal | undefined;

    const outcome = await this.store.confirm(
      {
        idempotencyKey: key,
        requestHash,
        skus: [...new Set(cart.lines.map((l) => l.sku))],
        // A pick-up store's capacity rows, even when it holds no row of the cart's SKUs.
        // (and its transfer warehouses' capacity and carrier pickup rows).
        ...(pickupStore === undefined
          ? {}
          : {
              locations: [pickupStore.id, ...pickupStore.transfers.map((t) => t.warehouse.id)],
            }),
        // From the oldest day whose unshipped promises still count as backlog.
        fromDay: addDays(today, -BACKLOG_LOOKBACK_DAYS),
        toDay: addDays(today, SNAPSHOT_DAYS),
        deadlineMs: input.deadlineMs,
      },
      (snapshot): ConfirmDecision => {
        if (input.deadlineMs !== undefined && Date.now() >= input.deadlineMs) {
          throw new DomainError(
            "DEADLINE_EXCEEDED",
            "the deadline passed before the promise could be written; nothing was reserved",
          );
        }
        const { stock, capacity } = snapshotState(cart.net, snapshot, {
          atMs,
          settings: this.live.capacity.settings,
        });
        const all = this.quoteWith(cart, stock, capacity, atMs, input.cartValue, "show", deliverOn);
        const chosen = all.options.find((o) => o.serviceId === input.serviceId);
        const option = input.shipAsAvailable === true ? chosen?.asAvailable : chosen;
        // What checkout shows instead: the fresh options as quotes show them.
        const quote = () => ({
          availability: all.availability,
          options: applyDominance(all.options, this.dominatedOptions),
        });
        if (pickupStore !== undefined) {
          const decision = decidePickup({
            net: cart.net,
            zone: cart.zone,
            store: pickupStore,
            lines: cart.lines,
            stock,
            capacity,
            atMs,
            shownLatest,
            id,
            requestLines: input.lines,
            destination: input.destination,
          });
          refusal = decision.ok
            ? undefined
            : {
                reason: decision.reason as PromiseRefusal["reason"],
                quote: quote(),
                skuAt: (i) => stock.skuAt(i),
              };
          return decision;
        }
        if (option === undefined) {
          refusal = { reason: "OPTION_UNAVAILABLE", quote: quote(), skuAt: (i) => stock.skuAt(i) };
          return { ok: false, reason: refusal.reason };
        }
        if (shownLatest !== undefined && option.latestDay > shownLatest) {
          refusal = { reason: "LATER_THAN_SHOWN", quote: quote(), skuAt: (i) => stock.skuAt(i) };
          return { ok: false, reason: refusal.reason };
        }
        refusal = undefined;
        const stockClaims: StockClaim[] = [];
        const capacityClaims: CapacityClaim[] = [];
        const pickupClaims: PickupClaim[] = [];
        for (const shipment of option.shipments) {
          for (const line of shipment.lines) {
            const sku = stock.skuAt(line.skuIndex);
            const allowance = shipment.backorder
              ? stock
                  .inbound(line.skuIndex, shipment.warehouseIndex)
                  .reduce((sum, lot) => sum + lot.quantity, 0)
              : 0;
            stockClaims.push({
              sku,
              warehouseId: shipment.warehouseId,
              quantity: line.quantity,
              ...(allowance > 0 ? { inboundAllowance: allowance } : {}),
            });
          }
          capacityClaims.push({
            warehouseId: shipment.warehouseId,
            day: shipment.shipDay,
            // Net of the backlog ahead and the learned throughput: the store then refuses
            // exactly what `remaining` refuses.
            limit: capacity.claimLimit(shipment.warehouseIndex, shipment.shipDay),
          });
          const pickupLimit = capacity.pickupLimit(shipment.originIndex, shipment.shipDay);
          if (pickupLimit >= 0) {
            pickupClaims.push({
              serviceId: shipment.serviceId,
              warehouseId: shipment.warehouseId,
              day: shipment.shipDay,
              limit: pickupLimit,
            });
          }
        }
        return {
          ok: true,
          promise: {
            id,
            createdAtMs: atMs,
            payload: promisePayload(option, input.lines, input.destination, (i) => stock.skuAt(i)),
          },
          stock: stockClaims,
          capacity: capacityClaims,
          pickups: pickupClaims,
        };
      },
    );

    if (outcome.kind === "existing") {
      this.onOutcome?.("existing", "");
      return { promise: outcome.promise, created: false };
    }
    if (outcome.kind === "confirmed") {
      this.onOutcome?.("confirmed", "");
      this.applyToView(outcome.promise, +1, atMs, this.notSyncedUpTo(outcome.seq));
      return { promise: outcome.promise, created: true };
    }
    // Rejected: by `decide` (refusal set) or by a conditional update that lost a race.
    const reason = (refusal?.reason ?? outcome.reason) as PromiseRefusal["reason"];
    this.onOutcome?.("refused", reason);
    if (deliverOn !== undefined && reason === "OPTION_UNAVAILABLE") {
      // Every option, dominated or not: a dominated service may still be the schedulable one.
      const open = this.quoteWith(
        cart,
        this.live.current.stock,
        this.live.capacity,
        atMs,
        input.cartValue,
        "show",
      );
      throw unmeetable(deliverOn, meetableDates(cart.net, open, today));
    }
    const fresh = refusal ?? { reason, ...this.quote({ ...input, atMs }) };
    throw new DomainError(
      "FAILED_PRECONDITION",
      refusalMessage(fresh.reason),
      pickupStore === undefined ? "service_id" : "pickup_store_id",
      {
        ...fresh,
        reason,
      },
    );
  }

  /** The promise's risk (null: not assessed yet, or risk is not kept in this process). */
  async riskOf(id: string): Promise<StoredRisk | null> {
    return (await this.riskLookup?.(id)) ?? null;
  }

  async get(id: string): Promise<StoredPromise> {
    if (id === "") throw invalidArgument("id", "must not be empty");
    const promise = await this.store.getPromise(id);
    if (promise === undefined) throw notFound("id", "no such promise");
    return promise;
  }

  /**
   * Cancels a promise and releases what it reserved; cancelling twice is fine, cancelling a
   * fulfilled promise is FAILED_PRECONDITION.
   */
  async cancel(id: string): Promise<StoredPromise> {
    if (id === "") throw invalidArgument("id", "must not be empty");
    const before = await this.store.getPromise(id);
    if (before === undefined) throw notFound("id", "no such promise");
    const synced = this.syncedSeqs();
    const after = await this.store.cancelPromise(id, this.clock());
    if (after === undefined) throw notFound("id", "no such promise");
    if (before.status === "confirmed" && after.status === "cancelled") {
      this.onOutcome?.("cancelled", "");
      this.applyToView(after, -1, this.clock(), this.notSyncedSince(synced));
    }
    return after;
  }

  /**
   * Records that a promise shipped: its stock reservations are released and the same units leave
   * on hand (what is available does not change); its capacity and pickups stay booked.
   * Fulfilling twice is fine; fulfilling a cancelled promise is FAILED_PRECONDITION.
   */
  async fulfil(id: string): Promise<StoredPromise> {
    if (id === "") throw invalidArgument("id", "must not be empty");
    const before = await this.store.getPromise(id);
    if (before === undefined) throw notFound("id", "no such promise");
    const atMs = this.clock();
    const net = this.live.network;
    const shippedOn = (warehouseId: string): Day => {
      const w = net.warehouseById.get(warehouseId);
      const day = w === undefined ? NO_DAY : localDayOf(w, net.horizon, atMs);
      return day < 0 ? utcDayOf(atMs) : day;
    };
    const synced = this.syncedSeqs();
    const after = await this.store.fulfilPromise(id, atMs, shippedOn);
    if (after === undefined) throw notFound("id", "no such promise");
    if (before.status === "confirmed" && after.status === "fulfilled") {
      this.onOutcome?.("fulfilled", "");
      this.shipInView(after, shippedOn, this.notSyncedSince(synced));
    }
    return after;
  }

  private parseCart(net: CompiledNetwork, request: CartRequest): ParsedCart {
    if (request.lines.length === 0) throw invalidArgument("lines", "expected at least one line");
    if (request.lines.length > this.cartLineLimit) {
      throw invalidArgument("lines", `expected at most ${this.cartLineLimit} lines`);
    }
    const lines = request.lines.map((line, i) => {
      if (line.sku === "" || line.sku.length > MAX_SKU_LENGTH) {
        throw invalidArgument(`lines[${i}].sku`, `must be 1 to ${MAX_SKU_LENGTH} characters`);
      }
      if (!Number.isInteger(line.quantity) || line.quantity < 1) {
        throw invalidArgument(`lines[${i}].quantity`, "must be at least 1");
      }
      if (this.live.current.stock.skuIndex(line.sku) < 0) {
        throw notFound(`lines[${i}].sku`, "unknown SKU");
      }
      return { sku: line.sku, quantity: line.quantity };
    });
    const { destination } = request;
    const zone = resolveZone(net, destination);
    return { net, zone, lines };
  }

  private quoteWith(
    cart: ParsedCart,
    stock: StockReader,
    capacity: CapacityReader,
    atMs: number,
    cartValue: CartValue | undefined,
    dominatedOptions: DominatedOptionsMode,
    deliverOn?: Day,
  ): CartQuote {
    const lines = [];
    for (const line of cart.lines) {
      const skuIndex = stock.skuIndex(line.sku);
      if (skuIndex < 0) return { availability: "UNAVAILABLE", options: [] };
      lines.push({ skuIndex, quantity: line.quantity });
    }
    return quoteCart(cart.net, stock, capacity, {
      lines,
      zone: cart.zone,
      atMs,
      cartValue,
      dominatedOptions,
      deliverOn,
    });
  }

  /** How far the view's stock and capacity hold the store's rows (see StockView.syncedSeq). */
  private syncedSeqs(): SyncedSeqs {
    return { stock: this.live.current.stock.syncedSeq, capacity: this.live.capacity.syncedSeq };
  }

  /** The parts of the view whose store rows do not include the write numbered `seq` yet. */
  private notSyncedUpTo(seq: number): ViewParts {
    const now = this.syncedSeqs();
    return { stock: seq > now.stock, capacity: seq > now.capacity };
  }

  /**
   * The parts of the view that no pull has reached since `before` (taken before a write whose
   * number the store does not return): a pull whose rows may hold the write is not added to.
   * A pull that began before the write's commit then leaves it out, and the pull its change
   * notice starts (within `minIntervalMs`) brings it.
   */
  private notSyncedSince(before: SyncedSeqs): ViewParts {
    const now = this.syncedSeqs();
    return { stock: now.stock === before.stock, capacity: now.capacity === before.capacity };
  }

  /**
   * Mirrors a confirmation (+1) or cancellation (-1) in the view before the change feed does, in
   * the parts whose store rows do not hold it yet (`parts`): mirrored on top of rows that do, it
   * would count twice until the row changed again.
   */
  private applyToView(promise: StoredPromise, sign: 1 | -1, atMs: number, parts: ViewParts): void {
    const stock = this.live.current.stock;
    const known = new Set(stock.warehouseIds);
    if (parts.stock) {
      for (const r of promise.stock) {
        if (known.has(r.warehouseId)) stock.addReserved(r.sku, r.warehouseId, sign * r.quantity);
      }
    }
    if (!parts.capacity) return;
    for (const r of promise.capacity) {
      if (!known.has(r.warehouseId)) continue;
      if (sign > 0) this.live.capacity.recordBooking(r.warehouseId, r.day, atMs);
      else this.live.capacity.releaseBooking(r.warehouseId, r.day);
    }
    for (const r of promise.pickups) {
      if (known.has(r.warehouseId)) {
        this.live.capacity.addPickups(r.serviceId, r.warehouseId, r.day, sign);
      }
    }
  }

  /**
   * Mirrors a fulfilment in the view before the change feed does, as the store did it (shipUnits:
   * on hand, then the earliest lots, lose the shipped units; so does the reservation), so what is
   * available stays the same. The change notice then brings the store's row, which overwrites it.
   */
  private shipInView(
    promise: StoredPromise,
    shippedOn: (warehouseId: string) => Day,
    parts: ViewParts,
  ): void {
    const stock = this.live.current.stock;
    const known = new Set(stock.warehouseIds);
    for (const r of parts.capacity ? promise.capacity : []) {
      if (known.has(r.warehouseId)) {
        this.live.capacity.recordShipment(r.warehouseId, r.day, shippedOn(r.warehouseId));
      }
    }
    for (const r of parts.stock ? promise.stock : []) {
      const w = stock.warehouseIndex(r.warehouseId);
      const s = stock.skuIndex(r.sku);
      if (w < 0 || s < 0) continue;
      const shipped = shipUnits(
        { onHand: stock.onHand(s, w), inbound: stock.inbound(s, w) },
        r.quantity,
      );
      stock.upsert({
        sku: r.sku,
        warehouseId: r.warehouseId,
        onHand: shipped.onHand,
        reserved: Math.max(0, stock.reserved(s, w) - r.quantity),
        safetyStock: stock.safetyStock(s, w),
        inbound: shipped.inbound,
      });
    }
  }

  private newId(atMs: number): string {
    this.sequence = (this.sequence + 1) % 1_000_000;
    const random = Math.floor(Math.random() * 0xffffffff).toString(36);
    return `prm_${atMs.toString(36)}${this.sequence.toString(36).padStart(4, "0")}${random}`;
  }
}

/** The earliest warehouse-local date of an order instant over the network's locations. */
function earliestOrderDay(net: CompiledNetwork, atMs: number): Day {
  return net.warehouses.map((w) => localDayOf(w, net.horizon, atMs)).reduce(minDay);
}

function resolveZone(net: CompiledNetwork, d: PromiseDestination): CompiledZone {
  return resolveDestination(net, {
    countryCode: d.countryCode,
    postalCode: d.postalCode,
    province: d.province === "" ? undefined : d.province,
  });
}

function refusalMessage(reason: PromiseRefusal["reason"]): string {
  switch (reason) {
    case "OPTION_UNAVAILABLE":
      return "the chosen option can no longer be kept; see the fresh options in the details";
    case "LATER_THAN_SHOWN":
      return "the chosen option now delivers later than the shopper was shown";
    case "OUT_OF_STOCK":
      return "the stock was taken by another order; see the fresh options";
    case "CAPACITY_FULL":
      return "the ship date filled up; see the fresh options";
  }
}
