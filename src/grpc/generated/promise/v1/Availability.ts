// Original file: proto/promise/v1/common.proto

export const Availability = {
  AVAILABILITY_UNSPECIFIED: "AVAILABILITY_UNSPECIFIED",
  AVAILABILITY_IN_STOCK: "AVAILABILITY_IN_STOCK",
  AVAILABILITY_BACKORDER: "AVAILABILITY_BACKORDER",
  AVAILABILITY_UNAVAILABLE: "AVAILABILITY_UNAVAILABLE",
} as const;

export type Availability =
  | "AVAILABILITY_UNSPECIFIED"
  | 0
  | "AVAILABILITY_IN_STOCK"
  | 1
  | "AVAILABILITY_BACKORDER"
  | 2
  | "AVAILABILITY_UNAVAILABLE"
  | 3;

export type Availability__Output = (typeof Availability)[keyof typeof Availability];
