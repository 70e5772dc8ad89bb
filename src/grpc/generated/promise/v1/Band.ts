// Original file: proto/promise/v1/planner.proto

export interface Band {
  median?: number | string;
  p10?: number | string;
  p90?: number | string;
}

export interface Band__Output {
  median: number;
  p10: number;
  p90: number;
}
