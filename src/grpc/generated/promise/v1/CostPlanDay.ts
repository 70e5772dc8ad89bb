// Original file: proto/promise/v1/planner.proto

export interface CostPlanDay {
  date?: string;
  extraCapacity?: number;
  unitCost?: number | string;
  cost?: number | string;
}

export interface CostPlanDay__Output {
  date: string;
  extraCapacity: number;
  unitCost: number;
  cost: number;
}
