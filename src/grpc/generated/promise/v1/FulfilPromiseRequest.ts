// Original file: proto/promise/v1/promise.proto

export interface FulfilPromiseRequest {
  id?: string;
}

export interface FulfilPromiseRequest__Output {
  id: string;
}
