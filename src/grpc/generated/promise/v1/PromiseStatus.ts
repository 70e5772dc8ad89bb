// Original file: proto/promise/v1/promise.proto

export const PromiseStatus = {
  PROMISE_STATUS_UNSPECIFIED: "PROMISE_STATUS_UNSPECIFIED",
  CONFIRMED: "CONFIRMED",
  CANCELLED: "CANCELLED",
  FULFILLED: "FULFILLED",
  DELIVERED: "DELIVERED",
} as const;

export type PromiseStatus =
  | "PROMISE_STATUS_UNSPECIFIED"
  | 0
  | "CONFIRMED"
  | 1
  | "CANCELLED"
  | 2
  | "FULFILLED"
  | 3
  | "DELIVERED"
  | 4;

export type PromiseStatus__Output = (typeof PromiseStatus)[keyof typeof PromiseStatus];
