import type * as grpc from "@grpc/grpc-js";
import type { EnumTypeDefinition, MessageTypeDefinition } from "@grpc/proto-loader";

import type {
  Timestamp as _google_protobuf_Timestamp,
  Timestamp__Output as _google_protobuf_Timestamp__Output,
} from "./google/protobuf/Timestamp.js";
import type {
  CartLine as _promise_v1_CartLine,
  CartLine__Output as _promise_v1_CartLine__Output,
} from "./promise/v1/CartLine.js";
import type {
  Destination as _promise_v1_Destination,
  Destination__Output as _promise_v1_Destination__Output,
} from "./promise/v1/Destination.js";
import type {
  GeoPoint as _promise_v1_GeoPoint,
  GeoPoint__Output as _promise_v1_GeoPoint__Output,
} from "./promise/v1/GeoPoint.js";
import type {
  Money as _promise_v1_Money,
  Money__Output as _promise_v1_Money__Output,
} from "./promise/v1/Money.js";
import type {
  PickupOption as _promise_v1_PickupOption,
  PickupOption__Output as _promise_v1_PickupOption__Output,
} from "./promise/v1/PickupOption.js";
import type {
  PromiseRisk as _promise_v1_PromiseRisk,
  PromiseRisk__Output as _promise_v1_PromiseRisk__Output,
} from "./promise/v1/PromiseRisk.js";
import type {
  Reason as _promise_v1_Reason,
  Reason__Output as _promise_v1_Reason__Output,
} from "./promise/v1/Reason.js";

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new (...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  google: {
    protobuf: {
      Timestamp: MessageTypeDefinition<
        _google_protobuf_Timestamp,
        _google_protobuf_Timestamp__Output
      >;
    };
  };
  promise: {
    v1: {
      Availability: EnumTypeDefinition;
      CartLine: MessageTypeDefinition<_promise_v1_CartLine, _promise_v1_CartLine__Output>;
      Destination: MessageTypeDefinition<_promise_v1_Destination, _promise_v1_Destination__Output>;
      GeoPoint: MessageTypeDefinition<_promise_v1_GeoPoint, _promise_v1_GeoPoint__Output>;
      Money: MessageTypeDefinition<_promise_v1_Money, _promise_v1_Money__Output>;
      PickupOption: MessageTypeDefinition<
        _promise_v1_PickupOption,
        _promise_v1_PickupOption__Output
      >;
      PromiseRisk: MessageTypeDefinition<_promise_v1_PromiseRisk, _promise_v1_PromiseRisk__Output>;
      Reason: MessageTypeDefinition<_promise_v1_Reason, _promise_v1_Reason__Output>;
      RiskStatus: EnumTypeDefinition;
      ServiceLevel: EnumTypeDefinition;
    };
  };
}
