// Original file: proto/promise/v1/promise.proto

import type {
  DeliveryPromise as _promise_v1_DeliveryPromise,
  DeliveryPromise__Output as _promise_v1_DeliveryPromise__Output,
} from "../../promise/v1/DeliveryPromise.js";

export interface CancelPromiseResponse {
  promise?: _promise_v1_DeliveryPromise | null;
}

export interface CancelPromiseResponse__Output {
  promise: _promise_v1_DeliveryPromise__Output | null;
}
