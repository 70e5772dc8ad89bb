// Original file: proto/promise/v1/common.proto

import type {
  Timestamp as _google_protobuf_Timestamp,
  Timestamp__Output as _google_protobuf_Timestamp__Output,
} from "../../google/protobuf/Timestamp.js";
import type {
  RiskStatus as _promise_v1_RiskStatus,
  RiskStatus__Output as _promise_v1_RiskStatus__Output,
} from "../../promise/v1/RiskStatus.js";

export interface PromiseRisk {
  status?: _promise_v1_RiskStatus;
  reasons?: string[];
  expectedDeliveryEarliest?: string;
  expectedDeliveryLatest?: string;
  since?: _google_protobuf_Timestamp | null;
}

export interface PromiseRisk__Output {
  status: _promise_v1_RiskStatus__Output;
  reasons: string[];
  expectedDeliveryEarliest: string;
  expectedDeliveryLatest: string;
  since: _google_protobuf_Timestamp__Output | null;
}
