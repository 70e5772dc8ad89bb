// Original file: proto/promise/v1/admin.proto

import type {
  DeliveryPromise as _promise_v1_DeliveryPromise,
  DeliveryPromise__Output as _promise_v1_DeliveryPromise__Output,
} from "../../promise/v1/DeliveryPromise.js";

export interface ListPromisesResponse {
  promises?: _promise_v1_DeliveryPromise[];
  nextPageToken?: string;
}

export interface ListPromisesResponse__Output {
  promises: _promise_v1_DeliveryPromise__Output[];
  nextPageToken: string;
}
