// Original file: proto/promise/v1/promise.proto

import type {
  EstimateResponse as _promise_v1_EstimateResponse,
  EstimateResponse__Output as _promise_v1_EstimateResponse__Output,
} from "../../promise/v1/EstimateResponse.js";
import type {
  ItemError as _promise_v1_ItemError,
  ItemError__Output as _promise_v1_ItemError__Output,
} from "../../promise/v1/ItemError.js";

export interface EstimateBatchResult {
  estimate?: _promise_v1_EstimateResponse | null;
  error?: _promise_v1_ItemError | null;
  result?: "estimate" | "error";
}

export interface EstimateBatchResult__Output {
  estimate?: _promise_v1_EstimateResponse__Output | null;
  error?: _promise_v1_ItemError__Output | null;
  result?: "estimate" | "error";
}
