import { DomainError } from "../engine/domain-error.js";
import type { ConfirmOutcome, ConfirmRequest, NewPromise, StoredPromise } from "./store.js";
import type { PreparedClaims } from "./store-input.js";

/**
 * A confirmed promise as both engines store and answer it: `payload` is the JSON text written
 * to the row (the answer carries it parsed back, exactly as a later read returns it).
 */
export function newStoredPromise(
  request: ConfirmRequest,
  promise: NewPromise,
  claims: PreparedClaims,
  payload: string,
): StoredPromise {
  return {
    id: promise.id,
    idempotencyKey: request.idempotencyKey,
    requestHash: request.requestHash,
    status: "confirmed",
    payload: JSON.parse(payload) as unknown,
    createdAtMs: promise.createdAtMs,
    cancelledAtMs: null,
    fulfilledAtMs: null,
    stock: claims.stock.map((c) => ({
      sku: c.sku,
      warehouseId: c.warehouseId,
      quantity: c.quantity,
    })),
    capacity: claims.capacity.map((c) => ({ warehouseId: c.warehouseId, day: c.day })),
    pickups: claims.pickups.map((c) => ({
      serviceId: c.serviceId,
      warehouseId: c.warehouseId,
      day: c.day,
    })),
  };
}

/** The answer to a confirm whose idempotency key already holds `promise`. */
export function existingOutcome(promise: StoredPromise, request: ConfirmRequest): ConfirmOutcome {
  if (promise.requestHash !== request.requestHash) {
    throw new DomainError(
      "ALREADY_EXISTS",
      "this idempotency key was used for a different request",
      "idempotency_key",
    );
  }
  return { kind: "existing", promise };
}
