// Original file: proto/promise/v1/planner.proto

import type { Long } from "@grpc/proto-loader";

export interface SimulatedDay {
  date?: string;
  warehouseId?: string;
  serviceId?: string;
  orders?: number | string | Long;
  promisedLeadDaysMean?: number | string;
  promisedLeadDaysP95?: number | string;
  shipped?: number | string | Long;
  backlog?: number | string | Long;
  kept?: number | string | Long;
  broken?: number | string | Long;
  onTimeRate?: number | string;
  unitsUnavailable?: number | string | Long;
}

export interface SimulatedDay__Output {
  date: string;
  warehouseId: string;
  serviceId: string;
  orders: number;
  promisedLeadDaysMean: number;
  promisedLeadDaysP95: number;
  shipped: number;
  backlog: number;
  kept: number;
  broken: number;
  onTimeRate: number;
  unitsUnavailable: number;
}
