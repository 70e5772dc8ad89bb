// Original file: proto/promise/v1/promise.proto

import type * as grpc from "@grpc/grpc-js";
import type { MethodDefinition } from "@grpc/proto-loader";
import type {
  CancelPromiseRequest as _promise_v1_CancelPromiseRequest,
  CancelPromiseRequest__Output as _promise_v1_CancelPromiseRequest__Output,
} from "../../promise/v1/CancelPromiseRequest.js";
import type {
  CancelPromiseResponse as _promise_v1_CancelPromiseResponse,
  CancelPromiseResponse__Output as _promise_v1_CancelPromiseResponse__Output,
} from "../../promise/v1/CancelPromiseResponse.js";
import type {
  ConfirmPromiseRequest as _promise_v1_ConfirmPromiseRequest,
  ConfirmPromiseRequest__Output as _promise_v1_ConfirmPromiseRequest__Output,
} from "../../promise/v1/ConfirmPromiseRequest.js";
import type {
  ConfirmPromiseResponse as _promise_v1_ConfirmPromiseResponse,
  ConfirmPromiseResponse__Output as _promise_v1_ConfirmPromiseResponse__Output,
} from "../../promise/v1/ConfirmPromiseResponse.js";
import type {
  EstimateBatchRequest as _promise_v1_EstimateBatchRequest,
  EstimateBatchRequest__Output as _promise_v1_EstimateBatchRequest__Output,
} from "../../promise/v1/EstimateBatchRequest.js";
import type {
  EstimateBatchResponse as _promise_v1_EstimateBatchResponse,
  EstimateBatchResponse__Output as _promise_v1_EstimateBatchResponse__Output,
} from "../../promise/v1/EstimateBatchResponse.js";
import type {
  EstimateRequest as _promise_v1_EstimateRequest,
  EstimateRequest__Output as _promise_v1_EstimateRequest__Output,
} from "../../promise/v1/EstimateRequest.js";
import type {
  EstimateResponse as _promise_v1_EstimateResponse,
  EstimateResponse__Output as _promise_v1_EstimateResponse__Output,
} from "../../promise/v1/EstimateResponse.js";
import type {
  FulfilPromiseRequest as _promise_v1_FulfilPromiseRequest,
  FulfilPromiseRequest__Output as _promise_v1_FulfilPromiseRequest__Output,
} from "../../promise/v1/FulfilPromiseRequest.js";
import type {
  FulfilPromiseResponse as _promise_v1_FulfilPromiseResponse,
  FulfilPromiseResponse__Output as _promise_v1_FulfilPromiseResponse__Output,
} from "../../promise/v1/FulfilPromiseResponse.js";
import type {
  GetPromiseRequest as _promise_v1_GetPromiseRequest,
  GetPromiseRequest__Output as _promise_v1_GetPromiseRequest__Output,
} from "../../promise/v1/GetPromiseRequest.js";
import type {
  GetPromiseResponse as _promise_v1_GetPromiseResponse,
  GetPromiseResponse__Output as _promise_v1_GetPromiseResponse__Output,
} from "../../promise/v1/GetPromiseResponse.js";
import type {
  QuoteCartRequest as _promise_v1_QuoteCartRequest,
  QuoteCartRequest__Output as _promise_v1_QuoteCartRequest__Output,
} from "../../promise/v1/QuoteCartRequest.js";
import type {
  QuoteCartResponse as _promise_v1_QuoteCartResponse,
  QuoteCartResponse__Output as _promise_v1_QuoteCartResponse__Output,
} from "../../promise/v1/QuoteCartResponse.js";

export interface PromiseServiceClient extends grpc.Client {
  CancelPromise(
    argument: _promise_v1_CancelPromiseRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_promise_v1_CancelPromiseResponse__Output>,
  ): grpc.ClientUnaryCall;
  CancelPromise(
    argument: _promise_v1_CancelPromiseRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_promise_v1_CancelPromiseResponse__Output>,
  ): grpc.ClientUnaryCall;
  CancelPromise(
    argument: _promise_v1_CancelPromiseRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_promise_v1_CancelPromiseResponse__Output>,
  ): grpc.ClientUnaryCall;
  CancelPromise(
    argument: _promise_v1_CancelPromiseRequest,
    callback: grpc.requestCallback<_promise_v1_CancelPromiseResponse__Output>,
  ): grpc.ClientUnaryCall;
  cancelPromise(
    argument: _promise_v1_CancelPromiseRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_promise_v1_CancelPromiseResponse__Output>,
  ): grpc.ClientUnaryCall;
  cancelPromise(
    argument: _promise_v1_CancelPromiseRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_promise_v1_CancelPromiseResponse__Output>,
  ): grpc.ClientUnaryCall;
  cancelPromise(
    argument: _promise_v1_CancelPromiseRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_promise_v1_CancelPromiseResponse__Output>,
  ): grpc.ClientUnaryCall;
  cancelPromise(
    argument: _promise_v1_CancelPromiseRequest,
    callback: grpc.requestCallback<_promise_v1_CancelPromiseResponse__Output>,
  ): grpc.ClientUnaryCall;

  ConfirmPromise(
    argument: _promise_v1_ConfirmPromiseRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_promise_v1_ConfirmPromiseResponse__Output>,
  ): grpc.ClientUnaryCall;
  ConfirmPromise(
    argument: _promise_v1_ConfirmPromiseRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_promise_v1_ConfirmPromiseResponse__Output>,
  ): grpc.ClientUnaryCall;
  ConfirmPromise(
    argument: _promise_v1_ConfirmPromiseRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_promise_v1_ConfirmPromiseResponse__Output>,
  ): grpc.ClientUnaryCall;
  ConfirmPromise(
    argument: _promise_v1_ConfirmPromiseRequest,
    callback: grpc.requestCallback<_promise_v1_ConfirmPromiseResponse__Output>,
  ): grpc.ClientUnaryCall;
  confirmPromise(
    argument: _promise_v1_ConfirmPromiseRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_promise_v1_ConfirmPromiseResponse__Output>,
  ): grpc.ClientUnaryCall;
  confirmPromise(
    argument: _promise_v1_ConfirmPromiseRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_promise_v1_ConfirmPromiseResponse__Output>,
  ): grpc.ClientUnaryCall;
  confirmPromise(
    argument: _promise_v1_ConfirmPromiseRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_promise_v1_ConfirmPromiseResponse__Output>,
  ): grpc.ClientUnaryCall;
  confirmPromise(
    argument: _promise_v1_ConfirmPromiseRequest,
    callback: grpc.requestCallback<_promise_v1_ConfirmPromiseResponse__Output>,
  ): grpc.ClientUnaryCall;

  Estimate(
    argument: _promise_v1_EstimateRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_promise_v1_EstimateResponse__Output>,
  ): grpc.ClientUnaryCall;
  Estimate(
    argument: _promise_v1_EstimateRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_promise_v1_EstimateResponse__Output>,
  ): grpc.ClientUnaryCall;
  Estimate(
    argument: _promise_v1_EstimateRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_promise_v1_EstimateResponse__Output>,
  ): grpc.ClientUnaryCall;
  Estimate(
    argument: _promise_v1_EstimateRequest,
    callback: grpc.requestCallback<_promise_v1_EstimateResponse__Output>,
  ): grpc.ClientUnaryCall;
  estimate(
    argument: _promise_v1_EstimateRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_promise_v1_EstimateResponse__Output>,
  ): grpc.ClientUnaryCall;
  estimate(
    argument: _promise_v1_EstimateRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_promise_v1_EstimateResponse__Output>,
  ): grpc.ClientUnaryCall;
  estimate(
    argument: _promise_v1_EstimateRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_promise_v1_EstimateResponse__Output>,
  ): grpc.ClientUnaryCall;
  estimate(
    argument: _promise_v1_EstimateRequest,
    callback: grpc.requestCallback<_promise_v1_EstimateResponse__Output>,
  ): grpc.ClientUnaryCall;

  EstimateBatch(
    argument: _promise_v1_EstimateBatchRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_promise_v1_EstimateBatchResponse__Output>,
  ): grpc.ClientUnaryCall;
  EstimateBatch(
    argument: _promise_v1_EstimateBatchRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_promise_v1_EstimateBatchResponse__Output>,
  ): grpc.ClientUnaryCall;
  EstimateBatch(
    argument: _promise_v1_EstimateBatchRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_promise_v1_EstimateBatchResponse__Output>,
  ): grpc.ClientUnaryCall;
  EstimateBatch(
    argument: _promise_v1_EstimateBatchRequest,
    callback: grpc.requestCallback<_promise_v1_EstimateBatchResponse__Output>,
  ): grpc.ClientUnaryCall;
  estimateBatch(
    argument: _promise_v1_EstimateBatchRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_promise_v1_EstimateBatchResponse__Output>,
  ): grpc.ClientUnaryCall;
  estimateBatch(
    argument: _promise_v1_EstimateBatchRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_promise_v1_EstimateBatchResponse__Output>,
  ): grpc.ClientUnaryCall;
  estimateBatch(
    argument: _promise_v1_EstimateBatchRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_promise_v1_EstimateBatchResponse__Output>,
  ): grpc.ClientUnaryCall;
  estimateBatch(
    argument: _promise_v1_EstimateBatchRequest,
    callback: grpc.requestCallback<_promise_v1_EstimateBatchResponse__Output>,
  ): grpc.ClientUnaryCall;

  FulfilPromise(
    argument: _promise_v1_FulfilPromiseRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_promise_v1_FulfilPromiseResponse__Output>,
  ): grpc.ClientUnaryCall;
  FulfilPromise(
    argument: _promise_v1_FulfilPromiseRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_promise_v1_FulfilPromiseResponse__Output>,
  ): grpc.ClientUnaryCall;
  FulfilPromise(
    argument: _promise_v1_FulfilPromiseRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_promise_v1_FulfilPromiseResponse__Output>,
  ): grpc.ClientUnaryCall;
  FulfilPromise(
    argument: _promise_v1_FulfilPromiseRequest,
    callback: grpc.requestCallback<_promise_v1_FulfilPromiseResponse__Output>,
  ): grpc.ClientUnaryCall;
  fulfilPromise(
    argument: _promise_v1_FulfilPromiseRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_promise_v1_FulfilPromiseResponse__Output>,
  ): grpc.ClientUnaryCall;
  fulfilPromise(
    argument: _promise_v1_FulfilPromiseRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_promise_v1_FulfilPromiseResponse__Output>,
  ): grpc.ClientUnaryCall;
  fulfilPromise(
    argument: _promise_v1_FulfilPromiseRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_promise_v1_FulfilPromiseResponse__Output>,
  ): grpc.ClientUnaryCall;
  fulfilPromise(
    argument: _promise_v1_FulfilPromiseRequest,
    callback: grpc.requestCallback<_promise_v1_FulfilPromiseResponse__Output>,
  ): grpc.ClientUnaryCall;

  GetPromise(
    argument: _promise_v1_GetPromiseRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_promise_v1_GetPromiseResponse__Output>,
  ): grpc.ClientUnaryCall;
  GetPromise(
    argument: _promise_v1_GetPromiseRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_promise_v1_GetPromiseResponse__Output>,
  ): grpc.ClientUnaryCall;
  GetPromise(
    argument: _promise_v1_GetPromiseRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_promise_v1_GetPromiseResponse__Output>,
  ): grpc.ClientUnaryCall;
  GetPromise(
    argument: _promise_v1_GetPromiseRequest,
    callback: grpc.requestCallback<_promise_v1_GetPromiseResponse__Output>,
  ): grpc.ClientUnaryCall;
  getPromise(
    argument: _promise_v1_GetPromiseRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_promise_v1_GetPromiseResponse__Output>,
  ): grpc.ClientUnaryCall;
  getPromise(
    argument: _promise_v1_GetPromiseRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_promise_v1_GetPromiseResponse__Output>,
  ): grpc.ClientUnaryCall;
  getPromise(
    argument: _promise_v1_GetPromiseRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_promise_v1_GetPromiseResponse__Output>,
  ): grpc.ClientUnaryCall;
  getPromise(
    argument: _promise_v1_GetPromiseRequest,
    callback: grpc.requestCallback<_promise_v1_GetPromiseResponse__Output>,
  ): grpc.ClientUnaryCall;

  QuoteCart(
    argument: _promise_v1_QuoteCartRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_promise_v1_QuoteCartResponse__Output>,
  ): grpc.ClientUnaryCall;
  QuoteCart(
    argument: _promise_v1_QuoteCartRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_promise_v1_QuoteCartResponse__Output>,
  ): grpc.ClientUnaryCall;
  QuoteCart(
    argument: _promise_v1_QuoteCartRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_promise_v1_QuoteCartResponse__Output>,
  ): grpc.ClientUnaryCall;
  QuoteCart(
    argument: _promise_v1_QuoteCartRequest,
    callback: grpc.requestCallback<_promise_v1_QuoteCartResponse__Output>,
  ): grpc.ClientUnaryCall;
  quoteCart(
    argument: _promise_v1_QuoteCartRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_promise_v1_QuoteCartResponse__Output>,
  ): grpc.ClientUnaryCall;
  quoteCart(
    argument: _promise_v1_QuoteCartRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_promise_v1_QuoteCartResponse__Output>,
  ): grpc.ClientUnaryCall;
  quoteCart(
    argument: _promise_v1_QuoteCartRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_promise_v1_QuoteCartResponse__Output>,
  ): grpc.ClientUnaryCall;
  quoteCart(
    argument: _promise_v1_QuoteCartRequest,
    callback: grpc.requestCallback<_promise_v1_QuoteCartResponse__Output>,
  ): grpc.ClientUnaryCall;
}

export interface PromiseServiceHandlers extends grpc.UntypedServiceImplementation {
  CancelPromise: grpc.handleUnaryCall<
    _promise_v1_CancelPromiseRequest__Output,
    _promise_v1_CancelPromiseResponse
  >;

  ConfirmPromise: grpc.handleUnaryCall<
    _promise_v1_ConfirmPromiseRequest__Output,
    _promise_v1_ConfirmPromiseResponse
  >;

  Estimate: grpc.handleUnaryCall<_promise_v1_EstimateRequest__Output, _promise_v1_EstimateResponse>;

  EstimateBatch: grpc.handleUnaryCall<
    _promise_v1_EstimateBatchRequest__Output,
    _promise_v1_EstimateBatchResponse
  >;

  FulfilPromise: grpc.handleUnaryCall<
    _promise_v1_FulfilPromiseRequest__Output,
    _promise_v1_FulfilPromiseResponse
  >;

  GetPromise: grpc.handleUnaryCall<
    _promise_v1_GetPromiseRequest__Output,
    _promise_v1_GetPromiseResponse
  >;

  QuoteCart: grpc.handleUnaryCall<
    _promise_v1_QuoteCartRequest__Output,
    _promise_v1_QuoteCartResponse
  >;
}

export interface PromiseServiceDefinition extends grpc.ServiceDefinition {
  CancelPromise: MethodDefinition<
    _promise_v1_CancelPromiseRequest,
    _promise_v1_CancelPromiseResponse,
    _promise_v1_CancelPromiseRequest__Output,
    _promise_v1_CancelPromiseResponse__Output
  >;
  ConfirmPromise: MethodDefinition<
    _promise_v1_ConfirmPromiseRequest,
    _promise_v1_ConfirmPromiseResponse,
    _promise_v1_ConfirmPromiseRequest__Output,
    _promise_v1_ConfirmPromiseResponse__Output
  >;
  Estimate: MethodDefinition<
    _promise_v1_EstimateRequest,
    _promise_v1_EstimateResponse,
    _promise_v1_EstimateRequest__Output,
    _promise_v1_EstimateResponse__Output
  >;
  EstimateBatch: MethodDefinition<
    _promise_v1_EstimateBatchRequest,
    _promise_v1_EstimateBatchResponse,
    _promise_v1_EstimateBatchRequest__Output,
    _promise_v1_EstimateBatchResponse__Output
  >;
  FulfilPromise: MethodDefinition<
    _promise_v1_FulfilPromiseRequest,
    _promise_v1_FulfilPromiseResponse,
    _promise_v1_FulfilPromiseRequest__Output,
    _promise_v1_FulfilPromiseResponse__Output
  >;
  GetPromise: MethodDefinition<
    _promise_v1_GetPromiseRequest,
    _promise_v1_GetPromiseResponse,
    _promise_v1_GetPromiseRequest__Output,
    _promise_v1_GetPromiseResponse__Output
  >;
  QuoteCart: MethodDefinition<
    _promise_v1_QuoteCartRequest,
    _promise_v1_QuoteCartResponse,
    _promise_v1_QuoteCartRequest__Output,
    _promise_v1_QuoteCartResponse__Output
  >;
}
