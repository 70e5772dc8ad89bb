// Original file: proto/promise/v1/planner.proto

export interface MovedDemand {
  fromWarehouseId?: string;
  toWarehouseId?: string;
  perDay?: number;
  moved?: number;
  shipments?: number;
  onTimeFrom?: number | string;
  onTimeTo?: number | string;
}

export interface MovedDemand__Output {
  fromWarehouseId: string;
  toWarehouseId: string;
  perDay: number;
  moved: number;
  shipments: number;
  onTimeFrom: number;
  onTimeTo: number;
}
