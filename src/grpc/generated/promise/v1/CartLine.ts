// Original file: proto/promise/v1/common.proto

export interface CartLine {
  sku?: string;
  quantity?: number;
}

export interface CartLine__Output {
  sku: string;
  quantity: number;
}
