// Original file: proto/promise/v1/common.proto

export const Availability = {
  AVAILABILITY_UNSPECIFIED: "AVAILABILITY_UNSPECIFIED",
  IN_STOCK: "IN_STOCK",
  BACKORDER: "BACKORDER",
  UNAVAILABLE: "UNAVAILABLE",
} as const;

export type Availability =
  | "AVAILABILITY_UNSPECIFIED"
  | 0
  | "IN_STOCK"
  | 1
  | "BACKORDER"
  | 2
  | "UNAVAILABLE"
  | 3;

export type Availability__Output = (typeof Availability)[keyof typeof Availability];
