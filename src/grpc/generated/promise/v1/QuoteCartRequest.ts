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

export interface QuoteCartRequest {
  lines?: _promise_v1_CartLine[];
  destination?: _promise_v1_Destination | null;
  at?: _google_protobuf_Timestamp | null;
  locale?: string;
  cartValue?: _promise_v1_Money | null;
  maxPickupStores?: number;
  deliverOn?: string;
  _maxPickupStores?: "maxPickupStores";
}

export interface QuoteCartRequest__Output {
  lines: _promise_v1_CartLine__Output[];
  destination: _promise_v1_Destination__Output | null;
  at: _google_protobuf_Timestamp__Output | null;
  locale: string;
  cartValue: _promise_v1_Money__Output | null;
  maxPickupStores?: number;
  deliverOn: string;
  _maxPickupStores?: "maxPickupStores";
}
