import type * as grpc from "@grpc/grpc-js";
import type { MessageTypeDefinition } from "@grpc/proto-loader";

import type {
  Band as _promise_v1_Band,
  Band__Output as _promise_v1_Band__Output,
} from "./promise/v1/Band.js";
import type {
  BufferAnswer as _promise_v1_BufferAnswer,
  BufferAnswer__Output as _promise_v1_BufferAnswer__Output,
} from "./promise/v1/BufferAnswer.js";
import type {
  CapacityAnswer as _promise_v1_CapacityAnswer,
  CapacityAnswer__Output as _promise_v1_CapacityAnswer__Output,
} from "./promise/v1/CapacityAnswer.js";
import type {
  ConfidentAnswer as _promise_v1_ConfidentAnswer,
  ConfidentAnswer__Output as _promise_v1_ConfidentAnswer__Output,
} from "./promise/v1/ConfidentAnswer.js";
import type {
  CostPlan as _promise_v1_CostPlan,
  CostPlan__Output as _promise_v1_CostPlan__Output,
} from "./promise/v1/CostPlan.js";
import type {
  CostPlanDay as _promise_v1_CostPlanDay,
  CostPlanDay__Output as _promise_v1_CostPlanDay__Output,
} from "./promise/v1/CostPlanDay.js";
import type {
  CostPlanPoint as _promise_v1_CostPlanPoint,
  CostPlanPoint__Output as _promise_v1_CostPlanPoint__Output,
} from "./promise/v1/CostPlanPoint.js";
import type {
  DaySpread as _promise_v1_DaySpread,
  DaySpread__Output as _promise_v1_DaySpread__Output,
} from "./promise/v1/DaySpread.js";
import type {
  MovedDemand as _promise_v1_MovedDemand,
  MovedDemand__Output as _promise_v1_MovedDemand__Output,
} from "./promise/v1/MovedDemand.js";
import type {
  PeakPlannerServiceClient as _promise_v1_PeakPlannerServiceClient,
  PeakPlannerServiceDefinition as _promise_v1_PeakPlannerServiceDefinition,
} from "./promise/v1/PeakPlannerService.js";
import type {
  PolicySpread as _promise_v1_PolicySpread,
  PolicySpread__Output as _promise_v1_PolicySpread__Output,
} from "./promise/v1/PolicySpread.js";
import type {
  RunSummary as _promise_v1_RunSummary,
  RunSummary__Output as _promise_v1_RunSummary__Output,
} from "./promise/v1/RunSummary.js";
import type {
  SimulatedDay as _promise_v1_SimulatedDay,
  SimulatedDay__Output as _promise_v1_SimulatedDay__Output,
} from "./promise/v1/SimulatedDay.js";
import type {
  SimulateProgress as _promise_v1_SimulateProgress,
  SimulateProgress__Output as _promise_v1_SimulateProgress__Output,
} from "./promise/v1/SimulateProgress.js";
import type {
  SimulateRequest as _promise_v1_SimulateRequest,
  SimulateRequest__Output as _promise_v1_SimulateRequest__Output,
} from "./promise/v1/SimulateRequest.js";
import type {
  SimulateResponse as _promise_v1_SimulateResponse,
  SimulateResponse__Output as _promise_v1_SimulateResponse__Output,
} from "./promise/v1/SimulateResponse.js";
import type {
  SimulateSummary as _promise_v1_SimulateSummary,
  SimulateSummary__Output as _promise_v1_SimulateSummary__Output,
} from "./promise/v1/SimulateSummary.js";
import type {
  WorstDay as _promise_v1_WorstDay,
  WorstDay__Output as _promise_v1_WorstDay__Output,
} from "./promise/v1/WorstDay.js";

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new (...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  promise: {
    v1: {
      Band: MessageTypeDefinition<_promise_v1_Band, _promise_v1_Band__Output>;
      BufferAnswer: MessageTypeDefinition<
        _promise_v1_BufferAnswer,
        _promise_v1_BufferAnswer__Output
      >;
      CapacityAnswer: MessageTypeDefinition<
        _promise_v1_CapacityAnswer,
        _promise_v1_CapacityAnswer__Output
      >;
      ConfidentAnswer: MessageTypeDefinition<
        _promise_v1_ConfidentAnswer,
        _promise_v1_ConfidentAnswer__Output
      >;
      CostPlan: MessageTypeDefinition<_promise_v1_CostPlan, _promise_v1_CostPlan__Output>;
      CostPlanDay: MessageTypeDefinition<_promise_v1_CostPlanDay, _promise_v1_CostPlanDay__Output>;
      CostPlanPoint: MessageTypeDefinition<
        _promise_v1_CostPlanPoint,
        _promise_v1_CostPlanPoint__Output
      >;
      DaySpread: MessageTypeDefinition<_promise_v1_DaySpread, _promise_v1_DaySpread__Output>;
      MovedDemand: MessageTypeDefinition<_promise_v1_MovedDemand, _promise_v1_MovedDemand__Output>;
      PeakPlannerService: SubtypeConstructor<
        typeof grpc.Client,
        _promise_v1_PeakPlannerServiceClient
      > & { service: _promise_v1_PeakPlannerServiceDefinition };
      PolicySpread: MessageTypeDefinition<
        _promise_v1_PolicySpread,
        _promise_v1_PolicySpread__Output
      >;
      RunSummary: MessageTypeDefinition<_promise_v1_RunSummary, _promise_v1_RunSummary__Output>;
      SimulateProgress: MessageTypeDefinition<
        _promise_v1_SimulateProgress,
        _promise_v1_SimulateProgress__Output
      >;
      SimulateRequest: MessageTypeDefinition<
        _promise_v1_SimulateRequest,
        _promise_v1_SimulateRequest__Output
      >;
      SimulateResponse: MessageTypeDefinition<
        _promise_v1_SimulateResponse,
        _promise_v1_SimulateResponse__Output
      >;
      SimulateSummary: MessageTypeDefinition<
        _promise_v1_SimulateSummary,
        _promise_v1_SimulateSummary__Output
      >;
      SimulatedDay: MessageTypeDefinition<
        _promise_v1_SimulatedDay,
        _promise_v1_SimulatedDay__Output
      >;
      WorstDay: MessageTypeDefinition<_promise_v1_WorstDay, _promise_v1_WorstDay__Output>;
    };
  };
}
