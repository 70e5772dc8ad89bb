// Original file: proto/promise/v1/admin.proto

export interface CalibrationBin {
  from?: number | string;
  count?: number;
  meanPredicted?: number | string;
  observed?: number | string;
}

export interface CalibrationBin__Output {
  from: number;
  count: number;
  meanPredicted: number;
  observed: number;
}
