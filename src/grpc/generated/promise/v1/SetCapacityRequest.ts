// Original file: proto/promise/v1/admin.proto

import type {
  DateValue as _promise_v1_DateValue,
  DateValue__Output as _promise_v1_DateValue__Output,
} from "../../promise/v1/DateValue.js";

export interface SetCapacityRequest {
  warehouseId?: string;
  dailyCapacity?: number;
  unlimited?: boolean;
  overrides?: _promise_v1_DateValue[];
}

export interface SetCapacityRequest__Output {
  warehouseId: string;
  dailyCapacity: number;
  unlimited: boolean;
  overrides: _promise_v1_DateValue__Output[];
}
