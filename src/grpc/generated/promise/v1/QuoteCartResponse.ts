// Original file: proto/promise/v1/promise.proto

import type {
  Availability as _promise_v1_Availability,
  Availability__Output as _promise_v1_Availability__Output,
} from "../../promise/v1/Availability.js";
import type {
  CartOption as _promise_v1_CartOption,
  CartOption__Output as _promise_v1_CartOption__Output,
} from "../../promise/v1/CartOption.js";
import type {
  PickupOption as _promise_v1_PickupOption,
  PickupOption__Output as _promise_v1_PickupOption__Output,
} from "../../promise/v1/PickupOption.js";

export interface QuoteCartResponse {
  availability?: _promise_v1_Availability;
  options?: _promise_v1_CartOption[];
  pickupOptions?: _promise_v1_PickupOption[];
}

export interface QuoteCartResponse__Output {
  availability: _promise_v1_Availability__Output;
  options: _promise_v1_CartOption__Output[];
  pickupOptions: _promise_v1_PickupOption__Output[];
}
