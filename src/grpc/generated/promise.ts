import type * as grpc from "@grpc/grpc-js";
import type { EnumTypeDefinition, MessageTypeDefinition } from "@grpc/proto-loader";

import type {
  Timestamp as _google_protobuf_Timestamp,
  Timestamp__Output as _google_protobuf_Timestamp__Output,
} from "./google/protobuf/Timestamp.js";
import type {
  CancelPromiseRequest as _promise_v1_CancelPromiseRequest,
  CancelPromiseRequest__Output as _promise_v1_CancelPromiseRequest__Output,
} from "./promise/v1/CancelPromiseRequest.js";
import type {
  CancelPromiseResponse as _promise_v1_CancelPromiseResponse,
  CancelPromiseResponse__Output as _promise_v1_CancelPromiseResponse__Output,
} from "./promise/v1/CancelPromiseResponse.js";
import type {
  CartLine as _promise_v1_CartLine,
  CartLine__Output as _promise_v1_CartLine__Output,
} from "./promise/v1/CartLine.js";
import type {
  CartOption as _promise_v1_CartOption,
  CartOption__Output as _promise_v1_CartOption__Output,
} from "./promise/v1/CartOption.js";
import type {
  ConfirmPromiseRequest as _promise_v1_ConfirmPromiseRequest,
  ConfirmPromiseRequest__Output as _promise_v1_ConfirmPromiseRequest__Output,
} from "./promise/v1/ConfirmPromiseRequest.js";
import type {
  ConfirmPromiseResponse as _promise_v1_ConfirmPromiseResponse,
  ConfirmPromiseResponse__Output as _promise_v1_ConfirmPromiseResponse__Output,
} from "./promise/v1/ConfirmPromiseResponse.js";
import type {
  DeliveryPromise as _promise_v1_DeliveryPromise,
  DeliveryPromise__Output as _promise_v1_DeliveryPromise__Output,
} from "./promise/v1/DeliveryPromise.js";
import type {
  Destination as _promise_v1_Destination,
  Destination__Output as _promise_v1_Destination__Output,
} from "./promise/v1/Destination.js";
import type {
  EstimateBatchRequest as _promise_v1_EstimateBatchRequest,
  EstimateBatchRequest__Output as _promise_v1_EstimateBatchRequest__Output,
} from "./promise/v1/EstimateBatchRequest.js";
import type {
  EstimateBatchResponse as _promise_v1_EstimateBatchResponse,
  EstimateBatchResponse__Output as _promise_v1_EstimateBatchResponse__Output,
} from "./promise/v1/EstimateBatchResponse.js";
import type {
  EstimateBatchResult as _promise_v1_EstimateBatchResult,
  EstimateBatchResult__Output as _promise_v1_EstimateBatchResult__Output,
} from "./promise/v1/EstimateBatchResult.js";
import type {
  EstimateItem as _promise_v1_EstimateItem,
  EstimateItem__Output as _promise_v1_EstimateItem__Output,
} from "./promise/v1/EstimateItem.js";
import type {
  EstimateRequest as _promise_v1_EstimateRequest,
  EstimateRequest__Output as _promise_v1_EstimateRequest__Output,
} from "./promise/v1/EstimateRequest.js";
import type {
  EstimateResponse as _promise_v1_EstimateResponse,
  EstimateResponse__Output as _promise_v1_EstimateResponse__Output,
} from "./promise/v1/EstimateResponse.js";
import type {
  FreshOptions as _promise_v1_FreshOptions,
  FreshOptions__Output as _promise_v1_FreshOptions__Output,
} from "./promise/v1/FreshOptions.js";
import type {
  FulfilPromiseRequest as _promise_v1_FulfilPromiseRequest,
  FulfilPromiseRequest__Output as _promise_v1_FulfilPromiseRequest__Output,
} from "./promise/v1/FulfilPromiseRequest.js";
import type {
  FulfilPromiseResponse as _promise_v1_FulfilPromiseResponse,
  FulfilPromiseResponse__Output as _promise_v1_FulfilPromiseResponse__Output,
} from "./promise/v1/FulfilPromiseResponse.js";
import type {
  GeoPoint as _promise_v1_GeoPoint,
  GeoPoint__Output as _promise_v1_GeoPoint__Output,
} from "./promise/v1/GeoPoint.js";
import type {
  GetPromiseRequest as _promise_v1_GetPromiseRequest,
  GetPromiseRequest__Output as _promise_v1_GetPromiseRequest__Output,
} from "./promise/v1/GetPromiseRequest.js";
import type {
  GetPromiseResponse as _promise_v1_GetPromiseResponse,
  GetPromiseResponse__Output as _promise_v1_GetPromiseResponse__Output,
} from "./promise/v1/GetPromiseResponse.js";
import type {
  ItemError as _promise_v1_ItemError,
  ItemError__Output as _promise_v1_ItemError__Output,
} from "./promise/v1/ItemError.js";
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
  PromiseServiceClient as _promise_v1_PromiseServiceClient,
  PromiseServiceDefinition as _promise_v1_PromiseServiceDefinition,
} from "./promise/v1/PromiseService.js";
import type {
  QuoteCartRequest as _promise_v1_QuoteCartRequest,
  QuoteCartRequest__Output as _promise_v1_QuoteCartRequest__Output,
} from "./promise/v1/QuoteCartRequest.js";
import type {
  QuoteCartResponse as _promise_v1_QuoteCartResponse,
  QuoteCartResponse__Output as _promise_v1_QuoteCartResponse__Output,
} from "./promise/v1/QuoteCartResponse.js";
import type {
  Reason as _promise_v1_Reason,
  Reason__Output as _promise_v1_Reason__Output,
} from "./promise/v1/Reason.js";
import type {
  Shipment as _promise_v1_Shipment,
  Shipment__Output as _promise_v1_Shipment__Output,
} from "./promise/v1/Shipment.js";
import type {
  ShippingOption as _promise_v1_ShippingOption,
  ShippingOption__Output as _promise_v1_ShippingOption__Output,
} from "./promise/v1/ShippingOption.js";

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
      CancelPromiseRequest: MessageTypeDefinition<
        _promise_v1_CancelPromiseRequest,
        _promise_v1_CancelPromiseRequest__Output
      >;
      CancelPromiseResponse: MessageTypeDefinition<
        _promise_v1_CancelPromiseResponse,
        _promise_v1_CancelPromiseResponse__Output
      >;
      CartLine: MessageTypeDefinition<_promise_v1_CartLine, _promise_v1_CartLine__Output>;
      CartOption: MessageTypeDefinition<_promise_v1_CartOption, _promise_v1_CartOption__Output>;
      Confidence: EnumTypeDefinition;
      ConfirmPromiseRequest: MessageTypeDefinition<
        _promise_v1_ConfirmPromiseRequest,
        _promise_v1_ConfirmPromiseRequest__Output
      >;
      ConfirmPromiseResponse: MessageTypeDefinition<
        _promise_v1_ConfirmPromiseResponse,
        _promise_v1_ConfirmPromiseResponse__Output
      >;
      DeliveryPromise: MessageTypeDefinition<
        _promise_v1_DeliveryPromise,
        _promise_v1_DeliveryPromise__Output
      >;
      Destination: MessageTypeDefinition<_promise_v1_Destination, _promise_v1_Destination__Output>;
      EstimateBatchRequest: MessageTypeDefinition<
        _promise_v1_EstimateBatchRequest,
        _promise_v1_EstimateBatchRequest__Output
      >;
      EstimateBatchResponse: MessageTypeDefinition<
        _promise_v1_EstimateBatchResponse,
        _promise_v1_EstimateBatchResponse__Output
      >;
      EstimateBatchResult: MessageTypeDefinition<
        _promise_v1_EstimateBatchResult,
        _promise_v1_EstimateBatchResult__Output
      >;
      EstimateItem: MessageTypeDefinition<
        _promise_v1_EstimateItem,
        _promise_v1_EstimateItem__Output
      >;
      EstimateRequest: MessageTypeDefinition<
        _promise_v1_EstimateRequest,
        _promise_v1_EstimateRequest__Output
      >;
      EstimateResponse: MessageTypeDefinition<
        _promise_v1_EstimateResponse,
        _promise_v1_EstimateResponse__Output
      >;
      FreshOptions: MessageTypeDefinition<
        _promise_v1_FreshOptions,
        _promise_v1_FreshOptions__Output
      >;
      FulfilPromiseRequest: MessageTypeDefinition<
        _promise_v1_FulfilPromiseRequest,
        _promise_v1_FulfilPromiseRequest__Output
      >;
      FulfilPromiseResponse: MessageTypeDefinition<
        _promise_v1_FulfilPromiseResponse,
        _promise_v1_FulfilPromiseResponse__Output
      >;
      GeoPoint: MessageTypeDefinition<_promise_v1_GeoPoint, _promise_v1_GeoPoint__Output>;
      GetPromiseRequest: MessageTypeDefinition<
        _promise_v1_GetPromiseRequest,
        _promise_v1_GetPromiseRequest__Output
      >;
      GetPromiseResponse: MessageTypeDefinition<
        _promise_v1_GetPromiseResponse,
        _promise_v1_GetPromiseResponse__Output
      >;
      ItemError: MessageTypeDefinition<_promise_v1_ItemError, _promise_v1_ItemError__Output>;
      Money: MessageTypeDefinition<_promise_v1_Money, _promise_v1_Money__Output>;
      PickupOption: MessageTypeDefinition<
        _promise_v1_PickupOption,
        _promise_v1_PickupOption__Output
      >;
      PromiseRisk: MessageTypeDefinition<_promise_v1_PromiseRisk, _promise_v1_PromiseRisk__Output>;
      PromiseService: SubtypeConstructor<typeof grpc.Client, _promise_v1_PromiseServiceClient> & {
        service: _promise_v1_PromiseServiceDefinition;
      };
      PromiseStatus: EnumTypeDefinition;
      QuoteCartRequest: MessageTypeDefinition<
        _promise_v1_QuoteCartRequest,
        _promise_v1_QuoteCartRequest__Output
      >;
      QuoteCartResponse: MessageTypeDefinition<
        _promise_v1_QuoteCartResponse,
        _promise_v1_QuoteCartResponse__Output
      >;
      Reason: MessageTypeDefinition<_promise_v1_Reason, _promise_v1_Reason__Output>;
      RiskStatus: EnumTypeDefinition;
      ServiceLevel: EnumTypeDefinition;
      Shipment: MessageTypeDefinition<_promise_v1_Shipment, _promise_v1_Shipment__Output>;
      ShippingOption: MessageTypeDefinition<
        _promise_v1_ShippingOption,
        _promise_v1_ShippingOption__Output
      >;
      TransitSource: EnumTypeDefinition;
    };
  };
}
