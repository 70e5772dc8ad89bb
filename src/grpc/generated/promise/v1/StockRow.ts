// Original file: proto/promise/v1/admin.proto

import type { Long } from "@grpc/proto-loader";
import type {
  Timestamp as _google_protobuf_Timestamp,
  Timestamp__Output as _google_protobuf_Timestamp__Output,
} from "../../google/protobuf/Timestamp.js";
import type {
  InboundLot as _promise_v1_InboundLot,
  InboundLot__Output as _promise_v1_InboundLot__Output,
} from "../../promise/v1/InboundLot.js";

export interface StockRow {
  sku?: string;
  warehouseId?: string;
  onHand?: number;
  safetyStock?: number;
  inbound?: _promise_v1_InboundLot[];
  version?: number | string | Long;
  asOf?: _google_protobuf_Timestamp | null;
}

export interface StockRow__Output {
  sku: string;
  warehouseId: string;
  onHand: number;
  safetyStock: number;
  inbound: _promise_v1_InboundLot__Output[];
  version: number;
  asOf: _google_protobuf_Timestamp__Output | null;
}
