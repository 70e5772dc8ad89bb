// Original file: proto/promise/v1/planner.proto

import type {
  MovedDemand as _promise_v1_MovedDemand,
  MovedDemand__Output as _promise_v1_MovedDemand__Output,
} from "../../promise/v1/MovedDemand.js";

export interface CapacityAnswer {
  warehouseId?: string;
  dailyCapacity?: number;
  found?: boolean;
  worstDayOnTimeRate?: number | string;
  note?: string;
  whatDoes?: string;
  movedDemand?: _promise_v1_MovedDemand | null;
}

export interface CapacityAnswer__Output {
  warehouseId: string;
  dailyCapacity: number;
  found: boolean;
  worstDayOnTimeRate: number;
  note: string;
  whatDoes: string;
  movedDemand: _promise_v1_MovedDemand__Output | null;
}
