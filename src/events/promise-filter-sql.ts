import type { ListCursor, PromiseFilter } from "./promise-event-store.js";

/** The columns of a ListPromises row (PromiseRow), the risk read from promise_risk by id. */
export const LIST_COLUMNS = `id, idempotency_key, status, payload, created_at_ms, cancelled_at_ms,
  fulfilled_at_ms, (select r.risk from promise_risk r where r.promise_id = promise.id) as risk`;

/** ListPromises' query on one engine: promises matching the filter, newest first, after the cursor. */
export function listPromisesSql(
  engine: "sqlite" | "postgres",
  filter: PromiseFilter,
  after: ListCursor | undefined,
  limit: number,
): { text: string; params: unknown[] } {
  const { where, params } = promiseFilterSql(engine, filter, 1);
  const p = (value: unknown) => {
    params.push(value);
    return engine === "sqlite" ? "?" : `$${params.length}`;
  };
  if (after !== undefined) {
    const at = p(after.createdAtMs);
    where.push(
      `(created_at_ms < ${at} or (created_at_ms = ${engine === "sqlite" ? p(after.createdAtMs) : at} and id < ${p(after.id)}))`,
    );
  }
  const text = `select ${LIST_COLUMNS} from promise
    ${where.length > 0 ? `where ${where.join(" and ")}` : ""}
    order by created_at_ms desc, id desc limit ${p(limit)}`;
  return { text, params };
}

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
    where.push(riskStatusCondition(filter.riskStatuses, list));
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

/**
 * A promise's risk status (ON_TRACK when it has no risk row: never assessed) is one of `statuses`.
 * The statuses other than ON_TRACK are found from the partial index on promise_risk's status
 * (migration 0016; the `<> 'ON_TRACK'` term is the index's own condition, written out so both
 * engines' planners see the index applies), ON_TRACK as a promise with no row of another status.
 */
function riskStatusCondition(
  statuses: readonly string[],
  list: (values: readonly string[]) => string,
): string {
  const others = [...new Set(statuses.filter((s) => s !== "ON_TRACK"))];
  const parts: string[] = [];
  if (others.length > 0) {
    parts.push(
      `promise.id in (select r.promise_id from promise_risk r
        where r.status in (${list(others)}) and r.status <> 'ON_TRACK')`,
    );
  }
  if (others.length < new Set(statuses).size) {
    parts.push(
      `not exists (select 1 from promise_risk r where r.promise_id = promise.id
        and r.status <> 'ON_TRACK')`,
    );
  }
  return parts.length === 1 ? parts[0]! : `(${parts.join(" or ")})`;
}
