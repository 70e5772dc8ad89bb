// Original file: proto/promise/v1/planner.proto

import type * as grpc from "@grpc/grpc-js";
import type { MethodDefinition } from "@grpc/proto-loader";
import type {
  SimulateEvent as _promise_v1_SimulateEvent,
  SimulateEvent__Output as _promise_v1_SimulateEvent__Output,
} from "../../promise/v1/SimulateEvent.js";
import type {
  SimulateRequest as _promise_v1_SimulateRequest,
  SimulateRequest__Output as _promise_v1_SimulateRequest__Output,
} from "../../promise/v1/SimulateRequest.js";

export interface PeakPlannerClient extends grpc.Client {
  Simulate(
    argument: _promise_v1_SimulateRequest,
    metadata: grpc.Metadata,
    options?: grpc.CallOptions,
  ): grpc.ClientReadableStream<_promise_v1_SimulateEvent__Output>;
  Simulate(
    argument: _promise_v1_SimulateRequest,
    options?: grpc.CallOptions,
  ): grpc.ClientReadableStream<_promise_v1_SimulateEvent__Output>;
  simulate(
    argument: _promise_v1_SimulateRequest,
    metadata: grpc.Metadata,
    options?: grpc.CallOptions,
  ): grpc.ClientReadableStream<_promise_v1_SimulateEvent__Output>;
  simulate(
    argument: _promise_v1_SimulateRequest,
    options?: grpc.CallOptions,
  ): grpc.ClientReadableStream<_promise_v1_SimulateEvent__Output>;
}

export interface PeakPlannerHandlers extends grpc.UntypedServiceImplementation {
  Simulate: grpc.handleServerStreamingCall<
    _promise_v1_SimulateRequest__Output,
    _promise_v1_SimulateEvent
  >;
}

export interface PeakPlannerDefinition extends grpc.ServiceDefinition {
  Simulate: MethodDefinition<
    _promise_v1_SimulateRequest,
    _promise_v1_SimulateEvent,
    _promise_v1_SimulateRequest__Output,
    _promise_v1_SimulateEvent__Output
  >;
}
