import { invalidArgument } from "../domain/domain-error.js";

/** A point on the earth in decimal degrees (WGS 84). */
export interface GeoPoint {
  readonly lat: number;
  readonly lon: number;
}

const EARTH_RADIUS_KM = 6371.0088;
const RAD = Math.PI / 180;

/** Great-circle distance (haversine, mean earth radius) in km. */
export function distanceKm(a: GeoPoint, b: GeoPoint): number {
  const dLat = (b.lat - a.lat) * RAD;
  const dLon = (b.lon - a.lon) * RAD;
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(a.lat * RAD) * Math.cos(b.lat * RAD) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * Throws DomainError INVALID_ARGUMENT naming `field`.latitude or .longitude when a coordinate is
 * not a finite number in range (latitude -90..90, longitude -180..180).
 */
export function checkGeoPoint(point: GeoPoint, field: string): void {
  if (!Number.isFinite(point.lat) || point.lat < -90 || point.lat > 90) {
    throw invalidArgument(`${field}.latitude`, "must be between -90 and 90");
  }
  if (!Number.isFinite(point.lon) || point.lon < -180 || point.lon > 180) {
    throw invalidArgument(`${field}.longitude`, "must be between -180 and 180");
  }
}
