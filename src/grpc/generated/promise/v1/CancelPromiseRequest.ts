// Original file: proto/promise/v1/promise.proto

export interface CancelPromiseRequest {
  id?: string;
}

export interface CancelPromiseRequest__Output {
  id: string;
}
