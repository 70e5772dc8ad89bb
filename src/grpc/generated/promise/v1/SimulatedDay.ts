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
  run?: string;
  booked?: number | string | Long;
  capacity?: number | string | Long;
  throughput?: number | string | Long;
  pushedByCapacity?: number | string | Long;
  brokenShippedLate?: number | string | Long;
  brokenInTransit?: number | string | Long;
  pickupLimit?: number | string | Long;
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
  run: string;
  booked: number;
  capacity: number;
  throughput: number;
  pushedByCapacity: number;
  brokenShippedLate: number;
  brokenInTransit: number;
  pickupLimit: number;
}
