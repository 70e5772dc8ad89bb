import { type Day, parseIsoDay } from "../engine/day.js";
import { PICKUP_SERVICE } from "../engine/pickup-options.js";

/** One `promise_leg` row (without the promise id): a shipment of a promise, as day numbers. */
export interface PromiseLeg {
  readonly warehouseId: string;
  readonly serviceId: string;
  readonly shipDay: Day;
  readonly earliestDay: Day;
  readonly latestDay: Day;
  readonly countryCode: string;
  readonly postalCode: string;
  readonly province: string;
  readonly promiseEarliestDay: Day;
  readonly promiseLatestDay: Day;
}

/**
 * The `promise_leg` rows of a promise's payload, written by the confirm's own write (both engines,
 * migration 0013; migration 0011 wrote them by a trigger that parsed the stored JSON again): one
 * per shipment whose warehouse and service are strings and whose dates are valid ISO dates, the
 * first shipment of a warehouse only (the table's key), none when the promise's own window is not
 * two valid dates. Destination fields missing are ''.
 *
 * A pick-up (a `pickup` with a string `storeId` and a valid `readyDate`) has a row at its store
 * on its ready day even when no shipment leaves the store (every line comes by transfer): service
 * `pickup`, ship day and window the ready day. That row is the order of the store's pick-up
 * capacity the confirm booked on that day, so the risk monitor ranks every pick-up among the
 * day's holders when that capacity is cut (migration 0022 wrote it for the pick-ups stored
 * before). A pick-up with a shipment from the store's own stock has that shipment's row, which
 * is the same one.
 */
export function promiseLegs(payload: unknown): PromiseLeg[] {
  if (typeof payload !== "object" || payload === null) return [];
  const p = payload as Record<string, unknown>;
  const shipments = p["shipments"];
  if (!Array.isArray(shipments) || shipments.length === 0) return [];
  const promiseEarliestDay = dayOf(p["deliveryEarliest"]);
  const promiseLatestDay = dayOf(p["deliveryLatest"]);
  if (promiseEarliestDay === undefined || promiseLatestDay === undefined) return [];
  const destination =
    typeof p["destination"] === "object" && p["destination"] !== null
      ? (p["destination"] as Record<string, unknown>)
      : {};
  const countryCode = textOf(destination["countryCode"]);
  const postalCode = textOf(destination["postalCode"]);
  const province = textOf(destination["province"]);
  const legs: PromiseLeg[] = [];
  for (const s of shipments as unknown[]) {
    if (typeof s !== "object" || s === null) continue;
    const x = s as Record<string, unknown>;
    const warehouseId = x["warehouseId"];
    const serviceId = x["serviceId"];
    if (typeof warehouseId !== "string" || typeof serviceId !== "string") continue;
    const shipDay = dayOf(x["shipDate"]);
    const earliestDay = dayOf(x["deliveryEarliest"]);
    const latestDay = dayOf(x["deliveryLatest"]);
    if (shipDay === undefined || earliestDay === undefined || latestDay === undefined) continue;
    if (legs.some((l) => l.warehouseId === warehouseId)) continue;
    legs.push({
      warehouseId,
      serviceId,
      shipDay,
      earliestDay,
      latestDay,
      countryCode,
      postalCode,
      province,
      promiseEarliestDay,
      promiseLatestDay,
    });
  }
  const pickup = p["pickup"];
  if (typeof pickup === "object" && pickup !== null) {
    const storeId = (pickup as Record<string, unknown>)["storeId"];
    const readyDay = dayOf((pickup as Record<string, unknown>)["readyDate"]);
    if (
      typeof storeId === "string" &&
      readyDay !== undefined &&
      !legs.some((l) => l.warehouseId === storeId)
    ) {
      legs.push({
        warehouseId: storeId,
        serviceId: PICKUP_SERVICE,
        shipDay: readyDay,
        earliestDay: readyDay,
        latestDay: readyDay,
        countryCode,
        postalCode,
        province,
        promiseEarliestDay,
        promiseLatestDay,
      });
    }
  }
  return legs;
}

function dayOf(value: unknown): Day | undefined {
  return typeof value === "string" ? parseIsoDay(value) : undefined;
}

function textOf(value: unknown): string {
  if (typeof value === "string") return value;
  return value === undefined || value === null ? "" : String(value);
}
