// Original file: proto/promise/v1/admin.proto

import type {
  Timestamp as _google_protobuf_Timestamp,
  Timestamp__Output as _google_protobuf_Timestamp__Output,
} from "../../google/protobuf/Timestamp.js";

export interface ReloadNetworkResponse {
  networkVersion?: string;
  reloaded?: boolean;
  errors?: string[];
  loadedAt?: _google_protobuf_Timestamp | null;
}

export interface ReloadNetworkResponse__Output {
  networkVersion: string;
  reloaded: boolean;
  errors: string[];
  loadedAt: _google_protobuf_Timestamp__Output | null;
}
