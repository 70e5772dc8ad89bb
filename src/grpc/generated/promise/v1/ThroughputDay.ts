// Original file: proto/promise/v1/admin.proto

export interface ThroughputDay {
  date?: string;
  capacity?: number;
  effectiveCapacity?: number;
  booked?: number;
  backlogAhead?: number;
  remaining?: number;
  shipped?: number;
  shippedOn?: number;
}

export interface ThroughputDay__Output {
  date: string;
  capacity: number;
  effectiveCapacity: number;
  booked: number;
  backlogAhead: number;
  remaining: number;
  shipped: number;
  shippedOn: number;
}
