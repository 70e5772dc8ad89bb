// Original file: proto/promise/v1/admin.proto

export interface RowError {
  index?: number;
  field?: string;
  reason?: string;
}

export interface RowError__Output {
  index: number;
  field: string;
  reason: string;
}
