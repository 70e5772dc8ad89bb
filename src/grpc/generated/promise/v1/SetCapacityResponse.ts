// Original file: proto/promise/v1/admin.proto

export interface SetCapacityResponse {}

export interface SetCapacityResponse__Output {}
