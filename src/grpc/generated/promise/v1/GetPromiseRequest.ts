// Original file: proto/promise/v1/promise.proto

export interface GetPromiseRequest {
  id?: string;
}

export interface GetPromiseRequest__Output {
  id: string;
}
