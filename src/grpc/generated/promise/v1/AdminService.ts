// Original file: proto/promise/v1/admin.proto

import type * as grpc from "@grpc/grpc-js";
import type { MethodDefinition } from "@grpc/proto-loader";
import type {
  GetAccuracyRequest as _promise_v1_GetAccuracyRequest,
  GetAccuracyRequest__Output as _promise_v1_GetAccuracyRequest__Output,
} from "../../promise/v1/GetAccuracyRequest.js";
import type {
  GetAccuracyResponse as _promise_v1_GetAccuracyResponse,
  GetAccuracyResponse__Output as _promise_v1_GetAccuracyResponse__Output,
} from "../../promise/v1/GetAccuracyResponse.js";
import type {
  GetWarehouseThroughputRequest as _promise_v1_GetWarehouseThroughputRequest,
  GetWarehouseThroughputRequest__Output as _promise_v1_GetWarehouseThroughputRequest__Output,
} from "../../promise/v1/GetWarehouseThroughputRequest.js";
import type {
  GetWarehouseThroughputResponse as _promise_v1_GetWarehouseThroughputResponse,
  GetWarehouseThroughputResponse__Output as _promise_v1_GetWarehouseThroughputResponse__Output,
} from "../../promise/v1/GetWarehouseThroughputResponse.js";
import type {
  ImportShipmentsRequest as _promise_v1_ImportShipmentsRequest,
  ImportShipmentsRequest__Output as _promise_v1_ImportShipmentsRequest__Output,
} from "../../promise/v1/ImportShipmentsRequest.js";
import type {
  ImportShipmentsResponse as _promise_v1_ImportShipmentsResponse,
  ImportShipmentsResponse__Output as _promise_v1_ImportShipmentsResponse__Output,
} from "../../promise/v1/ImportShipmentsResponse.js";
import type {
  ListPromisesRequest as _promise_v1_ListPromisesRequest,
  ListPromisesRequest__Output as _promise_v1_ListPromisesRequest__Output,
} from "../../promise/v1/ListPromisesRequest.js";
import type {
  ListPromisesResponse as _promise_v1_ListPromisesResponse,
  ListPromisesResponse__Output as _promise_v1_ListPromisesResponse__Output,
} from "../../promise/v1/ListPromisesResponse.js";
import type {
  RecordShipmentEventsRequest as _promise_v1_RecordShipmentEventsRequest,
  RecordShipmentEventsRequest__Output as _promise_v1_RecordShipmentEventsRequest__Output,
} from "../../promise/v1/RecordShipmentEventsRequest.js";
import type {
  RecordShipmentEventsResponse as _promise_v1_RecordShipmentEventsResponse,
  RecordShipmentEventsResponse__Output as _promise_v1_RecordShipmentEventsResponse__Output,
} from "../../promise/v1/RecordShipmentEventsResponse.js";
import type {
  RefreshLearnedTransitRequest as _promise_v1_RefreshLearnedTransitRequest,
  RefreshLearnedTransitRequest__Output as _promise_v1_RefreshLearnedTransitRequest__Output,
} from "../../promise/v1/RefreshLearnedTransitRequest.js";
import type {
  RefreshLearnedTransitResponse as _promise_v1_RefreshLearnedTransitResponse,
  RefreshLearnedTransitResponse__Output as _promise_v1_RefreshLearnedTransitResponse__Output,
} from "../../promise/v1/RefreshLearnedTransitResponse.js";
import type {
  ReloadNetworkRequest as _promise_v1_ReloadNetworkRequest,
  ReloadNetworkRequest__Output as _promise_v1_ReloadNetworkRequest__Output,
} from "../../promise/v1/ReloadNetworkRequest.js";
import type {
  ReloadNetworkResponse as _promise_v1_ReloadNetworkResponse,
  ReloadNetworkResponse__Output as _promise_v1_ReloadNetworkResponse__Output,
} from "../../promise/v1/ReloadNetworkResponse.js";
import type {
  SetBookedLoadRequest as _promise_v1_SetBookedLoadRequest,
  SetBookedLoadRequest__Output as _promise_v1_SetBookedLoadRequest__Output,
} from "../../promise/v1/SetBookedLoadRequest.js";
import type {
  SetBookedLoadResponse as _promise_v1_SetBookedLoadResponse,
  SetBookedLoadResponse__Output as _promise_v1_SetBookedLoadResponse__Output,
} from "../../promise/v1/SetBookedLoadResponse.js";
import type {
  SetCapacityRequest as _promise_v1_SetCapacityRequest,
  SetCapacityRequest__Output as _promise_v1_SetCapacityRequest__Output,
} from "../../promise/v1/SetCapacityRequest.js";
import type {
  SetCapacityResponse as _promise_v1_SetCapacityResponse,
  SetCapacityResponse__Output as _promise_v1_SetCapacityResponse__Output,
} from "../../promise/v1/SetCapacityResponse.js";
import type {
  UpsertStockRequest as _promise_v1_UpsertStockRequest,
  UpsertStockRequest__Output as _promise_v1_UpsertStockRequest__Output,
} from "../../promise/v1/UpsertStockRequest.js";
import type {
  UpsertStockResponse as _promise_v1_UpsertStockResponse,
  UpsertStockResponse__Output as _promise_v1_UpsertStockResponse__Output,
} from "../../promise/v1/UpsertStockResponse.js";
import type {
  WatchPromiseEventsRequest as _promise_v1_WatchPromiseEventsRequest,
  WatchPromiseEventsRequest__Output as _promise_v1_WatchPromiseEventsRequest__Output,
} from "../../promise/v1/WatchPromiseEventsRequest.js";
import type {
  WatchPromiseEventsResponse as _promise_v1_WatchPromiseEventsResponse,
  WatchPromiseEventsResponse__Output as _promise_v1_WatchPromiseEventsResponse__Output,
} from "../../promise/v1/WatchPromiseEventsResponse.js";

export interface AdminServiceClient extends grpc.Client {
  GetAccuracy(
    argument: _promise_v1_GetAccuracyRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_promise_v1_GetAccuracyResponse__Output>,
  ): grpc.ClientUnaryCall;
  GetAccuracy(
    argument: _promise_v1_GetAccuracyRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_promise_v1_GetAccuracyResponse__Output>,
  ): grpc.ClientUnaryCall;
  GetAccuracy(
    argument: _promise_v1_GetAccuracyRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_promise_v1_GetAccuracyResponse__Output>,
  ): grpc.ClientUnaryCall;
  GetAccuracy(
    argument: _promise_v1_GetAccuracyRequest,
    callback: grpc.requestCallback<_promise_v1_GetAccuracyResponse__Output>,
  ): grpc.ClientUnaryCall;
  getAccuracy(
    argument: _promise_v1_GetAccuracyRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_promise_v1_GetAccuracyResponse__Output>,
  ): grpc.ClientUnaryCall;
  getAccuracy(
    argument: _promise_v1_GetAccuracyRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_promise_v1_GetAccuracyResponse__Output>,
  ): grpc.ClientUnaryCall;
  getAccuracy(
    argument: _promise_v1_GetAccuracyRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_promise_v1_GetAccuracyResponse__Output>,
  ): grpc.ClientUnaryCall;
  getAccuracy(
    argument: _promise_v1_GetAccuracyRequest,
    callback: grpc.requestCallback<_promise_v1_GetAccuracyResponse__Output>,
  ): grpc.ClientUnaryCall;

  GetWarehouseThroughput(
    argument: _promise_v1_GetWarehouseThroughputRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_promise_v1_GetWarehouseThroughputResponse__Output>,
  ): grpc.ClientUnaryCall;
  GetWarehouseThroughput(
    argument: _promise_v1_GetWarehouseThroughputRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_promise_v1_GetWarehouseThroughputResponse__Output>,
  ): grpc.ClientUnaryCall;
  GetWarehouseThroughput(
    argument: _promise_v1_GetWarehouseThroughputRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_promise_v1_GetWarehouseThroughputResponse__Output>,
  ): grpc.ClientUnaryCall;
  GetWarehouseThroughput(
    argument: _promise_v1_GetWarehouseThroughputRequest,
    callback: grpc.requestCallback<_promise_v1_GetWarehouseThroughputResponse__Output>,
  ): grpc.ClientUnaryCall;
  getWarehouseThroughput(
    argument: _promise_v1_GetWarehouseThroughputRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_promise_v1_GetWarehouseThroughputResponse__Output>,
  ): grpc.ClientUnaryCall;
  getWarehouseThroughput(
    argument: _promise_v1_GetWarehouseThroughputRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_promise_v1_GetWarehouseThroughputResponse__Output>,
  ): grpc.ClientUnaryCall;
  getWarehouseThroughput(
    argument: _promise_v1_GetWarehouseThroughputRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_promise_v1_GetWarehouseThroughputResponse__Output>,
  ): grpc.ClientUnaryCall;
  getWarehouseThroughput(
    argument: _promise_v1_GetWarehouseThroughputRequest,
    callback: grpc.requestCallback<_promise_v1_GetWarehouseThroughputResponse__Output>,
  ): grpc.ClientUnaryCall;

  ImportShipments(
    argument: _promise_v1_ImportShipmentsRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_promise_v1_ImportShipmentsResponse__Output>,
  ): grpc.ClientUnaryCall;
  ImportShipments(
    argument: _promise_v1_ImportShipmentsRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_promise_v1_ImportShipmentsResponse__Output>,
  ): grpc.ClientUnaryCall;
  ImportShipments(
    argument: _promise_v1_ImportShipmentsRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_promise_v1_ImportShipmentsResponse__Output>,
  ): grpc.ClientUnaryCall;
  ImportShipments(
    argument: _promise_v1_ImportShipmentsRequest,
    callback: grpc.requestCallback<_promise_v1_ImportShipmentsResponse__Output>,
  ): grpc.ClientUnaryCall;
  importShipments(
    argument: _promise_v1_ImportShipmentsRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_promise_v1_ImportShipmentsResponse__Output>,
  ): grpc.ClientUnaryCall;
  importShipments(
    argument: _promise_v1_ImportShipmentsRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_promise_v1_ImportShipmentsResponse__Output>,
  ): grpc.ClientUnaryCall;
  importShipments(
    argument: _promise_v1_ImportShipmentsRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_promise_v1_ImportShipmentsResponse__Output>,
  ): grpc.ClientUnaryCall;
  importShipments(
    argument: _promise_v1_ImportShipmentsRequest,
    callback: grpc.requestCallback<_promise_v1_ImportShipmentsResponse__Output>,
  ): grpc.ClientUnaryCall;

  ListPromises(
    argument: _promise_v1_ListPromisesRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_promise_v1_ListPromisesResponse__Output>,
  ): grpc.ClientUnaryCall;
  ListPromises(
    argument: _promise_v1_ListPromisesRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_promise_v1_ListPromisesResponse__Output>,
  ): grpc.ClientUnaryCall;
  ListPromises(
    argument: _promise_v1_ListPromisesRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_promise_v1_ListPromisesResponse__Output>,
  ): grpc.ClientUnaryCall;
  ListPromises(
    argument: _promise_v1_ListPromisesRequest,
    callback: grpc.requestCallback<_promise_v1_ListPromisesResponse__Output>,
  ): grpc.ClientUnaryCall;
  listPromises(
    argument: _promise_v1_ListPromisesRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_promise_v1_ListPromisesResponse__Output>,
  ): grpc.ClientUnaryCall;
  listPromises(
    argument: _promise_v1_ListPromisesRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_promise_v1_ListPromisesResponse__Output>,
  ): grpc.ClientUnaryCall;
  listPromises(
    argument: _promise_v1_ListPromisesRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_promise_v1_ListPromisesResponse__Output>,
  ): grpc.ClientUnaryCall;
  listPromises(
    argument: _promise_v1_ListPromisesRequest,
    callback: grpc.requestCallback<_promise_v1_ListPromisesResponse__Output>,
  ): grpc.ClientUnaryCall;

  RecordShipmentEvents(
    argument: _promise_v1_RecordShipmentEventsRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_promise_v1_RecordShipmentEventsResponse__Output>,
  ): grpc.ClientUnaryCall;
  RecordShipmentEvents(
    argument: _promise_v1_RecordShipmentEventsRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_promise_v1_RecordShipmentEventsResponse__Output>,
  ): grpc.ClientUnaryCall;
  RecordShipmentEvents(
    argument: _promise_v1_RecordShipmentEventsRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_promise_v1_RecordShipmentEventsResponse__Output>,
  ): grpc.ClientUnaryCall;
  RecordShipmentEvents(
    argument: _promise_v1_RecordShipmentEventsRequest,
    callback: grpc.requestCallback<_promise_v1_RecordShipmentEventsResponse__Output>,
  ): grpc.ClientUnaryCall;
  recordShipmentEvents(
    argument: _promise_v1_RecordShipmentEventsRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_promise_v1_RecordShipmentEventsResponse__Output>,
  ): grpc.ClientUnaryCall;
  recordShipmentEvents(
    argument: _promise_v1_RecordShipmentEventsRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_promise_v1_RecordShipmentEventsResponse__Output>,
  ): grpc.ClientUnaryCall;
  recordShipmentEvents(
    argument: _promise_v1_RecordShipmentEventsRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_promise_v1_RecordShipmentEventsResponse__Output>,
  ): grpc.ClientUnaryCall;
  recordShipmentEvents(
    argument: _promise_v1_RecordShipmentEventsRequest,
    callback: grpc.requestCallback<_promise_v1_RecordShipmentEventsResponse__Output>,
  ): grpc.ClientUnaryCall;

  RefreshLearnedTransit(
    argument: _promise_v1_RefreshLearnedTransitRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_promise_v1_RefreshLearnedTransitResponse__Output>,
  ): grpc.ClientUnaryCall;
  RefreshLearnedTransit(
    argument: _promise_v1_RefreshLearnedTransitRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_promise_v1_RefreshLearnedTransitResponse__Output>,
  ): grpc.ClientUnaryCall;
  RefreshLearnedTransit(
    argument: _promise_v1_RefreshLearnedTransitRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_promise_v1_RefreshLearnedTransitResponse__Output>,
  ): grpc.ClientUnaryCall;
  RefreshLearnedTransit(
    argument: _promise_v1_RefreshLearnedTransitRequest,
    callback: grpc.requestCallback<_promise_v1_RefreshLearnedTransitResponse__Output>,
  ): grpc.ClientUnaryCall;
  refreshLearnedTransit(
    argument: _promise_v1_RefreshLearnedTransitRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_promise_v1_RefreshLearnedTransitResponse__Output>,
  ): grpc.ClientUnaryCall;
  refreshLearnedTransit(
    argument: _promise_v1_RefreshLearnedTransitRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_promise_v1_RefreshLearnedTransitResponse__Output>,
  ): grpc.ClientUnaryCall;
  refreshLearnedTransit(
    argument: _promise_v1_RefreshLearnedTransitRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_promise_v1_RefreshLearnedTransitResponse__Output>,
  ): grpc.ClientUnaryCall;
  refreshLearnedTransit(
    argument: _promise_v1_RefreshLearnedTransitRequest,
    callback: grpc.requestCallback<_promise_v1_RefreshLearnedTransitResponse__Output>,
  ): grpc.ClientUnaryCall;

  ReloadNetwork(
    argument: _promise_v1_ReloadNetworkRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_promise_v1_ReloadNetworkResponse__Output>,
  ): grpc.ClientUnaryCall;
  ReloadNetwork(
    argument: _promise_v1_ReloadNetworkRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_promise_v1_ReloadNetworkResponse__Output>,
  ): grpc.ClientUnaryCall;
  ReloadNetwork(
    argument: _promise_v1_ReloadNetworkRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_promise_v1_ReloadNetworkResponse__Output>,
  ): grpc.ClientUnaryCall;
  ReloadNetwork(
    argument: _promise_v1_ReloadNetworkRequest,
    callback: grpc.requestCallback<_promise_v1_ReloadNetworkResponse__Output>,
  ): grpc.ClientUnaryCall;
  reloadNetwork(
    argument: _promise_v1_ReloadNetworkRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_promise_v1_ReloadNetworkResponse__Output>,
  ): grpc.ClientUnaryCall;
  reloadNetwork(
    argument: _promise_v1_ReloadNetworkRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_promise_v1_ReloadNetworkResponse__Output>,
  ): grpc.ClientUnaryCall;
  reloadNetwork(
    argument: _promise_v1_ReloadNetworkRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_promise_v1_ReloadNetworkResponse__Output>,
  ): grpc.ClientUnaryCall;
  reloadNetwork(
    argument: _promise_v1_ReloadNetworkRequest,
    callback: grpc.requestCallback<_promise_v1_ReloadNetworkResponse__Output>,
  ): grpc.ClientUnaryCall;

  SetBookedLoad(
    argument: _promise_v1_SetBookedLoadRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_promise_v1_SetBookedLoadResponse__Output>,
  ): grpc.ClientUnaryCall;
  SetBookedLoad(
    argument: _promise_v1_SetBookedLoadRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_promise_v1_SetBookedLoadResponse__Output>,
  ): grpc.ClientUnaryCall;
  SetBookedLoad(
    argument: _promise_v1_SetBookedLoadRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_promise_v1_SetBookedLoadResponse__Output>,
  ): grpc.ClientUnaryCall;
  SetBookedLoad(
    argument: _promise_v1_SetBookedLoadRequest,
    callback: grpc.requestCallback<_promise_v1_SetBookedLoadResponse__Output>,
  ): grpc.ClientUnaryCall;
  setBookedLoad(
    argument: _promise_v1_SetBookedLoadRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_promise_v1_SetBookedLoadResponse__Output>,
  ): grpc.ClientUnaryCall;
  setBookedLoad(
    argument: _promise_v1_SetBookedLoadRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_promise_v1_SetBookedLoadResponse__Output>,
  ): grpc.ClientUnaryCall;
  setBookedLoad(
    argument: _promise_v1_SetBookedLoadRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_promise_v1_SetBookedLoadResponse__Output>,
  ): grpc.ClientUnaryCall;
  setBookedLoad(
    argument: _promise_v1_SetBookedLoadRequest,
    callback: grpc.requestCallback<_promise_v1_SetBookedLoadResponse__Output>,
  ): grpc.ClientUnaryCall;

  SetCapacity(
    argument: _promise_v1_SetCapacityRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_promise_v1_SetCapacityResponse__Output>,
  ): grpc.ClientUnaryCall;
  SetCapacity(
    argument: _promise_v1_SetCapacityRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_promise_v1_SetCapacityResponse__Output>,
  ): grpc.ClientUnaryCall;
  SetCapacity(
    argument: _promise_v1_SetCapacityRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_promise_v1_SetCapacityResponse__Output>,
  ): grpc.ClientUnaryCall;
  SetCapacity(
    argument: _promise_v1_SetCapacityRequest,
    callback: grpc.requestCallback<_promise_v1_SetCapacityResponse__Output>,
  ): grpc.ClientUnaryCall;
  setCapacity(
    argument: _promise_v1_SetCapacityRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_promise_v1_SetCapacityResponse__Output>,
  ): grpc.ClientUnaryCall;
  setCapacity(
    argument: _promise_v1_SetCapacityRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_promise_v1_SetCapacityResponse__Output>,
  ): grpc.ClientUnaryCall;
  setCapacity(
    argument: _promise_v1_SetCapacityRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_promise_v1_SetCapacityResponse__Output>,
  ): grpc.ClientUnaryCall;
  setCapacity(
    argument: _promise_v1_SetCapacityRequest,
    callback: grpc.requestCallback<_promise_v1_SetCapacityResponse__Output>,
  ): grpc.ClientUnaryCall;

  UpsertStock(
    argument: _promise_v1_UpsertStockRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_promise_v1_UpsertStockResponse__Output>,
  ): grpc.ClientUnaryCall;
  UpsertStock(
    argument: _promise_v1_UpsertStockRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_promise_v1_UpsertStockResponse__Output>,
  ): grpc.ClientUnaryCall;
  UpsertStock(
    argument: _promise_v1_UpsertStockRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_promise_v1_UpsertStockResponse__Output>,
  ): grpc.ClientUnaryCall;
  UpsertStock(
    argument: _promise_v1_UpsertStockRequest,
    callback: grpc.requestCallback<_promise_v1_UpsertStockResponse__Output>,
  ): grpc.ClientUnaryCall;
  upsertStock(
    argument: _promise_v1_UpsertStockRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_promise_v1_UpsertStockResponse__Output>,
  ): grpc.ClientUnaryCall;
  upsertStock(
    argument: _promise_v1_UpsertStockRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_promise_v1_UpsertStockResponse__Output>,
  ): grpc.ClientUnaryCall;
  upsertStock(
    argument: _promise_v1_UpsertStockRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_promise_v1_UpsertStockResponse__Output>,
  ): grpc.ClientUnaryCall;
  upsertStock(
    argument: _promise_v1_UpsertStockRequest,
    callback: grpc.requestCallback<_promise_v1_UpsertStockResponse__Output>,
  ): grpc.ClientUnaryCall;

  WatchPromiseEvents(
    argument: _promise_v1_WatchPromiseEventsRequest,
    metadata: grpc.Metadata,
    options?: grpc.CallOptions,
  ): grpc.ClientReadableStream<_promise_v1_WatchPromiseEventsResponse__Output>;
  WatchPromiseEvents(
    argument: _promise_v1_WatchPromiseEventsRequest,
    options?: grpc.CallOptions,
  ): grpc.ClientReadableStream<_promise_v1_WatchPromiseEventsResponse__Output>;
  watchPromiseEvents(
    argument: _promise_v1_WatchPromiseEventsRequest,
    metadata: grpc.Metadata,
    options?: grpc.CallOptions,
  ): grpc.ClientReadableStream<_promise_v1_WatchPromiseEventsResponse__Output>;
  watchPromiseEvents(
    argument: _promise_v1_WatchPromiseEventsRequest,
    options?: grpc.CallOptions,
  ): grpc.ClientReadableStream<_promise_v1_WatchPromiseEventsResponse__Output>;
}

export interface AdminServiceHandlers extends grpc.UntypedServiceImplementation {
  GetAccuracy: grpc.handleUnaryCall<
    _promise_v1_GetAccuracyRequest__Output,
    _promise_v1_GetAccuracyResponse
  >;

  GetWarehouseThroughput: grpc.handleUnaryCall<
    _promise_v1_GetWarehouseThroughputRequest__Output,
    _promise_v1_GetWarehouseThroughputResponse
  >;

  ImportShipments: grpc.handleUnaryCall<
    _promise_v1_ImportShipmentsRequest__Output,
    _promise_v1_ImportShipmentsResponse
  >;

  ListPromises: grpc.handleUnaryCall<
    _promise_v1_ListPromisesRequest__Output,
    _promise_v1_ListPromisesResponse
  >;

  RecordShipmentEvents: grpc.handleUnaryCall<
    _promise_v1_RecordShipmentEventsRequest__Output,
    _promise_v1_RecordShipmentEventsResponse
  >;

  RefreshLearnedTransit: grpc.handleUnaryCall<
    _promise_v1_RefreshLearnedTransitRequest__Output,
    _promise_v1_RefreshLearnedTransitResponse
  >;

  ReloadNetwork: grpc.handleUnaryCall<
    _promise_v1_ReloadNetworkRequest__Output,
    _promise_v1_ReloadNetworkResponse
  >;

  SetBookedLoad: grpc.handleUnaryCall<
    _promise_v1_SetBookedLoadRequest__Output,
    _promise_v1_SetBookedLoadResponse
  >;

  SetCapacity: grpc.handleUnaryCall<
    _promise_v1_SetCapacityRequest__Output,
    _promise_v1_SetCapacityResponse
  >;

  UpsertStock: grpc.handleUnaryCall<
    _promise_v1_UpsertStockRequest__Output,
    _promise_v1_UpsertStockResponse
  >;

  WatchPromiseEvents: grpc.handleServerStreamingCall<
    _promise_v1_WatchPromiseEventsRequest__Output,
    _promise_v1_WatchPromiseEventsResponse
  >;
}

export interface AdminServiceDefinition extends grpc.ServiceDefinition {
  GetAccuracy: MethodDefinition<
    _promise_v1_GetAccuracyRequest,
    _promise_v1_GetAccuracyResponse,
    _promise_v1_GetAccuracyRequest__Output,
    _promise_v1_GetAccuracyResponse__Output
  >;
  GetWarehouseThroughput: MethodDefinition<
    _promise_v1_GetWarehouseThroughputRequest,
    _promise_v1_GetWarehouseThroughputResponse,
    _promise_v1_GetWarehouseThroughputRequest__Output,
    _promise_v1_GetWarehouseThroughputResponse__Output
  >;
  ImportShipments: MethodDefinition<
    _promise_v1_ImportShipmentsRequest,
    _promise_v1_ImportShipmentsResponse,
    _promise_v1_ImportShipmentsRequest__Output,
    _promise_v1_ImportShipmentsResponse__Output
  >;
  ListPromises: MethodDefinition<
    _promise_v1_ListPromisesRequest,
    _promise_v1_ListPromisesResponse,
    _promise_v1_ListPromisesRequest__Output,
    _promise_v1_ListPromisesResponse__Output
  >;
  RecordShipmentEvents: MethodDefinition<
    _promise_v1_RecordShipmentEventsRequest,
    _promise_v1_RecordShipmentEventsResponse,
    _promise_v1_RecordShipmentEventsRequest__Output,
    _promise_v1_RecordShipmentEventsResponse__Output
  >;
  RefreshLearnedTransit: MethodDefinition<
    _promise_v1_RefreshLearnedTransitRequest,
    _promise_v1_RefreshLearnedTransitResponse,
    _promise_v1_RefreshLearnedTransitRequest__Output,
    _promise_v1_RefreshLearnedTransitResponse__Output
  >;
  ReloadNetwork: MethodDefinition<
    _promise_v1_ReloadNetworkRequest,
    _promise_v1_ReloadNetworkResponse,
    _promise_v1_ReloadNetworkRequest__Output,
    _promise_v1_ReloadNetworkResponse__Output
  >;
  SetBookedLoad: MethodDefinition<
    _promise_v1_SetBookedLoadRequest,
    _promise_v1_SetBookedLoadResponse,
    _promise_v1_SetBookedLoadRequest__Output,
    _promise_v1_SetBookedLoadResponse__Output
  >;
  SetCapacity: MethodDefinition<
    _promise_v1_SetCapacityRequest,
    _promise_v1_SetCapacityResponse,
    _promise_v1_SetCapacityRequest__Output,
    _promise_v1_SetCapacityResponse__Output
  >;
  UpsertStock: MethodDefinition<
    _promise_v1_UpsertStockRequest,
    _promise_v1_UpsertStockResponse,
    _promise_v1_UpsertStockRequest__Output,
    _promise_v1_UpsertStockResponse__Output
  >;
  WatchPromiseEvents: MethodDefinition<
    _promise_v1_WatchPromiseEventsRequest,
    _promise_v1_WatchPromiseEventsResponse,
    _promise_v1_WatchPromiseEventsRequest__Output,
    _promise_v1_WatchPromiseEventsResponse__Output
  >;
}
