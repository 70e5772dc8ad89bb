// Original file: proto/promise/v1/planner.proto

import type { Long } from "@grpc/proto-loader";
import type {
  WorstDay as _promise_v1_WorstDay,
  WorstDay__Output as _promise_v1_WorstDay__Output,
} from "../../promise/v1/WorstDay.js";

export interface RunSummary {
  run?: string;
  capacityAware?: boolean;
  orders?: number | string | Long;
  shipments?: number | string | Long;
  kept?: number | string | Long;
  broken?: number | string | Long;
  onTimeRate?: number | string;
  promisedLeadDaysMean?: number | string;
  promisedLeadDaysP95?: number | string;
  pushedByCapacity?: number | string | Long;
  brokenShippedLate?: number | string | Long;
  brokenInTransit?: number | string | Long;
  daysBelowTarget?: number | string | Long;
  maxBacklog?: number | string | Long;
  unitsUnavailable?: number | string | Long;
  worstDays?: _promise_v1_WorstDay[];
}

export interface RunSummary__Output {
  run: string;
  capacityAware: boolean;
  orders: number;
  shipments: number;
  kept: number;
  broken: number;
  onTimeRate: number;
  promisedLeadDaysMean: number;
  promisedLeadDaysP95: number;
  pushedByCapacity: number;
  brokenShippedLate: number;
  brokenInTransit: number;
  daysBelowTarget: number;
  maxBacklog: number;
  unitsUnavailable: number;
  worstDays: _promise_v1_WorstDay__Output[];
}
