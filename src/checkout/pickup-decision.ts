import { invalidArgument } from "../domain/domain-error.js";
import type { CompiledNetwork, CompiledStore, CompiledZone } from "../engine/compiled-network.js";
import type { Day } from "../engine/day.js";
import { pickupOptions } from "../engine/pickup-options.js";
import type {
  CapacityClaim,
  ConfirmDecision,
  NewPromise,
  PickupClaim,
  StockClaim,
} from "../store/store.js";
import type { CapacityView } from "../view/capacity-view.js";
import type { StockView } from "../view/stock-view.js";
import { pickupPromisePayload } from "./pickup-payload.js";
import type { PromiseDestination, PromiseLine } from "./promise-payload.js";

/** The store a confirmation picks up at; unknown ids are INVALID_ARGUMENT `pickup_store_id`. */
export function pickupStoreOf(
  net: CompiledNetwork,
  pickupStoreId: string | undefined,
  serviceId: string,
): CompiledStore | undefined {
  if (pickupStoreId === undefined || pickupStoreId === "") return undefined;
  if (serviceId !== "") {
    throw invalidArgument("pickup_store_id", "give either service_id or pickup_store_id, not both");
  }
  const store = net.storeById.get(pickupStoreId);
  if (store === undefined) throw invalidArgument("pickup_store_id", "unknown store");
  return store;
}

export interface PickupDecisionInput {
  readonly net: CompiledNetwork;
  readonly zone: CompiledZone;
  readonly store: CompiledStore;
  readonly lines: readonly { readonly sku: string; readonly quantity: number }[];
  readonly stock: StockView;
  readonly capacity: CapacityView;
  readonly atMs: number;
  readonly shownLatest: Day | undefined;
  readonly id: string;
  readonly requestLines: readonly PromiseLine[];
  readonly destination: PromiseDestination;
}

/**
 * Decides a pick-up confirmation inside the store's transaction, from the snapshot's stock and
 * capacity (the same rules as the estimate): the store's option now, or a refusal when it has none
 * (OPTION_UNAVAILABLE) or is ready later than the shopper was shown (LATER_THAN_SHOWN). It claims
 * the lines' stock where they come from (the store, or the transfer warehouse, with its inbound
 * lots as allowance when the transfer waits for them, as a backordered shipment does), one order
 * of the store's pick-up capacity on the ready date, one order of each transfer warehouse's
 * capacity on the day the transfer leaves and, for a transfer a carrier collects, one of that
 * service's pickups at the warehouse that day when a peak limits them; the store's conditional
 * writes enforce all of them on both engines (no oversell).
 */
export function decidePickup(input: PickupDecisionInput): ConfirmDecision {
  const { net, store, stock, capacity } = input;
  const lines = [];
  for (const line of input.lines) {
    const skuIndex = stock.skuIndex(line.sku);
    if (skuIndex < 0) return { ok: false, reason: "OPTION_UNAVAILABLE" };
    lines.push({ skuIndex, quantity: line.quantity });
  }
  const [option] = pickupOptions(net, stock, capacity, {
    lines,
    zone: input.zone,
    atMs: input.atMs,
    maxStores: 1,
    storeId: store.id,
  });
  if (option === undefined) return { ok: false, reason: "OPTION_UNAVAILABLE" };
  if (input.shownLatest !== undefined && option.readyDay > input.shownLatest) {
    return { ok: false, reason: "LATER_THAN_SHOWN" };
  }
  const stockClaims: StockClaim[] = [];
  const pickupClaims: PickupClaim[] = [];
  // The store's pick-up capacity on the ready date, and, for each transfer, one order of its
  // warehouse's capacity on the day it leaves (as a shipment takes on its ship date).
  const capacityClaims: CapacityClaim[] = [
    {
      warehouseId: store.id,
      day: option.readyDay,
      limit: capacity.claimLimit(option.locationIndex, option.readyDay),
    },
  ];
  for (const source of option.sources) {
    for (const line of source.lines) {
      const allowance = source.backorder
        ? stock
            .inbound(line.skuIndex, source.warehouseIndex)
            .reduce((sum, lot) => sum + lot.quantity, 0)
        : 0;
      stockClaims.push({
        sku: stock.skuAt(line.skuIndex),
        warehouseId: source.warehouseId,
        quantity: line.quantity,
        ...(allowance > 0 ? { inboundAllowance: allowance } : {}),
      });
    }
    if (source.transfer && source.departDay !== undefined) {
      capacityClaims.push({
        warehouseId: source.warehouseId,
        day: source.departDay,
        limit: capacity.claimLimit(source.warehouseIndex, source.departDay),
      });
      // A carrier collects it: one of its pickups there that day, when a peak limits them
      // (exactly what a shipment on that service and day claims).
      const origin = source.origin;
      const limit =
        origin === undefined ? -1 : capacity.pickupLimit(origin.index, source.departDay);
      if (origin !== undefined && limit >= 0) {
        pickupClaims.push({
          serviceId: origin.service.id,
          warehouseId: source.warehouseId,
          day: source.departDay,
          limit,
        });
      }
    }
  }
  const promise: NewPromise = {
    id: input.id,
    createdAtMs: input.atMs,
    payload: pickupPromisePayload(
      option,
      store.address,
      input.requestLines,
      input.destination,
      (i) => stock.skuAt(i),
    ),
  };
  return {
    ok: true,
    promise,
    stock: stockClaims,
    capacity: capacityClaims,
    pickups: pickupClaims,
  };
}
