// Original file: proto/promise/v1/admin.proto

export interface ShipmentHistoryRow {
  originWarehouse?: string;
  service?: string;
  destinationCountry?: string;
  destinationPostalCode?: string;
  shipDate?: string;
  delivered?: string;
  promisedLatest?: string;
  rowKey?: string;
}

export interface ShipmentHistoryRow__Output {
  originWarehouse: string;
  service: string;
  destinationCountry: string;
  destinationPostalCode: string;
  shipDate: string;
  delivered: string;
  promisedLatest: string;
  rowKey: string;
}
