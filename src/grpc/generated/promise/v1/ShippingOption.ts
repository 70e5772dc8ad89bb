// Original file: proto/promise/v1/promise.proto

import type {
  Timestamp as _google_protobuf_Timestamp,
  Timestamp__Output as _google_protobuf_Timestamp__Output,
} from "../../google/protobuf/Timestamp.js";
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
  TransitSource as _promise_v1_TransitSource,
  TransitSource__Output as _promise_v1_TransitSource__Output,
} from "../../promise/v1/TransitSource.js";

export interface ShippingOption {
  serviceId?: string;
  serviceName?: string;
  carrier?: string;
  level?: _promise_v1_ServiceLevel;
  shipFromWarehouse?: string;
  shipDate?: string;
  deliveryEarliest?: string;
  deliveryLatest?: string;
  orderBy?: _google_protobuf_Timestamp | null;
  price?: _promise_v1_Money | null;
  reasons?: _promise_v1_Reason[];
  fastest?: boolean;
  cheapest?: boolean;
  deliveryLabel?: string;
  onTimeProbability?: number | string;
  transitSource?: _promise_v1_TransitSource;
  dominated?: boolean;
  dominatedBy?: string;
  dominatedLabel?: string;
  deliverOnDates?: string[];
  _onTimeProbability?: "onTimeProbability";
}

export interface ShippingOption__Output {
  serviceId: string;
  serviceName: string;
  carrier: string;
  level: _promise_v1_ServiceLevel__Output;
  shipFromWarehouse: string;
  shipDate: string;
  deliveryEarliest: string;
  deliveryLatest: string;
  orderBy: _google_protobuf_Timestamp__Output | null;
  price: _promise_v1_Money__Output | null;
  reasons: _promise_v1_Reason__Output[];
  fastest: boolean;
  cheapest: boolean;
  deliveryLabel: string;
  onTimeProbability?: number;
  transitSource: _promise_v1_TransitSource__Output;
  dominated: boolean;
  dominatedBy: string;
  dominatedLabel: string;
  deliverOnDates: string[];
  _onTimeProbability?: "onTimeProbability";
}
