// Original file: proto/promise/v1/common.proto

export const ServiceLevel = {
  SERVICE_LEVEL_UNSPECIFIED: "SERVICE_LEVEL_UNSPECIFIED",
  SAME_DAY: "SAME_DAY",
  NEXT_DAY: "NEXT_DAY",
  EXPRESS: "EXPRESS",
  STANDARD: "STANDARD",
  ECONOMY: "ECONOMY",
} as const;

export type ServiceLevel =
  | "SERVICE_LEVEL_UNSPECIFIED"
  | 0
  | "SAME_DAY"
  | 1
  | "NEXT_DAY"
  | 2
  | "EXPRESS"
  | 3
  | "STANDARD"
  | 4
  | "ECONOMY"
  | 5;

export type ServiceLevel__Output = (typeof ServiceLevel)[keyof typeof ServiceLevel];
