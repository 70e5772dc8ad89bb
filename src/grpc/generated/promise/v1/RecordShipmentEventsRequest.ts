// Original file: proto/promise/v1/admin.proto

import type {
  ShipmentEvent as _promise_v1_ShipmentEvent,
  ShipmentEvent__Output as _promise_v1_ShipmentEvent__Output,
} from "../../promise/v1/ShipmentEvent.js";

export interface RecordShipmentEventsRequest {
  events?: _promise_v1_ShipmentEvent[];
}

export interface RecordShipmentEventsRequest__Output {
  events: _promise_v1_ShipmentEvent__Output[];
}
