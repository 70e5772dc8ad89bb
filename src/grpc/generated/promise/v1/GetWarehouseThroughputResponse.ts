// Original file: proto/promise/v1/admin.proto

import type {
  WarehouseThroughput as _promise_v1_WarehouseThroughput,
  WarehouseThroughput__Output as _promise_v1_WarehouseThroughput__Output,
} from "../../promise/v1/WarehouseThroughput.js";

export interface GetWarehouseThroughputResponse {
  warehouses?: _promise_v1_WarehouseThroughput[];
}

export interface GetWarehouseThroughputResponse__Output {
  warehouses: _promise_v1_WarehouseThroughput__Output[];
}
