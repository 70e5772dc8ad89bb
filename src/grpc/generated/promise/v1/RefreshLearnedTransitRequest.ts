// Original file: proto/promise/v1/admin.proto

export interface RefreshLearnedTransitRequest {}

export interface RefreshLearnedTransitRequest__Output {}
