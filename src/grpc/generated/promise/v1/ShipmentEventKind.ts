// Original file: proto/promise/v1/admin.proto

export const ShipmentEventKind = {
  SHIPMENT_EVENT_KIND_UNSPECIFIED: "SHIPMENT_EVENT_KIND_UNSPECIFIED",
  SHIPPED: "SHIPPED",
  OUT_FOR_DELIVERY: "OUT_FOR_DELIVERY",
  DELIVERED: "DELIVERED",
  DELIVERY_FAILED: "DELIVERY_FAILED",
  RETURNED: "RETURNED",
} as const;

export type ShipmentEventKind =
  | "SHIPMENT_EVENT_KIND_UNSPECIFIED"
  | 0
  | "SHIPPED"
  | 1
  | "OUT_FOR_DELIVERY"
  | 2
  | "DELIVERED"
  | 3
  | "DELIVERY_FAILED"
  | 4
  | "RETURNED"
  | 5;

export type ShipmentEventKind__Output = (typeof ShipmentEventKind)[keyof typeof ShipmentEventKind];
