// Original file: proto/promise/v1/common.proto

import type {
  GeoPoint as _promise_v1_GeoPoint,
  GeoPoint__Output as _promise_v1_GeoPoint__Output,
} from "../../promise/v1/GeoPoint.js";

export interface Destination {
  countryCode?: string;
  postalCode?: string;
  province?: string;
  coordinates?: _promise_v1_GeoPoint | null;
}

export interface Destination__Output {
  countryCode: string;
  postalCode: string;
  province: string;
  coordinates: _promise_v1_GeoPoint__Output | null;
}
