import type { CompiledNetwork } from "./compiled-network.js";

/**
 * Throws DomainError INVALID_ARGUMENT (field `at`) when an order instant is not a finite number
 * or its date (in any warehouse's zone) lies outside the horizon's order range.
 */
export function checkOrderInstant(_net: CompiledNetwork, _atMs: number): void {
  throw new Error("checkOrderInstant: being written");
}
