// Original file: proto/promise/v1/planner.proto

import type { Long } from "@grpc/proto-loader";

export interface WorstDay {
  date?: string;
  orders?: number | string | Long;
  kept?: number | string | Long;
  broken?: number | string | Long;
  onTimeRate?: number | string;
  reasons?: string[];
}

export interface WorstDay__Output {
  date: string;
  orders: number;
  kept: number;
  broken: number;
  onTimeRate: number;
  reasons: string[];
}
