// Original file: proto/promise/v1/promise.proto

import type {
  Timestamp as _google_protobuf_Timestamp,
  Timestamp__Output as _google_protobuf_Timestamp__Output,
} from "../../google/protobuf/Timestamp.js";
import type {
  Confidence as _promise_v1_Confidence,
  Confidence__Output as _promise_v1_Confidence__Output,
} from "../../promise/v1/Confidence.js";
import type {
  Destination as _promise_v1_Destination,
  Destination__Output as _promise_v1_Destination__Output,
} from "../../promise/v1/Destination.js";
import type {
  Money as _promise_v1_Money,
  Money__Output as _promise_v1_Money__Output,
} from "../../promise/v1/Money.js";

export interface EstimateRequest {
  sku?: string;
  quantity?: number;
  destination?: _promise_v1_Destination | null;
  at?: _google_protobuf_Timestamp | null;
  locale?: string;
  cartValue?: _promise_v1_Money | null;
  confidence?: _promise_v1_Confidence;
  maxPickupStores?: number;
  _maxPickupStores?: "maxPickupStores";
}

export interface EstimateRequest__Output {
  sku: string;
  quantity: number;
  destination: _promise_v1_Destination__Output | null;
  at: _google_protobuf_Timestamp__Output | null;
  locale: string;
  cartValue: _promise_v1_Money__Output | null;
  confidence: _promise_v1_Confidence__Output;
  maxPickupStores?: number;
  _maxPickupStores?: "maxPickupStores";
}
