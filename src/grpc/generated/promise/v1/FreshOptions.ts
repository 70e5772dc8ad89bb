// Original file: proto/promise/v1/promise.proto

import type {
  QuoteCartResponse as _promise_v1_QuoteCartResponse,
  QuoteCartResponse__Output as _promise_v1_QuoteCartResponse__Output,
} from "../../promise/v1/QuoteCartResponse.js";

export interface FreshOptions {
  reason?: string;
  quote?: _promise_v1_QuoteCartResponse | null;
}

export interface FreshOptions__Output {
  reason: string;
  quote: _promise_v1_QuoteCartResponse__Output | null;
}
