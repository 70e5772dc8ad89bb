// Original file: proto/promise/v1/admin.proto

export interface InboundLot {
  quantity?: number;
  eta?: string;
}

export interface InboundLot__Output {
  quantity: number;
  eta: string;
}
