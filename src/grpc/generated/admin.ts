import type * as grpc from "@grpc/grpc-js";
import type { MessageTypeDefinition } from "@grpc/proto-loader";

import type {
  Timestamp as _google_protobuf_Timestamp,
  Timestamp__Output as _google_protobuf_Timestamp__Output,
} from "./google/protobuf/Timestamp.js";
import type {
  AdminServiceClient as _promise_v1_AdminServiceClient,
  AdminServiceDefinition as _promise_v1_AdminServiceDefinition,
} from "./promise/v1/AdminService.js";
import type {
  DateValue as _promise_v1_DateValue,
  DateValue__Output as _promise_v1_DateValue__Output,
} from "./promise/v1/DateValue.js";
import type {
  GetWarehouseThroughputRequest as _promise_v1_GetWarehouseThroughputRequest,
  GetWarehouseThroughputRequest__Output as _promise_v1_GetWarehouseThroughputRequest__Output,
} from "./promise/v1/GetWarehouseThroughputRequest.js";
import type {
  GetWarehouseThroughputResponse as _promise_v1_GetWarehouseThroughputResponse,
  GetWarehouseThroughputResponse__Output as _promise_v1_GetWarehouseThroughputResponse__Output,
} from "./promise/v1/GetWarehouseThroughputResponse.js";
import type {
  InboundLot as _promise_v1_InboundLot,
  InboundLot__Output as _promise_v1_InboundLot__Output,
} from "./promise/v1/InboundLot.js";
import type {
  ReloadNetworkRequest as _promise_v1_ReloadNetworkRequest,
  ReloadNetworkRequest__Output as _promise_v1_ReloadNetworkRequest__Output,
} from "./promise/v1/ReloadNetworkRequest.js";
import type {
  ReloadNetworkResponse as _promise_v1_ReloadNetworkResponse,
  ReloadNetworkResponse__Output as _promise_v1_ReloadNetworkResponse__Output,
} from "./promise/v1/ReloadNetworkResponse.js";
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
      AdminService: SubtypeConstructor<typeof grpc.Client, _promise_v1_AdminServiceClient> & {
        service: _promise_v1_AdminServiceDefinition;
      };
      DateValue: MessageTypeDefinition<_promise_v1_DateValue, _promise_v1_DateValue__Output>;
      GetWarehouseThroughputRequest: MessageTypeDefinition<
        _promise_v1_GetWarehouseThroughputRequest,
        _promise_v1_GetWarehouseThroughputRequest__Output
      >;
      GetWarehouseThroughputResponse: MessageTypeDefinition<
        _promise_v1_GetWarehouseThroughputResponse,
        _promise_v1_GetWarehouseThroughputResponse__Output
      >;
      InboundLot: MessageTypeDefinition<_promise_v1_InboundLot, _promise_v1_InboundLot__Output>;
      ReloadNetworkRequest: MessageTypeDefinition<
        _promise_v1_ReloadNetworkRequest,
        _promise_v1_ReloadNetworkRequest__Output
      >;
      ReloadNetworkResponse: MessageTypeDefinition<
        _promise_v1_ReloadNetworkResponse,
        _promise_v1_ReloadNetworkResponse__Output
      >;
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
