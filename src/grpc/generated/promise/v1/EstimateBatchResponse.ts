// Original file: proto/promise/v1/promise.proto

import type {
  EstimateBatchResult as _promise_v1_EstimateBatchResult,
  EstimateBatchResult__Output as _promise_v1_EstimateBatchResult__Output,
} from "../../promise/v1/EstimateBatchResult.js";

export interface EstimateBatchResponse {
  results?: _promise_v1_EstimateBatchResult[];
}

export interface EstimateBatchResponse__Output {
  results: _promise_v1_EstimateBatchResult__Output[];
}
