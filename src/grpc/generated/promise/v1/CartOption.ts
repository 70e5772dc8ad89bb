// Original file: proto/promise/v1/promise.proto

import type {
  Timestamp as _google_protobuf_Timestamp,
  Timestamp__Output as _google_protobuf_Timestamp__Output,
} from "../../google/protobuf/Timestamp.js";
import type {
  CartOption as _promise_v1_CartOption,
  CartOption__Output as _promise_v1_CartOption__Output,
} from "../../promise/v1/CartOption.js";
import type {
  Money as _promise_v1_Money,
  Money__Output as _promise_v1_Money__Output,
} from "../../promise/v1/Money.js";
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

export interface CartOption {
  serviceId?: string;
  serviceName?: string;
  carrier?: string;
  level?: _promise_v1_ServiceLevel;
  deliveryEarliest?: string;
  deliveryLatest?: string;
  orderBy?: _google_protobuf_Timestamp | null;
  price?: _promise_v1_Money | null;
  shipments?: _promise_v1_Shipment[];
  reasons?: _promise_v1_Reason[];
  fastest?: boolean;
  cheapest?: boolean;
  deliveryLabel?: string;
  dominated?: boolean;
  dominatedBy?: string;
  dominatedLabel?: string;
  asAvailable?: _promise_v1_CartOption | null;
  deliverOnDates?: string[];
  onTimeProbability?: number | string;
  _onTimeProbability?: "onTimeProbability";
}

export interface CartOption__Output {
  serviceId: string;
  serviceName: string;
  carrier: string;
  level: _promise_v1_ServiceLevel__Output;
  deliveryEarliest: string;
  deliveryLatest: string;
  orderBy: _google_protobuf_Timestamp__Output | null;
  price: _promise_v1_Money__Output | null;
  shipments: _promise_v1_Shipment__Output[];
  reasons: _promise_v1_Reason__Output[];
  fastest: boolean;
  cheapest: boolean;
  deliveryLabel: string;
  dominated: boolean;
  dominatedBy: string;
  dominatedLabel: string;
  asAvailable: _promise_v1_CartOption__Output | null;
  deliverOnDates: string[];
  onTimeProbability?: number;
  _onTimeProbability?: "onTimeProbability";
}
