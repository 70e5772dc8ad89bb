// Original file: proto/promise/v1/admin.proto

import type {
  DateValue as _promise_v1_DateValue,
  DateValue__Output as _promise_v1_DateValue__Output,
} from "../../promise/v1/DateValue.js";

export interface SetBookedLoadRequest {
  warehouseId?: string;
  loads?: _promise_v1_DateValue[];
}

export interface SetBookedLoadRequest__Output {
  warehouseId: string;
  loads: _promise_v1_DateValue__Output[];
}
