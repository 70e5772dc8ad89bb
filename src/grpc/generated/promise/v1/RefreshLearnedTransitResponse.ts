// Original file: proto/promise/v1/admin.proto

export interface RefreshLearnedTransitResponse {
  deliveries?: number;
  used?: number;
  skipped?: number;
  learnedLanes?: number;
  lanesWithHistory?: number;
  fromDate?: string;
  toDate?: string;
  durationSeconds?: number | string;
  borrowedLanes?: number;
}

export interface RefreshLearnedTransitResponse__Output {
  deliveries: number;
  used: number;
  skipped: number;
  learnedLanes: number;
  lanesWithHistory: number;
  fromDate: string;
  toDate: string;
  durationSeconds: number;
  borrowedLanes: number;
}
