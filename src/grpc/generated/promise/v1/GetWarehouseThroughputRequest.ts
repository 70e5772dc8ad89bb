// Original file: proto/promise/v1/admin.proto

export interface GetWarehouseThroughputRequest {
  warehouseId?: string;
  days?: number;
}

export interface GetWarehouseThroughputRequest__Output {
  warehouseId: string;
  days: number;
}
