// Original file: proto/promise/v1/admin.proto

import type {
  AccuracyGrouping as _promise_v1_AccuracyGrouping,
  AccuracyGrouping__Output as _promise_v1_AccuracyGrouping__Output,
} from "../../promise/v1/AccuracyGrouping.js";

export interface GetAccuracyRequest {
  fromDate?: string;
  toDate?: string;
  groupBy?: _promise_v1_AccuracyGrouping[];
}

export interface GetAccuracyRequest__Output {
  fromDate: string;
  toDate: string;
  groupBy: _promise_v1_AccuracyGrouping__Output[];
}
