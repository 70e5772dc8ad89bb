import { DomainError } from "../domain/domain-error.js";
import type { CompiledNetwork, CompiledZone } from "../engine/compiled-network.js";
import { type Day, MS_PER_DAY, parseIsoDay } from "../engine/day.js";
import { resolveDestination } from "../engine/resolve-destination.js";
import type { ImportedDelivery } from "../store/store.js";
import { warehouseDayOf } from "./warehouse-day.js";

/**
 * One delivered shipment of history that has no promise of ours (a CSV line of
 * `promise import-shipments`, a row of AdminService.ImportShipments). Dates are text as given.
 */
export interface ShipmentHistoryRow {
  readonly warehouseId: string;
  readonly serviceId: string;
  readonly countryCode: string;
  readonly postalCode: string;
  /** YYYY-MM-DD, warehouse-local. */
  readonly shipDate: string;
  /** YYYY-MM-DD, or an ISO 8601 instant (dated in the warehouse's zone). */
  readonly delivered: string;
  /** Optional YYYY-MM-DD. */
  readonly promisedLatest: string;
}

/** What is wrong with a row: the field (CSV column name) and why. */
export interface HistoryRowProblem {
  readonly field: string;
  readonly reason: string;
}

/** The CSV columns, in order (a header line names them). */
export const HISTORY_COLUMNS = [
  "origin_warehouse",
  "service",
  "destination_country",
  "destination_postal_code",
  "ship_date",
  "delivered",
  "promised_latest",
] as const;

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

/**
 * Checks history rows against the network: the warehouse and service exist and the service
 * picks up there, the destination resolves to a zone of the network, the dates are real, the
 * parcel was not delivered before it shipped, and nothing lies more than a day after `nowMs`.
 * Destinations are resolved once per (country, postal code).
 */
export class ShipmentHistoryChecker {
  readonly #net: CompiledNetwork;
  readonly #nowMs: number;
  readonly #zones = new Map<string, CompiledZone | HistoryRowProblem>();
  readonly #origins = new Set<string>();

  constructor(net: CompiledNetwork, nowMs: number) {
    this.#net = net;
    this.#nowMs = nowMs;
    for (const o of net.origins) this.#origins.add(`${o.service.id}\u0000${o.warehouse.id}`);
  }

  check(row: ShipmentHistoryRow): ImportedDelivery | HistoryRowProblem {
    const net = this.#net;
    if (!net.warehouseById.has(row.warehouseId)) {
      return { field: "origin_warehouse", reason: `unknown warehouse "${row.warehouseId}"` };
    }
    if (!net.serviceById.has(row.serviceId)) {
      return { field: "service", reason: `unknown service "${row.serviceId}"` };
    }
    if (!this.#origins.has(`${row.serviceId}\u0000${row.warehouseId}`)) {
      return {
        field: "service",
        reason: `"${row.serviceId}" does not pick up at "${row.warehouseId}"`,
      };
    }
    const zone = this.#zone(row.countryCode, row.postalCode);
    if (!("index" in zone)) return zone;
    const shipDay = parseIsoDay(row.shipDate);
    if (shipDay === undefined) return { field: "ship_date", reason: "expected a date YYYY-MM-DD" };
    let deliveredDay: Day | undefined;
    let deliveredMs: number;
    if (row.delivered.length === 10) {
      deliveredDay = parseIsoDay(row.delivered);
      deliveredMs = deliveredDay === undefined ? Number.NaN : deliveredDay * MS_PER_DAY;
    } else {
      deliveredMs = INSTANT.test(row.delivered) ? Date.parse(row.delivered) : Number.NaN;
      if (!Number.isNaN(deliveredMs)) {
        deliveredDay = warehouseDayOf(net, row.warehouseId, deliveredMs);
      }
    }
    if (deliveredDay === undefined) {
      return { field: "delivered", reason: "expected a date YYYY-MM-DD or an ISO 8601 instant" };
    }
    if (deliveredMs > this.#nowMs + MS_PER_DAY) {
      return { field: "delivered", reason: "more than a day in the future" };
    }
    if (deliveredDay < shipDay) {
      return { field: "delivered", reason: "delivered before it shipped" };
    }
    let promisedLatestDay: Day | null = null;
    if (row.promisedLatest !== "") {
      const latest = parseIsoDay(row.promisedLatest);
      if (latest === undefined) {
        return { field: "promised_latest", reason: "expected a date YYYY-MM-DD" };
      }
      if (latest < shipDay) {
        return { field: "promised_latest", reason: "before the ship date" };
      }
      promisedLatestDay = latest;
    }
    return {
      warehouseId: row.warehouseId,
      serviceId: row.serviceId,
      countryCode: row.countryCode,
      postalCode: row.postalCode,
      shipDay,
      deliveredDay,
      promisedLatestDay,
      // The caller sets it (ImportKeys) on this object: one shape, no copy per row.
      importKey: undefined,
    };
  }

  #zone(countryCode: string, postalCode: string): CompiledZone | HistoryRowProblem {
    const key = `${countryCode}\u0000${postalCode}`;
    let zone = this.#zones.get(key);
    if (zone === undefined) {
      try {
        zone = resolveDestination(this.#net, { countryCode, postalCode });
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        const field =
          err.field === "destination.country_code"
            ? "destination_country"
            : "destination_postal_code";
        const prefix = err.field === undefined ? "" : `${err.field}: `;
        zone = {
          field,
          reason: err.message.startsWith(prefix) ? err.message.slice(prefix.length) : err.message,
        };
      }
      this.#zones.set(key, zone);
    }
    return zone;
  }
}
