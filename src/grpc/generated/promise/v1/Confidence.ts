// Original file: proto/promise/v1/promise.proto

export const Confidence = {
  CONFIDENCE_UNSPECIFIED: "CONFIDENCE_UNSPECIFIED",
  CONFIDENCE_HIGH: "CONFIDENCE_HIGH",
  CONFIDENCE_STANDARD: "CONFIDENCE_STANDARD",
} as const;

export type Confidence =
  | "CONFIDENCE_UNSPECIFIED"
  | 0
  | "CONFIDENCE_HIGH"
  | 1
  | "CONFIDENCE_STANDARD"
  | 2;

export type Confidence__Output = (typeof Confidence)[keyof typeof Confidence];
