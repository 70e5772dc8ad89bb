// Original file: proto/promise/v1/admin.proto

import type { Long } from "@grpc/proto-loader";
import type {
  Timestamp as _google_protobuf_Timestamp,
  Timestamp__Output as _google_protobuf_Timestamp__Output,
} from "../../google/protobuf/Timestamp.js";
import type {
  PromiseEventKind as _promise_v1_PromiseEventKind,
  PromiseEventKind__Output as _promise_v1_PromiseEventKind__Output,
} from "../../promise/v1/PromiseEventKind.js";
import type {
  PromiseRisk as _promise_v1_PromiseRisk,
  PromiseRisk__Output as _promise_v1_PromiseRisk__Output,
} from "../../promise/v1/PromiseRisk.js";
import type {
  PromiseStatus as _promise_v1_PromiseStatus,
  PromiseStatus__Output as _promise_v1_PromiseStatus__Output,
} from "../../promise/v1/PromiseStatus.js";

export interface WatchPromiseEventsResponse {
  sequence?: number | string | Long;
  promiseId?: string;
  kind?: _promise_v1_PromiseEventKind;
  status?: _promise_v1_PromiseStatus;
  risk?: _promise_v1_PromiseRisk | null;
  occurredAt?: _google_protobuf_Timestamp | null;
}

export interface WatchPromiseEventsResponse__Output {
  sequence: number;
  promiseId: string;
  kind: _promise_v1_PromiseEventKind__Output;
  status: _promise_v1_PromiseStatus__Output;
  risk: _promise_v1_PromiseRisk__Output | null;
  occurredAt: _google_protobuf_Timestamp__Output | null;
}
