// Original file: proto/promise/v1/promise.proto

import type {
  DeliveryPromise as _promise_v1_DeliveryPromise,
  DeliveryPromise__Output as _promise_v1_DeliveryPromise__Output,
} from "../../promise/v1/DeliveryPromise.js";

export interface GetPromiseResponse {
  promise?: _promise_v1_DeliveryPromise | null;
}

export interface GetPromiseResponse__Output {
  promise: _promise_v1_DeliveryPromise__Output | null;
}
