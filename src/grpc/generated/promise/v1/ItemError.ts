// Original file: proto/promise/v1/promise.proto

export interface ItemError {
  code?: string;
  message?: string;
  field?: string;
}

export interface ItemError__Output {
  code: string;
  message: string;
  field: string;
}
