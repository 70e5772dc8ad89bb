// Original file: proto/promise/v1/admin.proto

import type {
  AccuracyGroup as _promise_v1_AccuracyGroup,
  AccuracyGroup__Output as _promise_v1_AccuracyGroup__Output,
} from "../../promise/v1/AccuracyGroup.js";
import type {
  CalibrationBin as _promise_v1_CalibrationBin,
  CalibrationBin__Output as _promise_v1_CalibrationBin__Output,
} from "../../promise/v1/CalibrationBin.js";

export interface GetAccuracyResponse {
  groups?: _promise_v1_AccuracyGroup[];
  total?: _promise_v1_AccuracyGroup | null;
  calibration?: _promise_v1_CalibrationBin[];
  brierScore?: number | string;
  expectedCalibrationError?: number | string;
}

export interface GetAccuracyResponse__Output {
  groups: _promise_v1_AccuracyGroup__Output[];
  total: _promise_v1_AccuracyGroup__Output | null;
  calibration: _promise_v1_CalibrationBin__Output[];
  brierScore: number;
  expectedCalibrationError: number;
}
