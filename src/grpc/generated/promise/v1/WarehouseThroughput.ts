// Original file: proto/promise/v1/admin.proto

import type {
  ThroughputDay as _promise_v1_ThroughputDay,
  ThroughputDay__Output as _promise_v1_ThroughputDay__Output,
} from "../../promise/v1/ThroughputDay.js";

export interface WarehouseThroughput {
  warehouseId?: string;
  tracked?: boolean;
  backlogOrders?: number;
  throughputFactor?: number | string;
  learnedDays?: number;
  firstOpenDate?: string;
  backlogShippedToday?: number;
  days?: _promise_v1_ThroughputDay[];
  history?: _promise_v1_ThroughputDay[];
}

export interface WarehouseThroughput__Output {
  warehouseId: string;
  tracked: boolean;
  backlogOrders: number;
  throughputFactor: number;
  learnedDays: number;
  firstOpenDate: string;
  backlogShippedToday: number;
  days: _promise_v1_ThroughputDay__Output[];
  history: _promise_v1_ThroughputDay__Output[];
}
