// Original file: proto/promise/v1/promise.proto

export const Confidence = {
  CONFIDENCE_STANDARD: "CONFIDENCE_STANDARD",
  CONFIDENCE_HIGH: "CONFIDENCE_HIGH",
} as const;

export type Confidence = "CONFIDENCE_STANDARD" | 0 | "CONFIDENCE_HIGH" | 1;

export type Confidence__Output = (typeof Confidence)[keyof typeof Confidence];
