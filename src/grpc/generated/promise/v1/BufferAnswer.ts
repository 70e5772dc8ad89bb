// Original file: proto/promise/v1/planner.proto

export interface BufferAnswer {
  serviceId?: string;
  bufferDays?: number;
  found?: boolean;
  worstDayOnTimeRate?: number | string;
}

export interface BufferAnswer__Output {
  serviceId: string;
  bufferDays: number;
  found: boolean;
  worstDayOnTimeRate: number;
}
