// Original file: proto/promise/v1/admin.proto

export interface SetBookedLoadResponse {}

export interface SetBookedLoadResponse__Output {}
