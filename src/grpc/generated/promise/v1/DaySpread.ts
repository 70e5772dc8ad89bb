// Original file: proto/promise/v1/planner.proto

import type {
  Band as _promise_v1_Band,
  Band__Output as _promise_v1_Band__Output,
} from "../../promise/v1/Band.js";

export interface DaySpread {
  date?: string;
  onTimeRate?: _promise_v1_Band | null;
  broken?: _promise_v1_Band | null;
  backlog?: _promise_v1_Band | null;
}

export interface DaySpread__Output {
  date: string;
  onTimeRate: _promise_v1_Band__Output | null;
  broken: _promise_v1_Band__Output | null;
  backlog: _promise_v1_Band__Output | null;
}
