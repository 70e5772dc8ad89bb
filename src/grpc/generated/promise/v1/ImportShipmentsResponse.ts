// Original file: proto/promise/v1/admin.proto

import type {
  RowError as _promise_v1_RowError,
  RowError__Output as _promise_v1_RowError__Output,
} from "../../promise/v1/RowError.js";

export interface ImportShipmentsResponse {
  imported?: number;
  errors?: _promise_v1_RowError[];
  duplicates?: number;
}

export interface ImportShipmentsResponse__Output {
  imported: number;
  errors: _promise_v1_RowError__Output[];
  duplicates: number;
}
