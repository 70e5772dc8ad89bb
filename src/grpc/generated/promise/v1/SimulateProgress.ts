// Original file: proto/promise/v1/planner.proto

import type { Long } from "@grpc/proto-loader";

export interface SimulateProgress {
  daysDone?: number;
  daysTotal?: number;
  ordersDone?: number | string | Long;
  fraction?: number | string;
  stage?: string;
  run?: string;
  ordersTotal?: number | string | Long;
}

export interface SimulateProgress__Output {
  daysDone: number;
  daysTotal: number;
  ordersDone: number;
  fraction: number;
  stage: string;
  run: string;
  ordersTotal: number;
}
