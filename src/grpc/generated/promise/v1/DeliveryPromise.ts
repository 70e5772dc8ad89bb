// Original file: proto/promise/v1/promise.proto

import type {
  Timestamp as _google_protobuf_Timestamp,
  Timestamp__Output as _google_protobuf_Timestamp__Output,
} from "../../google/protobuf/Timestamp.js";
import type {
  CartLine as _promise_v1_CartLine,
  CartLine__Output as _promise_v1_CartLine__Output,
} from "../../promise/v1/CartLine.js";
import type {
  Destination as _promise_v1_Destination,
  Destination__Output as _promise_v1_Destination__Output,
} from "../../promise/v1/Destination.js";
import type {
  Money as _promise_v1_Money,
  Money__Output as _promise_v1_Money__Output,
} from "../../promise/v1/Money.js";
import type {
  PickupOption as _promise_v1_PickupOption,
  PickupOption__Output as _promise_v1_PickupOption__Output,
} from "../../promise/v1/PickupOption.js";
import type {
  PromiseRisk as _promise_v1_PromiseRisk,
  PromiseRisk__Output as _promise_v1_PromiseRisk__Output,
} from "../../promise/v1/PromiseRisk.js";
import type {
  PromiseStatus as _promise_v1_PromiseStatus,
  PromiseStatus__Output as _promise_v1_PromiseStatus__Output,
} from "../../promise/v1/PromiseStatus.js";
import type {
  Reason as _promise_v1_Reason,
  Reason__Output as _promise_v1_Reason__Output,
} from "../../promise/v1/Reason.js";
import type {
  ServiceLevel as _promise_v1_ServiceLevel,
  ServiceLevel__Output as _promise_v1_ServiceLevel__Output,
} from "../../promise/v1/ServiceLevel.js";
import type {
  Shipment as _promise_v1_Shipment,
  Shipment__Output as _promise_v1_Shipment__Output,
} from "../../promise/v1/Shipment.js";

export interface DeliveryPromise {
  id?: string;
  status?: _promise_v1_PromiseStatus;
  idempotencyKey?: string;
  lines?: _promise_v1_CartLine[];
  destination?: _promise_v1_Destination | null;
  serviceId?: string;
  carrier?: string;
  level?: _promise_v1_ServiceLevel;
  shipments?: _promise_v1_Shipment[];
  deliveryEarliest?: string;
  deliveryLatest?: string;
  orderBy?: _google_protobuf_Timestamp | null;
  price?: _promise_v1_Money | null;
  reasons?: _promise_v1_Reason[];
  createdAt?: _google_protobuf_Timestamp | null;
  cancelledAt?: _google_protobuf_Timestamp | null;
  fulfilledAt?: _google_protobuf_Timestamp | null;
  risk?: _promise_v1_PromiseRisk | null;
  pickup?: _promise_v1_PickupOption | null;
}

export interface DeliveryPromise__Output {
  id: string;
  status: _promise_v1_PromiseStatus__Output;
  idempotencyKey: string;
  lines: _promise_v1_CartLine__Output[];
  destination: _promise_v1_Destination__Output | null;
  serviceId: string;
  carrier: string;
  level: _promise_v1_ServiceLevel__Output;
  shipments: _promise_v1_Shipment__Output[];
  deliveryEarliest: string;
  deliveryLatest: string;
  orderBy: _google_protobuf_Timestamp__Output | null;
  price: _promise_v1_Money__Output | null;
  reasons: _promise_v1_Reason__Output[];
  createdAt: _google_protobuf_Timestamp__Output | null;
  cancelledAt: _google_protobuf_Timestamp__Output | null;
  fulfilledAt: _google_protobuf_Timestamp__Output | null;
  risk: _promise_v1_PromiseRisk__Output | null;
  pickup: _promise_v1_PickupOption__Output | null;
}
