// Original file: proto/promise/v1/admin.proto

export interface AccuracyGroup {
  warehouseId?: string;
  serviceId?: string;
  zoneId?: string;
  shipWeek?: string;
  promises?: number;
  shipped?: number;
  delivered?: number;
  judged?: number;
  early?: number;
  onTime?: number;
  late?: number;
  lateByDays?: number[];
  onTimeRate?: number | string;
  predicted?: number;
  meanPredicted?: number | string;
  observedRate?: number | string;
}

export interface AccuracyGroup__Output {
  warehouseId: string;
  serviceId: string;
  zoneId: string;
  shipWeek: string;
  promises: number;
  shipped: number;
  delivered: number;
  judged: number;
  early: number;
  onTime: number;
  late: number;
  lateByDays: number[];
  onTimeRate: number;
  predicted: number;
  meanPredicted: number;
  observedRate: number;
}
