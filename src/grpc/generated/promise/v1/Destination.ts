// Original file: proto/promise/v1/common.proto

export interface Destination {
  countryCode?: string;
  postalCode?: string;
  province?: string;
}

export interface Destination__Output {
  countryCode: string;
  postalCode: string;
  province: string;
}
