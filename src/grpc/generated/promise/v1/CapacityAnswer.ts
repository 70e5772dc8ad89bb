// Original file: proto/promise/v1/planner.proto

export interface CapacityAnswer {
  warehouseId?: string;
  dailyCapacity?: number;
  found?: boolean;
  worstDayOnTimeRate?: number | string;
  note?: string;
  whatDoes?: string;
}

export interface CapacityAnswer__Output {
  warehouseId: string;
  dailyCapacity: number;
  found: boolean;
  worstDayOnTimeRate: number;
  note: string;
  whatDoes: string;
}
