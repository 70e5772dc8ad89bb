// Original file: proto/promise/v1/planner.proto

import type {
  Band as _promise_v1_Band,
  Band__Output as _promise_v1_Band__Output,
} from "../../promise/v1/Band.js";
import type {
  DaySpread as _promise_v1_DaySpread,
  DaySpread__Output as _promise_v1_DaySpread__Output,
} from "../../promise/v1/DaySpread.js";

export interface PolicySpread {
  run?: string;
  onTimeRate?: _promise_v1_Band | null;
  broken?: _promise_v1_Band | null;
  maxBacklog?: _promise_v1_Band | null;
  daysBelowTarget?: _promise_v1_Band | null;
  promisedLeadDaysMean?: _promise_v1_Band | null;
  days?: _promise_v1_DaySpread[];
}

export interface PolicySpread__Output {
  run: string;
  onTimeRate: _promise_v1_Band__Output | null;
  broken: _promise_v1_Band__Output | null;
  maxBacklog: _promise_v1_Band__Output | null;
  daysBelowTarget: _promise_v1_Band__Output | null;
  promisedLeadDaysMean: _promise_v1_Band__Output | null;
  days: _promise_v1_DaySpread__Output[];
}
