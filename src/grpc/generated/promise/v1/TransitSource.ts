// Original file: proto/promise/v1/promise.proto

export const TransitSource = {
  TRANSIT_SOURCE_UNSPECIFIED: "TRANSIT_SOURCE_UNSPECIFIED",
  NETWORK_FILE: "NETWORK_FILE",
  LEARNED: "LEARNED",
} as const;

export type TransitSource = "TRANSIT_SOURCE_UNSPECIFIED" | 0 | "NETWORK_FILE" | 1 | "LEARNED" | 2;

export type TransitSource__Output = (typeof TransitSource)[keyof typeof TransitSource];
