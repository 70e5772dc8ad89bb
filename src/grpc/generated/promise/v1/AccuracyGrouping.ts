// Original file: proto/promise/v1/admin.proto

export const AccuracyGrouping = {
  ACCURACY_GROUPING_UNSPECIFIED: "ACCURACY_GROUPING_UNSPECIFIED",
  BY_WAREHOUSE: "BY_WAREHOUSE",
  BY_SERVICE: "BY_SERVICE",
  BY_ZONE: "BY_ZONE",
  BY_SHIP_WEEK: "BY_SHIP_WEEK",
} as const;

export type AccuracyGrouping =
  | "ACCURACY_GROUPING_UNSPECIFIED"
  | 0
  | "BY_WAREHOUSE"
  | 1
  | "BY_SERVICE"
  | 2
  | "BY_ZONE"
  | 3
  | "BY_SHIP_WEEK"
  | 4;

export type AccuracyGrouping__Output = (typeof AccuracyGrouping)[keyof typeof AccuracyGrouping];
