import type * as protoLoader from "@grpc/proto-loader";
import { loadProto } from "./load-proto.js";
import { MAX_SKU_LENGTH } from "./request-fields.js";

/**
 * The longest value, in characters (UTF-16 code units), each string field of a request may hold,
 * by `<message type>.<field>`. A request with a longer value is refused at decode, before any
 * handler runs: INVALID_ARGUMENT `<field path>: must be at most <limit> characters, got <length>`
 * with the field path in the `promise-field` trailer. Fields not listed here get
 * DEFAULT_STRING_LIMIT. Documented in docs/errors-and-operations.md.
 */
export const STRING_LIMITS: Readonly<Record<string, number>> = {
  "promise.v1.Destination.country_code": 8,
  "promise.v1.Destination.postal_code": 32,
  "promise.v1.Destination.province": 100,
  "promise.v1.Money.currency_code": 8,
  "promise.v1.CartLine.sku": MAX_SKU_LENGTH,
  "promise.v1.EstimateRequest.sku": MAX_SKU_LENGTH,
  "promise.v1.EstimateRequest.locale": 35,
  "promise.v1.EstimateItem.sku": MAX_SKU_LENGTH,
  "promise.v1.EstimateBatchRequest.locale": 35,
  "promise.v1.QuoteCartRequest.locale": 35,
  "promise.v1.ConfirmPromiseRequest.idempotency_key": 200,
  "promise.v1.ConfirmPromiseRequest.service_id": 64,
  "promise.v1.ConfirmPromiseRequest.shown_delivery_latest": 32,
  "promise.v1.ConfirmPromiseRequest.pickup_store_id": 64,
  "promise.v1.ConfirmPromiseRequest.deliver_on": 32,
  "promise.v1.QuoteCartRequest.deliver_on": 32,
  "promise.v1.GetPromiseRequest.id": 64,
  "promise.v1.CancelPromiseRequest.id": 64,
  "promise.v1.FulfilPromiseRequest.id": 64,
  "promise.v1.StockRow.sku": MAX_SKU_LENGTH,
  "promise.v1.StockRow.warehouse_id": 64,
  "promise.v1.InboundLot.eta": 32,
  "promise.v1.DateValue.date": 32,
  "promise.v1.SetCapacityRequest.warehouse_id": 64,
  "promise.v1.SetBookedLoadRequest.warehouse_id": 64,
  "promise.v1.SimulateRequest.scenario_yaml": 1_000_000,
  "promise.v1.GetWarehouseThroughputRequest.warehouse_id": 64,
  "promise.v1.ShipmentEvent.event_id": 200,
  "promise.v1.ShipmentEvent.promise_id": 64,
  "promise.v1.ShipmentEvent.warehouse_id": 64,
  "promise.v1.ShipmentEvent.service_id": 64,
  "promise.v1.ShipmentEvent.tracking_number": 100,
  "promise.v1.ShipmentHistoryRow.origin_warehouse": 64,
  "promise.v1.ShipmentHistoryRow.service": 64,
  "promise.v1.ShipmentHistoryRow.destination_country": 8,
  "promise.v1.ShipmentHistoryRow.destination_postal_code": 32,
  "promise.v1.ShipmentHistoryRow.ship_date": 32,
  "promise.v1.ShipmentHistoryRow.delivered": 40,
  "promise.v1.ShipmentHistoryRow.promised_latest": 32,
  "promise.v1.ShipmentHistoryRow.row_key": 200,
  "promise.v1.GetAccuracyRequest.from_date": 32,
  "promise.v1.GetAccuracyRequest.to_date": 32,
  "promise.v1.ListPromisesRequest.warehouse_id": 64,
  "promise.v1.ListPromisesRequest.service_id": 64,
  "promise.v1.ListPromisesRequest.ship_date_from": 32,
  "promise.v1.ListPromisesRequest.ship_date_to": 32,
  "promise.v1.ListPromisesRequest.page_token": 512,
};

/**
 * The limit of a string field this table does not list (a field added later): generous for an
 * id or a code, far below what could make an error message or a log line a problem. Free text
 * such as a reason given by an operator fits too.
 */
export const DEFAULT_STRING_LIMIT = 1_000;

/** The limit of `<message type>.<field>` (for example `promise.v1.Destination.postal_code`). */
export function stringLimitOf(field: string): number {
  return STRING_LIMITS[field] ?? DEFAULT_STRING_LIMIT;
}

/** A request refused at decode for an over-long string: what the call is answered with. */
export class OversizedString {
  constructor(
    /** The request field, for example `lines[2].sku`. */
    readonly field: string,
    readonly limit: number,
    readonly length: number,
  ) {}

  /** The status message (it names the field and its limit, and never echoes the value). */
  get message(): string {
    return `${this.field}: must be at most ${this.limit} characters, got ${this.length}`;
  }
}

/** Checks a decoded request; undefined when every string is within its limit. */
export type StringCheck = (request: unknown) => OversizedString | undefined;

interface FieldDescriptor {
  readonly name: string;
  readonly label: string;
  readonly type: string;
  readonly typeName: string;
}

interface MessageTypeEntry {
  readonly type: { readonly name?: string; readonly field?: readonly FieldDescriptor[] };
}

/**
 * One step of a compiled check: a field of the object at hand. A violation names the field
 * relative to that object; enclosing steps prefix their own names on the way out, so that the
 * common case (every string within its limit) builds no string at all.
 */
type Step = (value: Record<string, unknown>) => OversizedString | undefined;

/** A descriptor's field name as in the .proto: proto-loader (keepCase false) gives `postalCode`. */
function protoName(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/**
 * The full name a field's type name refers to from inside `scope` (a message's full name), as
 * protobuf resolves it: the innermost enclosing scope that has it. The descriptors proto-loader
 * gives name types relatively (`Destination`) or fully (`google.protobuf.Timestamp`).
 */
function resolveType(
  definition: protoLoader.PackageDefinition,
  scope: string,
  ref: string,
): string | undefined {
  if (ref.startsWith(".")) return ref.slice(1);
  const parts = scope.split(".");
  for (let n = parts.length; n >= 0; n--) {
    const candidate = [...parts.slice(0, n), ref].join(".");
    if (definition[candidate] !== undefined) return candidate;
  }
  return undefined;
}

function within(prefix: string, found: OversizedString): OversizedString {
  return new OversizedString(prefix + found.field, found.limit, found.length);
}

function runSteps(steps: readonly Step[], value: Record<string, unknown>) {
  for (let i = 0; i < steps.length; i++) {
    const found = steps[i]!(value);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * The steps checking every string of a message type and of its sub-messages (empty when it has
 * none, so messages without strings, such as Timestamp, cost nothing).
 */
function compileType(
  definition: protoLoader.PackageDefinition,
  typeName: string,
  depth: number,
): Step[] {
  const entry = definition[typeName] as MessageTypeEntry | undefined;
  if (entry === undefined || depth > 8) return [];
  const steps: Step[] = [];
  for (const field of entry.type.field ?? []) {
    const key = field.name;
    const name = protoName(field.name);
    const repeated = field.label === "LABEL_REPEATED";
    if (field.type === "TYPE_STRING") {
      const limit = stringLimitOf(`${typeName}.${name}`);
      steps.push(
        repeated
          ? (value) => {
              const list = value[key] as readonly string[] | undefined;
              if (list === undefined) return undefined;
              for (let i = 0; i < list.length; i++) {
                const length = list[i]!.length;
                if (length > limit) return new OversizedString(`${name}[${i}]`, limit, length);
              }
              return undefined;
            }
          : (value) => {
              const s = value[key] as string | undefined;
              return s !== undefined && s !== null && s.length > limit
                ? new OversizedString(name, limit, s.length)
                : undefined;
            },
      );
    } else if (field.type === "TYPE_MESSAGE") {
      const resolved = resolveType(definition, typeName, field.typeName);
      const inner = resolved === undefined ? [] : compileType(definition, resolved, depth + 1);
      if (inner.length === 0) continue;
      steps.push(
        repeated
          ? (value) => {
              const list = value[key] as readonly Record<string, unknown>[] | undefined;
              if (list === undefined) return undefined;
              for (let i = 0; i < list.length; i++) {
                const found = runSteps(inner, list[i]!);
                if (found !== undefined) return within(`${name}[${i}].`, found);
              }
              return undefined;
            }
          : (value) => {
              const message = value[key] as Record<string, unknown> | null | undefined;
              if (message === null || message === undefined) return undefined;
              const found = runSteps(inner, message);
              return found === undefined ? undefined : within(`${name}.`, found);
            },
      );
    }
  }
  return steps;
}

/**
 * The string check of a request type (its full name, for example `promise.v1.EstimateRequest`), compiled once from the loaded descriptors: undefined when the
 * type holds no string at any depth.
 */
export function compileStringCheck(typeName: string): StringCheck | undefined {
  const steps = compileType(loadProto().packageDefinition, typeName, 0);
  if (steps.length === 0) return undefined;
  return (request) =>
    typeof request === "object" && request !== null
      ? runSteps(steps, request as Record<string, unknown>)
      : undefined;
}
