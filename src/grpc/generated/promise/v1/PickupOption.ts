// Original file: proto/promise/v1/common.proto

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

export interface PickupOption {
  storeId?: string;
  storeName?: string;
  address?: string;
  readyAt?: _google_protobuf_Timestamp | null;
  readyLabel?: string;
  readyDate?: string;
  orderBy?: _google_protobuf_Timestamp | null;
  pickUpUntil?: _google_protobuf_Timestamp | null;
  distanceKm?: number | string;
  price?: _promise_v1_Money | null;
  reasons?: _promise_v1_Reason[];
  transfer?: boolean;
  _distanceKm?: "distanceKm";
}

export interface PickupOption__Output {
  storeId: string;
  storeName: string;
  address: string;
  readyAt: _google_protobuf_Timestamp__Output | null;
  readyLabel: string;
  readyDate: string;
  orderBy: _google_protobuf_Timestamp__Output | null;
  pickUpUntil: _google_protobuf_Timestamp__Output | null;
  distanceKm?: number;
  price: _promise_v1_Money__Output | null;
  reasons: _promise_v1_Reason__Output[];
  transfer: boolean;
  _distanceKm?: "distanceKm";
}
