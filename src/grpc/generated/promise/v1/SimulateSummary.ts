// Original file: proto/promise/v1/planner.proto

import type { Long } from "@grpc/proto-loader";
import type {
  BufferAnswer as _promise_v1_BufferAnswer,
  BufferAnswer__Output as _promise_v1_BufferAnswer__Output,
} from "../../promise/v1/BufferAnswer.js";
import type {
  CapacityAnswer as _promise_v1_CapacityAnswer,
  CapacityAnswer__Output as _promise_v1_CapacityAnswer__Output,
} from "../../promise/v1/CapacityAnswer.js";
import type {
  ConfidentAnswer as _promise_v1_ConfidentAnswer,
  ConfidentAnswer__Output as _promise_v1_ConfidentAnswer__Output,
} from "../../promise/v1/ConfidentAnswer.js";
import type {
  CostPlan as _promise_v1_CostPlan,
  CostPlan__Output as _promise_v1_CostPlan__Output,
} from "../../promise/v1/CostPlan.js";
import type {
  PolicySpread as _promise_v1_PolicySpread,
  PolicySpread__Output as _promise_v1_PolicySpread__Output,
} from "../../promise/v1/PolicySpread.js";
import type {
  RunSummary as _promise_v1_RunSummary,
  RunSummary__Output as _promise_v1_RunSummary__Output,
} from "../../promise/v1/RunSummary.js";

export interface SimulateSummary {
  orders?: number | string | Long;
  kept?: number | string | Long;
  broken?: number | string | Long;
  onTimeRate?: number | string;
  unitsUnavailable?: number | string | Long;
  capacityAnswers?: _promise_v1_CapacityAnswer[];
  bufferAnswers?: _promise_v1_BufferAnswer[];
  targetOnTimeRate?: number | string;
  runs?: _promise_v1_RunSummary[];
  windowFrom?: string;
  windowTo?: string;
  notes?: string[];
  seed?: number;
  runCount?: number;
  seeds?: number[];
  confidence?: number | string;
  spreads?: _promise_v1_PolicySpread[];
  confidentAnswers?: _promise_v1_ConfidentAnswer[];
  costPlans?: _promise_v1_CostPlan[];
}

export interface SimulateSummary__Output {
  orders: number;
  kept: number;
  broken: number;
  onTimeRate: number;
  unitsUnavailable: number;
  capacityAnswers: _promise_v1_CapacityAnswer__Output[];
  bufferAnswers: _promise_v1_BufferAnswer__Output[];
  targetOnTimeRate: number;
  runs: _promise_v1_RunSummary__Output[];
  windowFrom: string;
  windowTo: string;
  notes: string[];
  seed: number;
  runCount: number;
  seeds: number[];
  confidence: number;
  spreads: _promise_v1_PolicySpread__Output[];
  confidentAnswers: _promise_v1_ConfidentAnswer__Output[];
  costPlans: _promise_v1_CostPlan__Output[];
}
