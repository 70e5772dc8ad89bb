// Original file: proto/promise/v1/common.proto

export interface Reason {
  code?: string;
  date?: string;
  detail?: string;
  text?: string;
}

export interface Reason__Output {
  code: string;
  date: string;
  detail: string;
  text: string;
}
