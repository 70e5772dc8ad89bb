// Original file: proto/promise/v1/promise.proto

import type {
  Availability as _promise_v1_Availability,
  Availability__Output as _promise_v1_Availability__Output,
} from "../../promise/v1/Availability.js";
import type {
  CartLine as _promise_v1_CartLine,
  CartLine__Output as _promise_v1_CartLine__Output,
} from "../../promise/v1/CartLine.js";
import type {
  Money as _promise_v1_Money,
  Money__Output as _promise_v1_Money__Output,
} from "../../promise/v1/Money.js";

export interface Shipment {
  warehouseId?: string;
  serviceId?: string;
  shipDate?: string;
  deliveryEarliest?: string;
  deliveryLatest?: string;
  lines?: _promise_v1_CartLine[];
  price?: _promise_v1_Money | null;
  availability?: _promise_v1_Availability;
  onTimeProbability?: number | string;
  _onTimeProbability?: "onTimeProbability";
}

export interface Shipment__Output {
  warehouseId: string;
  serviceId: string;
  shipDate: string;
  deliveryEarliest: string;
  deliveryLatest: string;
  lines: _promise_v1_CartLine__Output[];
  price: _promise_v1_Money__Output | null;
  availability: _promise_v1_Availability__Output;
  onTimeProbability?: number;
  _onTimeProbability?: "onTimeProbability";
}
