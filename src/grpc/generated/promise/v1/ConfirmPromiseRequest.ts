// Original file: proto/promise/v1/promise.proto

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

export interface ConfirmPromiseRequest {
  idempotencyKey?: string;
  lines?: _promise_v1_CartLine[];
  destination?: _promise_v1_Destination | null;
  serviceId?: string;
  shownDeliveryLatest?: string;
  cartValue?: _promise_v1_Money | null;
  pickupStoreId?: string;
  shipAsAvailable?: boolean;
  deliverOn?: string;
}

export interface ConfirmPromiseRequest__Output {
  idempotencyKey: string;
  lines: _promise_v1_CartLine__Output[];
  destination: _promise_v1_Destination__Output | null;
  serviceId: string;
  shownDeliveryLatest: string;
  cartValue: _promise_v1_Money__Output | null;
  pickupStoreId: string;
  shipAsAvailable: boolean;
  deliverOn: string;
}
