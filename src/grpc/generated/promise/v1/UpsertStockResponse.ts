// Original file: proto/promise/v1/admin.proto

export interface UpsertStockResponse {
  applied?: number;
  stale?: number;
}

export interface UpsertStockResponse__Output {
  applied: number;
  stale: number;
}
