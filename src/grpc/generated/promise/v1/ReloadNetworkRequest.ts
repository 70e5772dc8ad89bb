// Original file: proto/promise/v1/admin.proto

export interface ReloadNetworkRequest {}

export interface ReloadNetworkRequest__Output {}
