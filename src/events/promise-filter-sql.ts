import type { PromiseFilter } from "./promise-event-store.js";

/**
 * The WHERE clause of ListPromises for one engine, with positional parameters. The payload's
 * shipments (warehouse, service, ship date) are read from its JSON.
 */
export function promiseFilterSql(
  engine: "sqlite" | "postgres",
  filter: PromiseFilter,
  firstParam: number,
): { where: string[]; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  const p = (value: unknown) => {
    params.push(value);
    return engine === "sqlite" ? "?" : `$${firstParam + params.length - 1}`;
  };
  const list = (values: readonly string[]) => values.map((v) => p(v)).join(", ");
  if (filter.statuses !== undefined && filter.statuses.length > 0) {
    where.push(`status in (${list(filter.statuses)})`);
  }
  if (filter.riskStatuses !== undefined && filter.riskStatuses.length > 0) {
    where.push(
      `coalesce((select r.status from promise_risk r where r.promise_id = promise.id), 'ON_TRACK') in (${list(filter.riskStatuses)})`,
    );
  }
  const shipment: string[] = [];
  const field = (name: string) =>
    engine === "sqlite" ? `json_extract(s.value, '$.${name}')` : `(s.value ->> '${name}')`;
  if (filter.warehouseId !== undefined)
    shipment.push(`${field("warehouseId")} = ${p(filter.warehouseId)}`);
  if (filter.serviceId !== undefined)
    shipment.push(`${field("serviceId")} = ${p(filter.serviceId)}`);
  if (filter.shipFrom !== undefined) shipment.push(`${field("shipDate")} >= ${p(filter.shipFrom)}`);
  if (filter.shipTo !== undefined) shipment.push(`${field("shipDate")} <= ${p(filter.shipTo)}`);
  if (shipment.length > 0) {
    const from =
      engine === "sqlite"
        ? "json_each(promise.payload, '$.shipments') as s"
        : "jsonb_array_elements(promise.payload::jsonb -> 'shipments') as s(value)";
    where.push(`exists (select 1 from ${from} where ${shipment.join(" and ")})`);
  }
  return { where, params };
}
