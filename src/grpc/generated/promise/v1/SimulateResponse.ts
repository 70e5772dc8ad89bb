// Original file: proto/promise/v1/planner.proto

import type {
  SimulatedDay as _promise_v1_SimulatedDay,
  SimulatedDay__Output as _promise_v1_SimulatedDay__Output,
} from "../../promise/v1/SimulatedDay.js";
import type {
  SimulateProgress as _promise_v1_SimulateProgress,
  SimulateProgress__Output as _promise_v1_SimulateProgress__Output,
} from "../../promise/v1/SimulateProgress.js";
import type {
  SimulateSummary as _promise_v1_SimulateSummary,
  SimulateSummary__Output as _promise_v1_SimulateSummary__Output,
} from "../../promise/v1/SimulateSummary.js";

export interface SimulateResponse {
  progress?: _promise_v1_SimulateProgress | null;
  day?: _promise_v1_SimulatedDay | null;
  summary?: _promise_v1_SimulateSummary | null;
  event?: "progress" | "day" | "summary";
}

export interface SimulateResponse__Output {
  progress?: _promise_v1_SimulateProgress__Output | null;
  day?: _promise_v1_SimulatedDay__Output | null;
  summary?: _promise_v1_SimulateSummary__Output | null;
  event?: "progress" | "day" | "summary";
}
