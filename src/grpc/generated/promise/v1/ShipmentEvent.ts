// Original file: proto/promise/v1/admin.proto

import type {
  Timestamp as _google_protobuf_Timestamp,
  Timestamp__Output as _google_protobuf_Timestamp__Output,
} from "../../google/protobuf/Timestamp.js";
import type {
  ShipmentEventKind as _promise_v1_ShipmentEventKind,
  ShipmentEventKind__Output as _promise_v1_ShipmentEventKind__Output,
} from "../../promise/v1/ShipmentEventKind.js";

export interface ShipmentEvent {
  eventId?: string;
  promiseId?: string;
  warehouseId?: string;
  kind?: _promise_v1_ShipmentEventKind;
  occurredAt?: _google_protobuf_Timestamp | null;
  serviceId?: string;
  trackingNumber?: string;
}

export interface ShipmentEvent__Output {
  eventId: string;
  promiseId: string;
  warehouseId: string;
  kind: _promise_v1_ShipmentEventKind__Output;
  occurredAt: _google_protobuf_Timestamp__Output | null;
  serviceId: string;
  trackingNumber: string;
}
