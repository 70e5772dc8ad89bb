// Original file: proto/promise/v1/common.proto

export interface GeoPoint {
  latitude?: number | string;
  longitude?: number | string;
}

export interface GeoPoint__Output {
  latitude: number;
  longitude: number;
}
