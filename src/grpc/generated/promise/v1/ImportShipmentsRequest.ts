// Original file: proto/promise/v1/admin.proto

import type {
  ShipmentHistoryRow as _promise_v1_ShipmentHistoryRow,
  ShipmentHistoryRow__Output as _promise_v1_ShipmentHistoryRow__Output,
} from "../../promise/v1/ShipmentHistoryRow.js";

export interface ImportShipmentsRequest {
  rows?: _promise_v1_ShipmentHistoryRow[];
}

export interface ImportShipmentsRequest__Output {
  rows: _promise_v1_ShipmentHistoryRow__Output[];
}
