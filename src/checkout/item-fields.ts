import { invalidArgument } from "../engine/domain-error.js";

/** Longest SKU the service accepts (as the network file and the stock feed do). */
export const MAX_SKU_LENGTH = 128;

/** A request's SKU: not empty and not longer than MAX_SKU_LENGTH. */
export function requireSku(sku: string, field: string): string {
  if (sku === "") throw invalidArgument(field, "must not be empty");
  if (sku.length > MAX_SKU_LENGTH) {
    throw invalidArgument(field, `must be at most ${MAX_SKU_LENGTH} characters`);
  }
  return sku;
}

export function requireQuantity(quantity: number, field: string): number {
  if (!(quantity > 0)) throw invalidArgument(field, "must be at least 1");
  return quantity;
}
