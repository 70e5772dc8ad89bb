import type * as grpc from "@grpc/grpc-js";
import type { EnumTypeDefinition, MessageTypeDefinition } from "@grpc/proto-loader";

import type {
  Timestamp as _google_protobuf_Timestamp,
  Timestamp__Output as _google_protobuf_Timestamp__Output,
} from "./google/protobuf/Timestamp.js";
import type {
  AccuracyGroup as _promise_v1_AccuracyGroup,
  AccuracyGroup__Output as _promise_v1_AccuracyGroup__Output,
} from "./promise/v1/AccuracyGroup.js";
import type {
  AdminServiceClient as _promise_v1_AdminServiceClient,
  AdminServiceDefinition as _promise_v1_AdminServiceDefinition,
} from "./promise/v1/AdminService.js";
import type {
  CalibrationBin as _promise_v1_CalibrationBin,
  CalibrationBin__Output as _promise_v1_CalibrationBin__Output,
} from "./promise/v1/CalibrationBin.js";
import type {
  CancelPromiseRequest as _promise_v1_CancelPromiseRequest,
  CancelPromiseRequest__Output as _promise_v1_CancelPromiseRequest__Output,
} from "./promise/v1/CancelPromiseRequest.js";
import type {
  CancelPromiseResponse as _promise_v1_CancelPromiseResponse,
  CancelPromiseResponse__Output as _promise_v1_CancelPromiseResponse__Output,
} from "./promise/v1/CancelPromiseResponse.js";
import type {
  CartLine as _promise_v1_CartLine,
  CartLine__Output as _promise_v1_CartLine__Output,
} from "./promise/v1/CartLine.js";
import type {
  CartOption as _promise_v1_CartOption,
  CartOption__Output as _promise_v1_CartOption__Output,
} from "./promise/v1/CartOption.js";
import type {
  ConfirmPromiseRequest as _promise_v1_ConfirmPromiseRequest,
  ConfirmPromiseRequest__Output as _promise_v1_ConfirmPromiseRequest__Output,
} from "./promise/v1/ConfirmPromiseRequest.js";
import type {
  ConfirmPromiseResponse as _promise_v1_ConfirmPromiseResponse,
  ConfirmPromiseResponse__Output as _promise_v1_ConfirmPromiseResponse__Output,
} from "./promise/v1/ConfirmPromiseResponse.js";
import type {
  DateValue as _promise_v1_DateValue,
  DateValue__Output as _promise_v1_DateValue__Output,
} from "./promise/v1/DateValue.js";
import type {
  DeliveryPromise as _promise_v1_DeliveryPromise,
  DeliveryPromise__Output as _promise_v1_DeliveryPromise__Output,
} from "./promise/v1/DeliveryPromise.js";
import type {
  Destination as _promise_v1_Destination,
  Destination__Output as _promise_v1_Destination__Output,
} from "./promise/v1/Destination.js";
import type {
  EstimateBatchRequest as _promise_v1_EstimateBatchRequest,
  EstimateBatchRequest__Output as _promise_v1_EstimateBatchRequest__Output,
} from "./promise/v1/EstimateBatchRequest.js";
import type {
  EstimateBatchResponse as _promise_v1_EstimateBatchResponse,
  EstimateBatchResponse__Output as _promise_v1_EstimateBatchResponse__Output,
} from "./promise/v1/EstimateBatchResponse.js";
import type {
  EstimateBatchResult as _promise_v1_EstimateBatchResult,
  EstimateBatchResult__Output as _promise_v1_EstimateBatchResult__Output,
} from "./promise/v1/EstimateBatchResult.js";
import type {
  EstimateItem as _promise_v1_EstimateItem,
  EstimateItem__Output as _promise_v1_EstimateItem__Output,
} from "./promise/v1/EstimateItem.js";
import type {
  EstimateRequest as _promise_v1_EstimateRequest,
  EstimateRequest__Output as _promise_v1_EstimateRequest__Output,
} from "./promise/v1/EstimateRequest.js";
import type {
  EstimateResponse as _promise_v1_EstimateResponse,
  EstimateResponse__Output as _promise_v1_EstimateResponse__Output,
} from "./promise/v1/EstimateResponse.js";
import type {
  FreshOptions as _promise_v1_FreshOptions,
  FreshOptions__Output as _promise_v1_FreshOptions__Output,
} from "./promise/v1/FreshOptions.js";
import type {
  FulfilPromiseRequest as _promise_v1_FulfilPromiseRequest,
  FulfilPromiseRequest__Output as _promise_v1_FulfilPromiseRequest__Output,
} from "./promise/v1/FulfilPromiseRequest.js";
import type {
  FulfilPromiseResponse as _promise_v1_FulfilPromiseResponse,
  FulfilPromiseResponse__Output as _promise_v1_FulfilPromiseResponse__Output,
} from "./promise/v1/FulfilPromiseResponse.js";
import type {
  GeoPoint as _promise_v1_GeoPoint,
  GeoPoint__Output as _promise_v1_GeoPoint__Output,
} from "./promise/v1/GeoPoint.js";
import type {
  GetAccuracyRequest as _promise_v1_GetAccuracyRequest,
  GetAccuracyRequest__Output as _promise_v1_GetAccuracyRequest__Output,
} from "./promise/v1/GetAccuracyRequest.js";
import type {
  GetAccuracyResponse as _promise_v1_GetAccuracyResponse,
  GetAccuracyResponse__Output as _promise_v1_GetAccuracyResponse__Output,
} from "./promise/v1/GetAccuracyResponse.js";
import type {
  GetPromiseRequest as _promise_v1_GetPromiseRequest,
  GetPromiseRequest__Output as _promise_v1_GetPromiseRequest__Output,
} from "./promise/v1/GetPromiseRequest.js";
import type {
  GetPromiseResponse as _promise_v1_GetPromiseResponse,
  GetPromiseResponse__Output as _promise_v1_GetPromiseResponse__Output,
} from "./promise/v1/GetPromiseResponse.js";
import type {
  GetWarehouseThroughputRequest as _promise_v1_GetWarehouseThroughputRequest,
  GetWarehouseThroughputRequest__Output as _promise_v1_GetWarehouseThroughputRequest__Output,
} from "./promise/v1/GetWarehouseThroughputRequest.js";
import type {
  GetWarehouseThroughputResponse as _promise_v1_GetWarehouseThroughputResponse,
  GetWarehouseThroughputResponse__Output as _promise_v1_GetWarehouseThroughputResponse__Output,
} from "./promise/v1/GetWarehouseThroughputResponse.js";
import type {
  ImportShipmentsRequest as _promise_v1_ImportShipmentsRequest,
  ImportShipmentsRequest__Output as _promise_v1_ImportShipmentsRequest__Output,
} from "./promise/v1/ImportShipmentsRequest.js";
import type {
  ImportShipmentsResponse as _promise_v1_ImportShipmentsResponse,
  ImportShipmentsResponse__Output as _promise_v1_ImportShipmentsResponse__Output,
} from "./promise/v1/ImportShipmentsResponse.js";
import type {
  InboundLot as _promise_v1_InboundLot,
  InboundLot__Output as _promise_v1_InboundLot__Output,
} from "./promise/v1/InboundLot.js";
import type {
  ItemError as _promise_v1_ItemError,
  ItemError__Output as _promise_v1_ItemError__Output,
} from "./promise/v1/ItemError.js";
import type {
  ListPromisesRequest as _promise_v1_ListPromisesRequest,
  ListPromisesRequest__Output as _promise_v1_ListPromisesRequest__Output,
} from "./promise/v1/ListPromisesRequest.js";
import type {
  ListPromisesResponse as _promise_v1_ListPromisesResponse,
  ListPromisesResponse__Output as _promise_v1_ListPromisesResponse__Output,
} from "./promise/v1/ListPromisesResponse.js";
import type {
  Money as _promise_v1_Money,
  Money__Output as _promise_v1_Money__Output,
} from "./promise/v1/Money.js";
import type {
  PickupOption as _promise_v1_PickupOption,
  PickupOption__Output as _promise_v1_PickupOption__Output,
} from "./promise/v1/PickupOption.js";
import type {
  PromiseRisk as _promise_v1_PromiseRisk,
  PromiseRisk__Output as _promise_v1_PromiseRisk__Output,
} from "./promise/v1/PromiseRisk.js";
import type {
  PromiseServiceClient as _promise_v1_PromiseServiceClient,
  PromiseServiceDefinition as _promise_v1_PromiseServiceDefinition,
} from "./promise/v1/PromiseService.js";
import type {
  QuoteCartRequest as _promise_v1_QuoteCartRequest,
  QuoteCartRequest__Output as _promise_v1_QuoteCartRequest__Output,
} from "./promise/v1/QuoteCartRequest.js";
import type {
  QuoteCartResponse as _promise_v1_QuoteCartResponse,
  QuoteCartResponse__Output as _promise_v1_QuoteCartResponse__Output,
} from "./promise/v1/QuoteCartResponse.js";
import type {
  Reason as _promise_v1_Reason,
  Reason__Output as _promise_v1_Reason__Output,
} from "./promise/v1/Reason.js";
import type {
  RecordShipmentEventsRequest as _promise_v1_RecordShipmentEventsRequest,
  RecordShipmentEventsRequest__Output as _promise_v1_RecordShipmentEventsRequest__Output,
} from "./promise/v1/RecordShipmentEventsRequest.js";
import type {
  RecordShipmentEventsResponse as _promise_v1_RecordShipmentEventsResponse,
  RecordShipmentEventsResponse__Output as _promise_v1_RecordShipmentEventsResponse__Output,
} from "./promise/v1/RecordShipmentEventsResponse.js";
import type {
  RefreshLearnedTransitRequest as _promise_v1_RefreshLearnedTransitRequest,
  RefreshLearnedTransitRequest__Output as _promise_v1_RefreshLearnedTransitRequest__Output,
} from "./promise/v1/RefreshLearnedTransitRequest.js";
import type {
  RefreshLearnedTransitResponse as _promise_v1_RefreshLearnedTransitResponse,
  RefreshLearnedTransitResponse__Output as _promise_v1_RefreshLearnedTransitResponse__Output,
} from "./promise/v1/RefreshLearnedTransitResponse.js";
import type {
  ReloadNetworkRequest as _promise_v1_ReloadNetworkRequest,
  ReloadNetworkRequest__Output as _promise_v1_ReloadNetworkRequest__Output,
} from "./promise/v1/ReloadNetworkRequest.js";
import type {
  ReloadNetworkResponse as _promise_v1_ReloadNetworkResponse,
  ReloadNetworkResponse__Output as _promise_v1_ReloadNetworkResponse__Output,
} from "./promise/v1/ReloadNetworkResponse.js";
import type {
  RowError as _promise_v1_RowError,
  RowError__Output as _promise_v1_RowError__Output,
} from "./promise/v1/RowError.js";
import type {
  SetBookedLoadRequest as _promise_v1_SetBookedLoadRequest,
  SetBookedLoadRequest__Output as _promise_v1_SetBookedLoadRequest__Output,
} from "./promise/v1/SetBookedLoadRequest.js";
import type {
  SetBookedLoadResponse as _promise_v1_SetBookedLoadResponse,
  SetBookedLoadResponse__Output as _promise_v1_SetBookedLoadResponse__Output,
} from "./promise/v1/SetBookedLoadResponse.js";
import type {
  SetCapacityRequest as _promise_v1_SetCapacityRequest,
  SetCapacityRequest__Output as _promise_v1_SetCapacityRequest__Output,
} from "./promise/v1/SetCapacityRequest.js";
import type {
  SetCapacityResponse as _promise_v1_SetCapacityResponse,
  SetCapacityResponse__Output as _promise_v1_SetCapacityResponse__Output,
} from "./promise/v1/SetCapacityResponse.js";
import type {
  Shipment as _promise_v1_Shipment,
  Shipment__Output as _promise_v1_Shipment__Output,
} from "./promise/v1/Shipment.js";
import type {
  ShipmentEvent as _promise_v1_ShipmentEvent,
  ShipmentEvent__Output as _promise_v1_ShipmentEvent__Output,
} from "./promise/v1/ShipmentEvent.js";
import type {
  ShipmentHistoryRow as _promise_v1_ShipmentHistoryRow,
  ShipmentHistoryRow__Output as _promise_v1_ShipmentHistoryRow__Output,
} from "./promise/v1/ShipmentHistoryRow.js";
import type {
  ShippingOption as _promise_v1_ShippingOption,
  ShippingOption__Output as _promise_v1_ShippingOption__Output,
} from "./promise/v1/ShippingOption.js";
import type {
  StockRow as _promise_v1_StockRow,
  StockRow__Output as _promise_v1_StockRow__Output,
} from "./promise/v1/StockRow.js";
import type {
  ThroughputDay as _promise_v1_ThroughputDay,
  ThroughputDay__Output as _promise_v1_ThroughputDay__Output,
} from "./promise/v1/ThroughputDay.js";
import type {
  UpsertStockRequest as _promise_v1_UpsertStockRequest,
  UpsertStockRequest__Output as _promise_v1_UpsertStockRequest__Output,
} from "./promise/v1/UpsertStockRequest.js";
import type {
  UpsertStockResponse as _promise_v1_UpsertStockResponse,
  UpsertStockResponse__Output as _promise_v1_UpsertStockResponse__Output,
} from "./promise/v1/UpsertStockResponse.js";
import type {
  WarehouseThroughput as _promise_v1_WarehouseThroughput,
  WarehouseThroughput__Output as _promise_v1_WarehouseThroughput__Output,
} from "./promise/v1/WarehouseThroughput.js";
import type {
  WatchPromiseEventsRequest as _promise_v1_WatchPromiseEventsRequest,
  WatchPromiseEventsRequest__Output as _promise_v1_WatchPromiseEventsRequest__Output,
} from "./promise/v1/WatchPromiseEventsRequest.js";
import type {
  WatchPromiseEventsResponse as _promise_v1_WatchPromiseEventsResponse,
  WatchPromiseEventsResponse__Output as _promise_v1_WatchPromiseEventsResponse__Output,
} from "./promise/v1/WatchPromiseEventsResponse.js";

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new (...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  google: {
    protobuf: {
      Timestamp: MessageTypeDefinition<
        _google_protobuf_Timestamp,
        _google_protobuf_Timestamp__Output
      >;
    };
  };
  promise: {
    v1: {
      AccuracyGroup: MessageTypeDefinition<
        _promise_v1_AccuracyGroup,
        _promise_v1_AccuracyGroup__Output
      >;
      AccuracyGrouping: EnumTypeDefinition;
      AdminService: SubtypeConstructor<typeof grpc.Client, _promise_v1_AdminServiceClient> & {
        service: _promise_v1_AdminServiceDefinition;
      };
      Availability: EnumTypeDefinition;
      CalibrationBin: MessageTypeDefinition<
        _promise_v1_CalibrationBin,
        _promise_v1_CalibrationBin__Output
      >;
      CancelPromiseRequest: MessageTypeDefinition<
        _promise_v1_CancelPromiseRequest,
        _promise_v1_CancelPromiseRequest__Output
      >;
      CancelPromiseResponse: MessageTypeDefinition<
        _promise_v1_CancelPromiseResponse,
        _promise_v1_CancelPromiseResponse__Output
      >;
      CartLine: MessageTypeDefinition<_promise_v1_CartLine, _promise_v1_CartLine__Output>;
      CartOption: MessageTypeDefinition<_promise_v1_CartOption, _promise_v1_CartOption__Output>;
      Confidence: EnumTypeDefinition;
      ConfirmPromiseRequest: MessageTypeDefinition<
        _promise_v1_ConfirmPromiseRequest,
        _promise_v1_ConfirmPromiseRequest__Output
      >;
      ConfirmPromiseResponse: MessageTypeDefinition<
        _promise_v1_ConfirmPromiseResponse,
        _promise_v1_ConfirmPromiseResponse__Output
      >;
      DateValue: MessageTypeDefinition<_promise_v1_DateValue, _promise_v1_DateValue__Output>;
      DeliveryPromise: MessageTypeDefinition<
        _promise_v1_DeliveryPromise,
        _promise_v1_DeliveryPromise__Output
      >;
      Destination: MessageTypeDefinition<_promise_v1_Destination, _promise_v1_Destination__Output>;
      EstimateBatchRequest: MessageTypeDefinition<
        _promise_v1_EstimateBatchRequest,
        _promise_v1_EstimateBatchRequest__Output
      >;
      EstimateBatchResponse: MessageTypeDefinition<
        _promise_v1_EstimateBatchResponse,
        _promise_v1_EstimateBatchResponse__Output
      >;
      EstimateBatchResult: MessageTypeDefinition<
        _promise_v1_EstimateBatchResult,
        _promise_v1_EstimateBatchResult__Output
      >;
      EstimateItem: MessageTypeDefinition<
        _promise_v1_EstimateItem,
        _promise_v1_EstimateItem__Output
      >;
      EstimateRequest: MessageTypeDefinition<
        _promise_v1_EstimateRequest,
        _promise_v1_EstimateRequest__Output
      >;
      EstimateResponse: MessageTypeDefinition<
        _promise_v1_EstimateResponse,
        _promise_v1_EstimateResponse__Output
      >;
      FreshOptions: MessageTypeDefinition<
        _promise_v1_FreshOptions,
        _promise_v1_FreshOptions__Output
      >;
      FulfilPromiseRequest: MessageTypeDefinition<
        _promise_v1_FulfilPromiseRequest,
        _promise_v1_FulfilPromiseRequest__Output
      >;
      FulfilPromiseResponse: MessageTypeDefinition<
        _promise_v1_FulfilPromiseResponse,
        _promise_v1_FulfilPromiseResponse__Output
      >;
      GeoPoint: MessageTypeDefinition<_promise_v1_GeoPoint, _promise_v1_GeoPoint__Output>;
      GetAccuracyRequest: MessageTypeDefinition<
        _promise_v1_GetAccuracyRequest,
        _promise_v1_GetAccuracyRequest__Output
      >;
      GetAccuracyResponse: MessageTypeDefinition<
        _promise_v1_GetAccuracyResponse,
        _promise_v1_GetAccuracyResponse__Output
      >;
      GetPromiseRequest: MessageTypeDefinition<
        _promise_v1_GetPromiseRequest,
        _promise_v1_GetPromiseRequest__Output
      >;
      GetPromiseResponse: MessageTypeDefinition<
        _promise_v1_GetPromiseResponse,
        _promise_v1_GetPromiseResponse__Output
      >;
      GetWarehouseThroughputRequest: MessageTypeDefinition<
        _promise_v1_GetWarehouseThroughputRequest,
        _promise_v1_GetWarehouseThroughputRequest__Output
      >;
      GetWarehouseThroughputResponse: MessageTypeDefinition<
        _promise_v1_GetWarehouseThroughputResponse,
        _promise_v1_GetWarehouseThroughputResponse__Output
      >;
      ImportShipmentsRequest: MessageTypeDefinition<
        _promise_v1_ImportShipmentsRequest,
        _promise_v1_ImportShipmentsRequest__Output
      >;
      ImportShipmentsResponse: MessageTypeDefinition<
        _promise_v1_ImportShipmentsResponse,
        _promise_v1_ImportShipmentsResponse__Output
      >;
      InboundLot: MessageTypeDefinition<_promise_v1_InboundLot, _promise_v1_InboundLot__Output>;
      ItemError: MessageTypeDefinition<_promise_v1_ItemError, _promise_v1_ItemError__Output>;
      ListPromisesRequest: MessageTypeDefinition<
        _promise_v1_ListPromisesRequest,
        _promise_v1_ListPromisesRequest__Output
      >;
      ListPromisesResponse: MessageTypeDefinition<
        _promise_v1_ListPromisesResponse,
        _promise_v1_ListPromisesResponse__Output
      >;
      Money: MessageTypeDefinition<_promise_v1_Money, _promise_v1_Money__Output>;
      PickupOption: MessageTypeDefinition<
        _promise_v1_PickupOption,
        _promise_v1_PickupOption__Output
      >;
      PromiseEventKind: EnumTypeDefinition;
      PromiseRisk: MessageTypeDefinition<_promise_v1_PromiseRisk, _promise_v1_PromiseRisk__Output>;
      PromiseService: SubtypeConstructor<typeof grpc.Client, _promise_v1_PromiseServiceClient> & {
        service: _promise_v1_PromiseServiceDefinition;
      };
      PromiseStatus: EnumTypeDefinition;
      QuoteCartRequest: MessageTypeDefinition<
        _promise_v1_QuoteCartRequest,
        _promise_v1_QuoteCartRequest__Output
      >;
      QuoteCartResponse: MessageTypeDefinition<
        _promise_v1_QuoteCartResponse,
        _promise_v1_QuoteCartResponse__Output
      >;
      Reason: MessageTypeDefinition<_promise_v1_Reason, _promise_v1_Reason__Output>;
      RecordShipmentEventsRequest: MessageTypeDefinition<
        _promise_v1_RecordShipmentEventsRequest,
        _promise_v1_RecordShipmentEventsRequest__Output
      >;
      RecordShipmentEventsResponse: MessageTypeDefinition<
        _promise_v1_RecordShipmentEventsResponse,
        _promise_v1_RecordShipmentEventsResponse__Output
      >;
      RefreshLearnedTransitRequest: MessageTypeDefinition<
        _promise_v1_RefreshLearnedTransitRequest,
        _promise_v1_RefreshLearnedTransitRequest__Output
      >;
      RefreshLearnedTransitResponse: MessageTypeDefinition<
        _promise_v1_RefreshLearnedTransitResponse,
        _promise_v1_RefreshLearnedTransitResponse__Output
      >;
      ReloadNetworkRequest: MessageTypeDefinition<
        _promise_v1_ReloadNetworkRequest,
        _promise_v1_ReloadNetworkRequest__Output
      >;
      ReloadNetworkResponse: MessageTypeDefinition<
        _promise_v1_ReloadNetworkResponse,
        _promise_v1_ReloadNetworkResponse__Output
      >;
      RiskStatus: EnumTypeDefinition;
      RowError: MessageTypeDefinition<_promise_v1_RowError, _promise_v1_RowError__Output>;
      ServiceLevel: EnumTypeDefinition;
      SetBookedLoadRequest: MessageTypeDefinition<
        _promise_v1_SetBookedLoadRequest,
        _promise_v1_SetBookedLoadRequest__Output
      >;
      SetBookedLoadResponse: MessageTypeDefinition<
        _promise_v1_SetBookedLoadResponse,
        _promise_v1_SetBookedLoadResponse__Output
      >;
      SetCapacityRequest: MessageTypeDefinition<
        _promise_v1_SetCapacityRequest,
        _promise_v1_SetCapacityRequest__Output
      >;
      SetCapacityResponse: MessageTypeDefinition<
        _promise_v1_SetCapacityResponse,
        _promise_v1_SetCapacityResponse__Output
      >;
      Shipment: MessageTypeDefinition<_promise_v1_Shipment, _promise_v1_Shipment__Output>;
      ShipmentEvent: MessageTypeDefinition<
        _promise_v1_ShipmentEvent,
        _promise_v1_ShipmentEvent__Output
      >;
      ShipmentEventKind: EnumTypeDefinition;
      ShipmentHistoryRow: MessageTypeDefinition<
        _promise_v1_ShipmentHistoryRow,
        _promise_v1_ShipmentHistoryRow__Output
      >;
      ShippingOption: MessageTypeDefinition<
        _promise_v1_ShippingOption,
        _promise_v1_ShippingOption__Output
      >;
      StockRow: MessageTypeDefinition<_promise_v1_StockRow, _promise_v1_StockRow__Output>;
      ThroughputDay: MessageTypeDefinition<
        _promise_v1_ThroughputDay,
        _promise_v1_ThroughputDay__Output
      >;
      TransitSource: EnumTypeDefinition;
      UpsertStockRequest: MessageTypeDefinition<
        _promise_v1_UpsertStockRequest,
        _promise_v1_UpsertStockRequest__Output
      >;
      UpsertStockResponse: MessageTypeDefinition<
        _promise_v1_UpsertStockResponse,
        _promise_v1_UpsertStockResponse__Output
      >;
      WarehouseThroughput: MessageTypeDefinition<
        _promise_v1_WarehouseThroughput,
        _promise_v1_WarehouseThroughput__Output
      >;
      WatchPromiseEventsRequest: MessageTypeDefinition<
        _promise_v1_WatchPromiseEventsRequest,
        _promise_v1_WatchPromiseEventsRequest__Output
      >;
      WatchPromiseEventsResponse: MessageTypeDefinition<
        _promise_v1_WatchPromiseEventsResponse,
        _promise_v1_WatchPromiseEventsResponse__Output
      >;
    };
  };
}
