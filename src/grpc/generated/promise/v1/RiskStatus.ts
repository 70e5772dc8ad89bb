// Original file: proto/promise/v1/common.proto

export const RiskStatus = {
  RISK_STATUS_UNSPECIFIED: "RISK_STATUS_UNSPECIFIED",
  RISK_STATUS_ON_TRACK: "RISK_STATUS_ON_TRACK",
  RISK_STATUS_AT_RISK: "RISK_STATUS_AT_RISK",
  RISK_STATUS_LATE: "RISK_STATUS_LATE",
  RISK_STATUS_KEPT: "RISK_STATUS_KEPT",
  RISK_STATUS_BROKEN: "RISK_STATUS_BROKEN",
} as const;

export type RiskStatus =
  | "RISK_STATUS_UNSPECIFIED"
  | 0
  | "RISK_STATUS_ON_TRACK"
  | 1
  | "RISK_STATUS_AT_RISK"
  | 2
  | "RISK_STATUS_LATE"
  | 3
  | "RISK_STATUS_KEPT"
  | 4
  | "RISK_STATUS_BROKEN"
  | 5;

export type RiskStatus__Output = (typeof RiskStatus)[keyof typeof RiskStatus];
