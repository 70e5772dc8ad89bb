// Original file: proto/promise/v1/planner.proto

import type * as grpc from "@grpc/grpc-js";
import type { MethodDefinition } from "@grpc/proto-loader";
import type {
  SimulateRequest as _promise_v1_SimulateRequest,
  SimulateRequest__Output as _promise_v1_SimulateRequest__Output,
} from "../../promise/v1/SimulateRequest.js";
import type {
  SimulateResponse as _promise_v1_SimulateResponse,
  SimulateResponse__Output as _promise_v1_SimulateResponse__Output,
} from "../../promise/v1/SimulateResponse.js";

export interface PeakPlannerServiceClient extends grpc.Client {
  Simulate(
    argument: _promise_v1_SimulateRequest,
    metadata: grpc.Metadata,
    options?: grpc.CallOptions,
  ): grpc.ClientReadableStream<_promise_v1_SimulateResponse__Output>;
  Simulate(
    argument: _promise_v1_SimulateRequest,
    options?: grpc.CallOptions,
  ): grpc.ClientReadableStream<_promise_v1_SimulateResponse__Output>;
  simulate(
    argument: _promise_v1_SimulateRequest,
    metadata: grpc.Metadata,
    options?: grpc.CallOptions,
  ): grpc.ClientReadableStream<_promise_v1_SimulateResponse__Output>;
  simulate(
    argument: _promise_v1_SimulateRequest,
    options?: grpc.CallOptions,
  ): grpc.ClientReadableStream<_promise_v1_SimulateResponse__Output>;
}

export interface PeakPlannerServiceHandlers extends grpc.UntypedServiceImplementation {
  Simulate: grpc.handleServerStreamingCall<
    _promise_v1_SimulateRequest__Output,
    _promise_v1_SimulateResponse
  >;
}

export interface PeakPlannerServiceDefinition extends grpc.ServiceDefinition {
  Simulate: MethodDefinition<
    _promise_v1_SimulateRequest,
    _promise_v1_SimulateResponse,
    _promise_v1_SimulateRequest__Output,
    _promise_v1_SimulateResponse__Output
  >;
}
