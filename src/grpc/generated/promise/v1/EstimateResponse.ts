// Original file: proto/promise/v1/promise.proto

import type {
  Availability as _promise_v1_Availability,
  Availability__Output as _promise_v1_Availability__Output,
} from "../../promise/v1/Availability.js";
import type {
  PickupOption as _promise_v1_PickupOption,
  PickupOption__Output as _promise_v1_PickupOption__Output,
} from "../../promise/v1/PickupOption.js";
import type {
  ShippingOption as _promise_v1_ShippingOption,
  ShippingOption__Output as _promise_v1_ShippingOption__Output,
} from "../../promise/v1/ShippingOption.js";

export interface EstimateResponse {
  sku?: string;
  quantity?: number;
  availability?: _promise_v1_Availability;
  options?: _promise_v1_ShippingOption[];
  pickupOptions?: _promise_v1_PickupOption[];
}

export interface EstimateResponse__Output {
  sku: string;
  quantity: number;
  availability: _promise_v1_Availability__Output;
  options: _promise_v1_ShippingOption__Output[];
  pickupOptions: _promise_v1_PickupOption__Output[];
}
