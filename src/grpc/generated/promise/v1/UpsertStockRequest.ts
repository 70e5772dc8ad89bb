// Original file: proto/promise/v1/admin.proto

import type {
  StockRow as _promise_v1_StockRow,
  StockRow__Output as _promise_v1_StockRow__Output,
} from "../../promise/v1/StockRow.js";

export interface UpsertStockRequest {
  rows?: _promise_v1_StockRow[];
}

export interface UpsertStockRequest__Output {
  rows: _promise_v1_StockRow__Output[];
}
