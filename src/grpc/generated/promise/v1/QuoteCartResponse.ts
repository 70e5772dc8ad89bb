// Original file: proto/promise/v1/promise.proto

import type {
  Availability as _promise_v1_Availability,
  Availability__Output as _promise_v1_Availability__Output,
} from "../../promise/v1/Availability.js";
import type {
  CartOption as _promise_v1_CartOption,
  CartOption__Output as _promise_v1_CartOption__Output,
} from "../../promise/v1/CartOption.js";

export interface QuoteCartResponse {
  availability?: _promise_v1_Availability;
  options?: _promise_v1_CartOption[];
}

export interface QuoteCartResponse__Output {
  availability: _promise_v1_Availability__Output;
  options: _promise_v1_CartOption__Output[];
}
