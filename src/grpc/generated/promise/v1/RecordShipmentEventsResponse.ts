// Original file: proto/promise/v1/admin.proto

import type {
  RowError as _promise_v1_RowError,
  RowError__Output as _promise_v1_RowError__Output,
} from "../../promise/v1/RowError.js";

export interface RecordShipmentEventsResponse {
  applied?: number;
  duplicates?: number;
  errors?: _promise_v1_RowError[];
  fulfilledPromiseIds?: string[];
  deliveredPromiseIds?: string[];
}

export interface RecordShipmentEventsResponse__Output {
  applied: number;
  duplicates: number;
  errors: _promise_v1_RowError__Output[];
  fulfilledPromiseIds: string[];
  deliveredPromiseIds: string[];
}
