import type { CompiledZone, CountryZones } from "../engine/compiled-network.js";
import { indexAt, type ZoneIndex } from "../engine/network-index.js";
import type { NetworkFile, ZoneSpec } from "./network-schema.js";

/** Postal-code formats known without a `countries` entry (matched against the upper-cased code). */
export const BUILT_IN_POSTAL_PATTERNS: ReadonlyMap<string, RegExp> = new Map([
  ["TH", /^\d{5}$/],
  ["VN", /^\d{5,6}$/],
  ["DE", /^\d{5}$/],
  ["NL", /^\d{4} ?[A-Z]{2}$/],
]);

/** The format of a country with neither a `countries` entry nor a built-in pattern. */
export const FALLBACK_POSTAL_PATTERN = /^[0-9A-Z -]{2,10}$/;

export function compileZone(spec: ZoneSpec, index: ZoneIndex): CompiledZone {
  const surcharge = spec.remote?.surcharge;
  return {
    index,
    id: spec.id,
    country: spec.country,
    remote: spec.remote !== undefined,
    surchargeCents: surcharge === undefined ? 0 : Math.round(surcharge.amount * 100),
    surchargeCurrency: surcharge?.currency,
    extraTransitDays: spec.remote?.extra_transit_days ?? 0,
  };
}

/**
 * How each country's destinations map to zones: its postal-code pattern (the file's `countries`
 * entry, anchored, else the built-in one, else a permissive fallback), postal prefixes (the empty
 * prefix is the catch-all) and upper-cased provinces, each to a zone index.
 */
export function compileCountries(file: NetworkFile): Map<string, CountryZones> {
  const building = new Map<
    string,
    { byPrefix: Map<string, ZoneIndex>; byProvince: Map<string, ZoneIndex>; longestPrefix: number }
  >();
  file.zones.forEach((zone, position) => {
    const index = indexAt<ZoneIndex>(position);
    let country = building.get(zone.country);
    if (country === undefined) {
      country = { byPrefix: new Map(), byProvince: new Map(), longestPrefix: 0 };
      building.set(zone.country, country);
    }
    for (const prefix of zone.postal_prefixes) {
      if (!country.byPrefix.has(prefix)) country.byPrefix.set(prefix, index);
      country.longestPrefix = Math.max(country.longestPrefix, prefix.length);
    }
    for (const province of zone.provinces) {
      const key = province.toUpperCase();
      if (!country.byProvince.has(key)) country.byProvince.set(key, index);
    }
  });
  const countries = new Map<string, CountryZones>();
  for (const [code, zones] of building) {
    countries.set(code, { country: code, postalPattern: postalPattern(file, code), ...zones });
  }
  return countries;
}

function postalPattern(file: NetworkFile, country: string): RegExp {
  const own = file.countries[country]?.postal_code;
  if (own !== undefined) return new RegExp(`^(?:${own})$`);
  return BUILT_IN_POSTAL_PATTERNS.get(country) ?? FALLBACK_POSTAL_PATTERN;
}
