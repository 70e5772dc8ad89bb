// Original file: proto/promise/v1/planner.proto

import type { Long } from "@grpc/proto-loader";
import type {
  CostPlanDay as _promise_v1_CostPlanDay,
  CostPlanDay__Output as _promise_v1_CostPlanDay__Output,
} from "../../promise/v1/CostPlanDay.js";
import type {
  CostPlanPoint as _promise_v1_CostPlanPoint,
  CostPlanPoint__Output as _promise_v1_CostPlanPoint__Output,
} from "../../promise/v1/CostPlanPoint.js";

export interface CostPlan {
  warehouseId?: string;
  currency?: string;
  holdsTarget?: boolean;
  days?: _promise_v1_CostPlanDay[];
  capacityCost?: number | string;
  brokenBefore?: number | string | Long;
  brokenAfter?: number | string | Long;
  promisesSaved?: number | string | Long;
  savedValue?: number | string;
  worstDayOnTimeRate?: number | string;
  curve?: _promise_v1_CostPlanPoint[];
  carrierLimitedDays?: number;
}

export interface CostPlan__Output {
  warehouseId: string;
  currency: string;
  holdsTarget: boolean;
  days: _promise_v1_CostPlanDay__Output[];
  capacityCost: number;
  brokenBefore: number;
  brokenAfter: number;
  promisesSaved: number;
  savedValue: number;
  worstDayOnTimeRate: number;
  curve: _promise_v1_CostPlanPoint__Output[];
  carrierLimitedDays: number;
}
