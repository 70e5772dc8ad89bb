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
  DateValue as _promise_v1_DateValue,
  DateValue__Output as _promise_v1_DateValue__Output,
} from "./promise/v1/DateValue.js";
import type {
  GetAccuracyRequest as _promise_v1_GetAccuracyRequest,
  GetAccuracyRequest__Output as _promise_v1_GetAccuracyRequest__Output,
} from "./promise/v1/GetAccuracyRequest.js";
import type {
  GetAccuracyResponse as _promise_v1_GetAccuracyResponse,
  GetAccuracyResponse__Output as _promise_v1_GetAccuracyResponse__Output,
} from "./promise/v1/GetAccuracyResponse.js";
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
  ShipmentEvent as _promise_v1_ShipmentEvent,
  ShipmentEvent__Output as _promise_v1_ShipmentEvent__Output,
} from "./promise/v1/ShipmentEvent.js";
import type {
  ShipmentHistoryRow as _promise_v1_ShipmentHistoryRow,
  ShipmentHistoryRow__Output as _promise_v1_ShipmentHistoryRow__Output,
} from "./promise/v1/ShipmentHistoryRow.js";
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
      CalibrationBin: MessageTypeDefinition<
        _promise_v1_CalibrationBin,
        _promise_v1_CalibrationBin__Output
      >;
      DateValue: MessageTypeDefinition<_promise_v1_DateValue, _promise_v1_DateValue__Output>;
      GetAccuracyRequest: MessageTypeDefinition<
        _promise_v1_GetAccuracyRequest,
        _promise_v1_GetAccuracyRequest__Output
      >;
      GetAccuracyResponse: MessageTypeDefinition<
        _promise_v1_GetAccuracyResponse,
        _promise_v1_GetAccuracyResponse__Output
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
      RowError: MessageTypeDefinition<_promise_v1_RowError, _promise_v1_RowError__Output>;
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
      ShipmentEvent: MessageTypeDefinition<
        _promise_v1_ShipmentEvent,
        _promise_v1_ShipmentEvent__Output
      >;
      ShipmentEventKind: EnumTypeDefinition;
      ShipmentHistoryRow: MessageTypeDefinition<
        _promise_v1_ShipmentHistoryRow,
        _promise_v1_ShipmentHistoryRow__Output
      >;
      StockRow: MessageTypeDefinition<_promise_v1_StockRow, _promise_v1_StockRow__Output>;
      ThroughputDay: MessageTypeDefinition<
        _promise_v1_ThroughputDay,
        _promise_v1_ThroughputDay__Output
      >;
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
    };
  };
}
