import * as grpc from "@grpc/grpc-js";
import type { Logger } from "pino";
import type { AccessRole } from "../config/access-token-schema.js";
import { rolesForPath } from "./access-policy.js";
import { type AccessTokens, type Caller, MAX_PRESENTED_TOKEN_LENGTH } from "./access-tokens.js";

export interface AuthInterceptorOptions {
  readonly tokens: AccessTokens;
  /**
   * Local development only (PROMISE_INSECURE_ADMIN): protected calls need no token and run as
   * the caller `insecure-dev` with role `admin`.
   */
  readonly insecure?: boolean | undefined;
  readonly logger?: Logger | undefined;
}

/** The caller of every protected call in insecure development mode. */
export const INSECURE_CALLER: Caller = { name: "insecure-dev", role: "admin" };

const callers = new WeakMap<grpc.Metadata, Caller>();

/**
 * The authenticated caller of a call, from its request metadata (`call.metadata` in a handler),
 * or undefined for public calls. Clients cannot forge it: it is kept beside the metadata, not in
 * it.
 */
export function callerOf(metadata: grpc.Metadata): Caller | undefined {
  return callers.get(metadata);
}

interface Verdict {
  readonly code: grpc.status;
  readonly details: string;
  readonly caller?: Caller;
}

const BEARER = /^Bearer ([\x21-\x7e]+)$/;

function verdictFor(
  metadata: grpc.Metadata,
  roles: readonly AccessRole[],
  options: AuthInterceptorOptions,
): Verdict {
  const values = metadata.get("authorization");
  if (values.length === 0) {
    if (options.insecure) return { code: grpc.status.OK, details: "", caller: INSECURE_CALLER };
    return options.tokens.size === 0
      ? {
          code: grpc.status.UNAUTHENTICATED,
          details: "no access tokens are configured: this service is closed",
        }
      : { code: grpc.status.UNAUTHENTICATED, details: "missing authorization: Bearer <token>" };
  }
  const value = values[0];
  if (values.length > 1 || typeof value !== "string" || value.length > MAX_PRESENTED_TOKEN_LENGTH) {
    return { code: grpc.status.UNAUTHENTICATED, details: "malformed authorization" };
  }
  const match = BEARER.exec(value);
  if (match === null) {
    return { code: grpc.status.UNAUTHENTICATED, details: "expected authorization: Bearer <token>" };
  }
  const caller = options.tokens.identify(match[1]!);
  if (caller === undefined) {
    return { code: grpc.status.UNAUTHENTICATED, details: "unknown token" };
  }
  if (!roles.includes(caller.role)) {
    return {
      code: grpc.status.PERMISSION_DENIED,
      details: `role ${caller.role} may not call this service`,
      caller,
    };
  }
  return { code: grpc.status.OK, details: "", caller };
}

/**
 * The access check of one call to `path` (a method path such as `/promise.v1.AdminService/UpsertStock`)
 * for transports that do not run grpc-js interceptors (the HTTP edge): undefined when the call may
 * go on (public method, or a token with the role; the caller is then recorded for `callerOf`),
 * else the refusal (UNAUTHENTICATED or PERMISSION_DENIED) the native port answers too.
 */
export function checkAccess(
  path: string,
  metadata: grpc.Metadata,
  options: AuthInterceptorOptions,
): { readonly code: grpc.status; readonly details: string } | undefined {
  const roles = rolesForPath(path);
  if (roles === undefined) return undefined;
  const verdict = verdictFor(metadata, roles, options);
  if (verdict.caller !== undefined) callers.set(metadata, verdict.caller);
  return verdict.code === grpc.status.OK ? undefined : verdict;
}

/**
 * Checks bearer tokens on protected services (see access-policy.ts) before anything else sees
 * the call: a missing, malformed or unknown token gets UNAUTHENTICATED, a valid token without the
 * role PERMISSION_DENIED, and in both cases the request is never read and no handler runs.
 * Public methods pass through untouched (the interceptor returns the call itself).
 *
 * Place it after the call interceptor in `interceptors` so refusals are logged and counted.
 */
export function createAuthInterceptor(options: AuthInterceptorOptions): grpc.ServerInterceptor {
  const rolesByPath = new Map<string, readonly AccessRole[] | null>();
  return (method, call) => {
    let roles = rolesByPath.get(method.path);
    if (roles === undefined) {
      roles = rolesForPath(method.path) ?? null;
      rolesByPath.set(method.path, roles);
    }
    // A public method: no wrapper at all (the chain only needs the call interface).
    if (roles === null) return call as grpc.ServerInterceptingCall;
    const required = roles;
    return new grpc.ServerInterceptingCall(call, {
      start(next) {
        next({
          onReceiveMetadata(metadata, nextMetadata) {
            const verdict = verdictFor(metadata, required, options);
            if (verdict.caller !== undefined) callers.set(metadata, verdict.caller);
            if (verdict.code === grpc.status.OK) {
              nextMetadata(metadata);
              return;
            }
            options.logger?.warn(
              {
                method: method.path,
                grpcCode: verdict.code,
                caller: verdict.caller?.name,
                peer: call.getPeer(),
              },
              "call refused",
            );
            call.sendStatus({ code: verdict.code, details: verdict.details });
          },
        });
      },
    });
  };
}
