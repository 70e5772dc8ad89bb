import * as grpc from "@grpc/grpc-js";
import type { Logger } from "pino";
import type { Clock } from "../config/clock.js";
import { DomainError, echoValue, invalidArgument } from "../domain/domain-error.js";
import { MAX_SKU_LENGTH } from "../domain/sku.js";
import { type Day, formatIsoDay, parseIsoDay } from "../engine/day.js";
import type { InboundLot } from "../engine/stock-reader.js";
import type { PromiseEventsFeed } from "../events/promise-events-feed.js";
import type { LearnedTransitRefresher } from "../learning/learned-transit-refresher.js";
import type { ReloadResult } from "../lifecycle/reload-network.js";
import { type AccuracyGroup, type AccuracyGrouping, accuracyReport } from "../outcomes/accuracy.js";
import { ImportKeys } from "../outcomes/import-keys.js";
import { ShipmentHistoryChecker } from "../outcomes/shipment-history-row.js";
import type { ShipmentTracking } from "../outcomes/shipment-tracking.js";
import type { ImportedDelivery, StockUpsert, Store } from "../store/store.js";
import type { LiveView } from "../view/live-view.js";
import type { StoreSync } from "../view/store-sync.js";
import { throughputReport, type WarehouseThroughputReport } from "../view/throughput-report.js";
import { asyncUnary } from "./async-unary.js";
import type { AccuracyGrouping__Output } from "./generated/promise/v1/AccuracyGrouping.js";
import type { AdminServiceHandlers } from "./generated/promise/v1/AdminService.js";
import type { DateValue__Output } from "./generated/promise/v1/DateValue.js";
import type { ShipmentEvent__Output } from "./generated/promise/v1/ShipmentEvent.js";
import type { StockRow__Output } from "./generated/promise/v1/StockRow.js";
import { loadProto } from "./load-proto.js";
import { passEncodedEvents } from "./promise-event-encoder.js";
import { createPromiseEventsHandlers } from "./promise-events-handlers.js";
import { msToTimestamp, timestampToMs } from "./request-fields.js";

export const ADMIN_SERVICE_NAME = "promise.v1.AdminService";
/** The most rows one UpsertStock call may carry. */
export const MAX_STOCK_ROWS = 10_000;
const MAX_COUNT = 2_147_483_647;

export interface AdminServiceDeps {
  readonly store: Store;
  readonly live: LiveView;
  /** Brought up to date before a write returns, so this process's estimates see it at once. */
  readonly sync: StoreSync;
  readonly reload: () => ReloadResult;
  readonly logger: Logger;
  readonly tracking: ShipmentTracking;
  readonly learning: LearnedTransitRefresher;
  /** The service's clock (GetWarehouseThroughput's "now", the import's "future" check). */
  readonly clock: Clock;
  /** WatchPromiseEvents and ListPromises (absent: they answer UNAVAILABLE). */
  readonly promiseEvents?: PromiseEventsFeed | undefined;
}

function count(value: number, field: string, min = 0): number {
  if (!Number.isInteger(value) || value < min || value > MAX_COUNT) {
    throw invalidArgument(field, `must be an integer from ${min} to ${MAX_COUNT}`);
  }
  return value;
}

function day(text: string, field: string): Day {
  const parsed = parseIsoDay(text);
  if (parsed === undefined) throw invalidArgument(field, "expected a date YYYY-MM-DD");
  return parsed;
}

function warehouse(live: LiveView, id: string, field: string): string {
  if (!live.network.warehouseById.has(id))
    throw invalidArgument(field, `unknown warehouse "${echoValue(id)}"`);
  return id;
}

function stockRow(live: LiveView, row: StockRow__Output, i: number): StockUpsert {
  const at = `rows[${i}]`;
  if (row.sku === "" || row.sku.length > MAX_SKU_LENGTH) {
    throw invalidArgument(`${at}.sku`, `must be 1 to ${MAX_SKU_LENGTH} characters`);
  }
  const inbound: InboundLot[] = row.inbound.map((lot, j) => ({
    quantity: count(lot.quantity, `${at}.inbound[${j}].quantity`, 1),
    etaDay: day(lot.eta, `${at}.inbound[${j}].eta`),
  }));
  inbound.sort((a, b) => a.etaDay - b.etaDay);
  const version =
    Number(row.version) !== 0
      ? Number(row.version)
      : row.asOf === null
        ? 0
        : timestampToMs(row.asOf, `${at}.as_of`);
  if (!Number.isSafeInteger(version) || version <= 0) {
    throw invalidArgument(`${at}.version`, "a positive version (or as_of) is required");
  }
  return {
    sku: row.sku,
    warehouseId: warehouse(live, row.warehouseId, `${at}.warehouse_id`),
    onHand: count(row.onHand, `${at}.on_hand`),
    safetyStock: count(row.safetyStock, `${at}.safety_stock`),
    inbound,
    version,
  };
}

function dateValues(values: readonly DateValue__Output[], field: string) {
  return values.map((v, i) => ({
    day: day(v.date, `${field}[${i}].date`),
    value: count(v.value, `${field}[${i}].value`),
  }));
}

/** A timestamp as ms, or NaN when absent or invalid (reported per row by the store). */
function instantOrNaN(ts: ShipmentEvent__Output["occurredAt"]): number {
  if (ts === null) return Number.NaN;
  try {
    return timestampToMs(ts, "occurred_at");
  } catch {
    return Number.NaN;
  }
}

/** The report's grouping by the request's enum name (UNSPECIFIED is not one: unknown grouping). */
const GROUPING: Readonly<
  Record<Exclude<AccuracyGrouping__Output, "ACCURACY_GROUPING_UNSPECIFIED">, AccuracyGrouping>
> = {
  ACCURACY_GROUPING_BY_WAREHOUSE: "warehouse",
  ACCURACY_GROUPING_BY_SERVICE: "service",
  ACCURACY_GROUPING_BY_ZONE: "zone",
  ACCURACY_GROUPING_BY_SHIP_WEEK: "ship_week",
};

function toProtoGroup(g: AccuracyGroup) {
  return {
    warehouseId: g.key.warehouse ?? "",
    serviceId: g.key.service ?? "",
    zoneId: g.key.zone ?? "",
    shipWeek: g.key.ship_week ?? "",
    promises: g.promises,
    shipped: g.shipped,
    delivered: g.delivered,
    judged: g.judged,
    early: g.early,
    onTime: g.onTime,
    late: g.late,
    lateByDays: [...g.lateByDays],
    onTimeRate: g.onTimeRate,
    predicted: g.predicted,
    meanPredicted: g.meanPredicted,
    observedRate: g.observedRate,
  };
}

/**
 * The admin service: the stock feed, warehouse capacity and booked load (all durable, through the
 * store), and network reload. Every request is validated whole before anything is written.
 */
export function createAdminService(deps: AdminServiceDeps) {
  const { store, live, sync, logger } = deps;

  const unary = <Req, Res>(method: string, handle: (request: Req) => Promise<Res> | Res) =>
    asyncUnary(method, logger, handle);

  const implementation: AdminServiceHandlers = {
    ...(deps.promiseEvents === undefined
      ? {
          WatchPromiseEvents: (call) =>
            call.emit("error", {
              code: grpc.status.UNAVAILABLE,
              details: "promise events are not enabled in this process",
            }),
          ListPromises: unary("ListPromises", () => {
            throw new DomainError("UNAVAILABLE", "promise events are not enabled in this process");
          }),
        }
      : createPromiseEventsHandlers(deps.promiseEvents)),
    UpsertStock: unary("UpsertStock", async (req) => {
      if (req.rows.length === 0) throw invalidArgument("rows", "expected at least one row");
      if (req.rows.length > MAX_STOCK_ROWS) {
        throw invalidArgument("rows", `expected at most ${MAX_STOCK_ROWS} rows per call`);
      }
      const rows = req.rows.map((row, i) => stockRow(live, row, i));
      const result = await store.upsertStock(rows);
      await sync.refresh();
      return { applied: result.applied, stale: result.stale };
    }),
    SetCapacity: unary("SetCapacity", async (req) => {
      const id = warehouse(live, req.warehouseId, "warehouse_id");
      if (req.unlimited && req.dailyCapacity !== 0) {
        throw invalidArgument("daily_capacity", "must be 0 when unlimited is set");
      }
      const daily = req.unlimited
        ? null
        : req.dailyCapacity === 0
          ? undefined
          : count(req.dailyCapacity, "daily_capacity", 1);
      const overrides = dateValues(req.overrides, "overrides");
      await store.setCapacity(id, { daily, overrides });
      await sync.refresh();
      return {};
    }),
    SetBookedLoad: unary("SetBookedLoad", async (req) => {
      const id = warehouse(live, req.warehouseId, "warehouse_id");
      if (req.loads.length === 0) throw invalidArgument("loads", "expected at least one date");
      const loads = dateValues(req.loads, "loads").map((l) => ({ day: l.day, orders: l.value }));
      await store.setBookedLoad(id, loads);
      await sync.refresh();
      return {};
    }),
    GetWarehouseThroughput: unary("GetWarehouseThroughput", (req) => {
      const days = req.days === 0 ? 7 : req.days;
      if (!Number.isInteger(days) || days < 1 || days > 62) {
        throw invalidArgument("days", "must be from 1 to 62 (0: 7)");
      }
      const ids =
        req.warehouseId === ""
          ? // Stores are stock locations too (after the warehouses); they ship nothing by carrier.
            live.network.warehouses
              .filter((w) => !live.network.storeById.has(w.id))
              .map((w) => w.id)
          : [warehouse(live, req.warehouseId, "warehouse_id")];
      const now = deps.clock();
      const warehouses = ids
        .map((id) => throughputReport(live.capacity, id, now, days))
        .filter((r): r is WarehouseThroughputReport => r !== undefined)
        .map((r) => ({
          warehouseId: r.warehouseId,
          tracked: r.tracked,
          backlogOrders: r.backlogOrders,
          throughputFactor: r.throughputFactor,
          learnedDays: r.learnedDays,
          firstOpenDate: r.firstOpenDate,
          backlogShippedToday: r.backlogShippedToday,
          days: [...r.days],
          history: [...r.history],
        }));
      return { warehouses };
    }),
    RecordShipmentEvents: unary("RecordShipmentEvents", async (req) => {
      const result = await deps.tracking.record(
        req.events.map((e) => ({
          eventId: e.eventId,
          promiseId: e.promiseId,
          warehouseId: e.warehouseId,
          // The proto prefixes the values (enum values share the package's namespace).
          kind: String(e.kind).replace(/^SHIPMENT_EVENT_KIND_/, ""),
          occurredAtMs: instantOrNaN(e.occurredAt),
          serviceId: e.serviceId,
          trackingNumber: e.trackingNumber,
        })),
      );
      if (result.fulfilled.length > 0) await sync.refresh();
      return {
        applied: result.applied,
        duplicates: result.duplicates,
        errors: result.errors.map((e) => ({ index: e.index, field: e.field, reason: e.reason })),
        fulfilledPromiseIds: [...result.fulfilled],
        deliveredPromiseIds: [...result.delivered],
      };
    }),
    RefreshLearnedTransit: unary("RefreshLearnedTransit", async () => {
      const r = await deps.learning.refresh();
      return {
        deliveries: r.deliveries,
        used: r.used,
        skipped: r.skipped,
        learnedLanes: r.learnedLanes,
        lanesWithHistory: r.lanesWithHistory,
        borrowedLanes: r.borrowedLanes,
        fromDate: formatIsoDay(r.fromDay),
        toDate: formatIsoDay(r.toDay),
        durationSeconds: r.durationMs / 1000,
      };
    }),
    ImportShipments: unary("ImportShipments", async (req) => {
      if (req.rows.length === 0) throw invalidArgument("rows", "expected at least one row");
      if (req.rows.length > MAX_STOCK_ROWS) {
        throw invalidArgument("rows", `expected at most ${MAX_STOCK_ROWS} rows per call`);
      }
      const checker = new ShipmentHistoryChecker(live.network, deps.clock());
      const keys = new ImportKeys();
      const rows: ImportedDelivery[] = [];
      const errors: { index: number; field: string; reason: string }[] = [];
      req.rows.forEach((r, index) => {
        const checked = checker.check({
          warehouseId: r.originWarehouse,
          serviceId: r.service,
          countryCode: r.destinationCountry.toUpperCase(),
          postalCode: r.destinationPostalCode,
          shipDate: r.shipDate,
          delivered: r.delivered,
          promisedLatest: r.promisedLatest,
        });
        if ("field" in checked) {
          errors.push({ index, field: `rows[${index}].${checked.field}`, reason: checked.reason });
        } else rows.push({ ...checked, importKey: keys.keyOf(checked, r.delivered, r.rowKey) });
      });
      const imported = await store.importDeliveries(rows);
      return { imported, duplicates: rows.length - imported, errors };
    }),
    GetAccuracy: unary("GetAccuracy", async (req) => {
      const from = day(req.fromDate, "from_date");
      const to = day(req.toDate, "to_date");
      if (to < from) throw invalidArgument("to_date", "must not be before from_date");
      if (to - from > 400) throw invalidArgument("to_date", "at most 400 days after from_date");
      const grouping = req.groupBy.map((g, i) => {
        const name = (GROUPING as Readonly<Record<string, AccuracyGrouping>>)[String(g)];
        if (name === undefined) throw invalidArgument(`group_by[${i}]`, "unknown grouping");
        return name;
      });
      const report = await accuracyReport(
        live.network,
        store.loadShipmentOutcomes(from, to),
        grouping,
        store.loadUntrackedShipments(from, to, { batchSize: 5_000 }),
        store.loadImportedOutcomes(from, to),
      );
      return {
        groups: report.groups.map(toProtoGroup),
        total: toProtoGroup(report.total),
        calibration: report.calibration.map((b) => ({ ...b })),
        brierScore: report.brierScore,
        expectedCalibrationError: report.expectedCalibrationError,
      };
    }),
    ReloadNetwork: unary("ReloadNetwork", () => {
      const result = deps.reload();
      return {
        networkVersion: result.networkVersion,
        reloaded: result.reloaded,
        errors: [...result.errors],
        loadedAt: msToTimestamp(result.atMs),
      };
    }),
  };

  const definition = loadProto().proto.promise.v1.AdminService.service;
  return {
    name: ADMIN_SERVICE_NAME,
    // WatchPromiseEvents writes each event's bytes (promise-event-encoder).
    definition: {
      ...definition,
      WatchPromiseEvents: passEncodedEvents(
        definition.WatchPromiseEvents as grpc.MethodDefinition<object, object>,
      ),
    } as typeof definition,
    implementation,
  };
}
