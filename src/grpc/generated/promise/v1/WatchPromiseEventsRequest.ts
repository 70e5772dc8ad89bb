// Original file: proto/promise/v1/admin.proto

import type { Long } from "@grpc/proto-loader";

export interface WatchPromiseEventsRequest {
  afterSequence?: number | string | Long;
}

export interface WatchPromiseEventsRequest__Output {
  afterSequence: number;
}
