import type { CompiledNetwork, CompiledZone } from "./compiled-network.js";

export interface DestinationInput {
  readonly countryCode: string;
  readonly postalCode: string;
  readonly province?: string | undefined;
}

/**
 * The zone of a destination: the zone of the longest matching postal prefix of its country, else
 * the zone of its province. Throws DomainError INVALID_ARGUMENT naming the field
 * (`destination.country_code`, `destination.postal_code`) when the country is not served, the
 * postal code is malformed for the country, or nothing matches.
 */
export function resolveDestination(_net: CompiledNetwork, _dest: DestinationInput): CompiledZone {
  throw new Error("resolveDestination: being written");
}
