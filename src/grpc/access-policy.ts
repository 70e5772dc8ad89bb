import type { AccessRole } from "../config/access-token-schema.js";
import { PROMISE_SERVICE_NAME } from "./load-proto.js";

export const ADMIN_SERVICE_NAME = "promise.v1.AdminService";
export const PLANNER_SERVICE_NAME = "promise.v1.PeakPlannerService";

/** Services anyone who can reach the port may call. */
export const PUBLIC_SERVICES: ReadonlySet<string> = new Set([
  PROMISE_SERVICE_NAME,
  "grpc.health.v1.Health",
  "grpc.reflection.v1.ServerReflection",
  "grpc.reflection.v1alpha.ServerReflection",
]);

/** The roles that may call each protected service. */
export const SERVICE_ROLES: Readonly<Record<string, readonly AccessRole[]>> = {
  [ADMIN_SERVICE_NAME]: ["admin"],
  [PLANNER_SERVICE_NAME]: ["admin", "planner"],
};

/** Methods whose roles differ from their service's (by method path). */
export const METHOD_ROLES: Readonly<Record<string, readonly AccessRole[]>> = {
  [`/${ADMIN_SERVICE_NAME}/RecordShipmentEvents`]: ["admin", "tracking"],
  [`/${ADMIN_SERVICE_NAME}/GetAccuracy`]: ["admin", "planner"],
  [`/${ADMIN_SERVICE_NAME}/WatchPromiseEvents`]: ["admin", "events"],
  [`/${ADMIN_SERVICE_NAME}/ListPromises`]: ["admin", "events"],
};

/** What a service not listed anywhere needs: deny by default. */
const UNLISTED_ROLES: readonly AccessRole[] = ["admin"];

/** The service part of a method path `/promise.v1.AdminService/UpsertStock`. */
export function serviceOfPath(path: string): string {
  const end = path.indexOf("/", 1);
  return end < 0 ? path.slice(1) : path.slice(1, end);
}

/**
 * The roles that may call a method (by its path), or undefined when it is public: the method's own
 * roles when listed, else its service's. A service that is neither public nor listed needs `admin`.
 */
export function rolesForPath(path: string): readonly AccessRole[] | undefined {
  const service = serviceOfPath(path);
  if (PUBLIC_SERVICES.has(service)) return undefined;
  const method = METHOD_ROLES[path];
  if (method !== undefined) return method;
  return SERVICE_ROLES[service] ?? UNLISTED_ROLES;
}
