// Original file: proto/promise/v1/promise.proto

export interface EstimateItem {
  sku?: string;
  quantity?: number;
}

export interface EstimateItem__Output {
  sku: string;
  quantity: number;
}
