// Original file: proto/promise/v1/admin.proto

export interface DateValue {
  date?: string;
  value?: number;
}

export interface DateValue__Output {
  date: string;
  value: number;
}
