import { echoValue, invalidArgument } from "../domain/domain-error.js";
import type { CompiledNetwork, CompiledZone } from "./compiled-network.js";

export interface DestinationInput {
  readonly countryCode: string;
  readonly postalCode: string;
  readonly province?: string | undefined;
}

/**
 * The zone of a destination: the zone of the longest non-empty postal prefix that matches, else
 * the zone of the province, else the country's catch-all zone (prefix ""). Throws DomainError
 * INVALID_ARGUMENT naming the field when the country is not served, the postal code is malformed
 * for the country, or no zone matches.
 */
export function resolveDestination(net: CompiledNetwork, dest: DestinationInput): CompiledZone {
  const countryCode = dest.countryCode.trim().toUpperCase();
  if (countryCode === "") throw invalidArgument("destination.country_code", "required");
  const country = net.countries.get(countryCode);
  if (!country) {
    throw invalidArgument(
      "destination.country_code",
      `country ${echoValue(countryCode)} is not served`,
    );
  }
  const postal = dest.postalCode.trim().toUpperCase();
  const province = dest.province?.trim().toUpperCase() ?? "";
  if (postal !== "") {
    if (!country.postalPattern.test(postal)) {
      throw invalidArgument(
        "destination.postal_code",
        `"${echoValue(dest.postalCode)}" is not a valid postal code for ${countryCode}`,
      );
    }
    for (let length = Math.min(country.longestPrefix, postal.length); length > 0; length--) {
      const zone = country.byPrefix.get(postal.slice(0, length));
      if (zone !== undefined) return net.zones[zone]!;
    }
  } else if (province === "") {
    throw invalidArgument("destination.postal_code", "a postal code or a province is required");
  }
  if (province !== "") {
    const zone = country.byProvince.get(province);
    if (zone !== undefined) return net.zones[zone]!;
    if (postal === "") {
      throw invalidArgument(
        "destination.province",
        `no zone serves province "${echoValue(dest.province ?? "")}"`,
      );
    }
  }
  const catchAll = country.byPrefix.get("");
  if (catchAll !== undefined) return net.zones[catchAll]!;
  throw invalidArgument(
    "destination.postal_code",
    `no zone serves postal code ${echoValue(postal)}`,
  );
}
