// Original file: proto/promise/v1/admin.proto

import type {
  PromiseStatus as _promise_v1_PromiseStatus,
  PromiseStatus__Output as _promise_v1_PromiseStatus__Output,
} from "../../promise/v1/PromiseStatus.js";
import type {
  RiskStatus as _promise_v1_RiskStatus,
  RiskStatus__Output as _promise_v1_RiskStatus__Output,
} from "../../promise/v1/RiskStatus.js";

export interface ListPromisesRequest {
  statuses?: _promise_v1_PromiseStatus[];
  riskStatuses?: _promise_v1_RiskStatus[];
  warehouseId?: string;
  serviceId?: string;
  shipDateFrom?: string;
  shipDateTo?: string;
  pageSize?: number;
  pageToken?: string;
}

export interface ListPromisesRequest__Output {
  statuses: _promise_v1_PromiseStatus__Output[];
  riskStatuses: _promise_v1_RiskStatus__Output[];
  warehouseId: string;
  serviceId: string;
  shipDateFrom: string;
  shipDateTo: string;
  pageSize: number;
  pageToken: string;
}
