// Original file: proto/promise/v1/planner.proto

import type { Long } from "@grpc/proto-loader";

export interface CostPlanPoint {
  addedCapacity?: number | string | Long;
  cost?: number | string;
  onTimeRate?: number | string;
  worstDayOnTimeRate?: number | string;
  broken?: number | string | Long;
}

export interface CostPlanPoint__Output {
  addedCapacity: number;
  cost: number;
  onTimeRate: number;
  worstDayOnTimeRate: number;
  broken: number;
}
