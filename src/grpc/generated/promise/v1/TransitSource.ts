// Original file: proto/promise/v1/promise.proto

export const TransitSource = {
  TRANSIT_SOURCE_UNSPECIFIED: "TRANSIT_SOURCE_UNSPECIFIED",
  TRANSIT_SOURCE_NETWORK_FILE: "TRANSIT_SOURCE_NETWORK_FILE",
  TRANSIT_SOURCE_LEARNED: "TRANSIT_SOURCE_LEARNED",
} as const;

export type TransitSource =
  | "TRANSIT_SOURCE_UNSPECIFIED"
  | 0
  | "TRANSIT_SOURCE_NETWORK_FILE"
  | 1
  | "TRANSIT_SOURCE_LEARNED"
  | 2;

export type TransitSource__Output = (typeof TransitSource)[keyof typeof TransitSource];
