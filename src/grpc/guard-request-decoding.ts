import type * as grpc from "@grpc/grpc-js";
import { RepeatedRequests } from "./repeated-requests.js";
import { compileStringCheck, OversizedString } from "./request-string-limits.js";
import { wireFormatProblem } from "./wire-format-problem.js";

/**
 * What a guarded deserializer returns instead of throwing for bytes that are not a valid request
 * message. The call interceptor answers it with INVALID_ARGUMENT before any handler sees it
 * (grpc-js itself would answer INTERNAL "Error deserializing request").
 */
export class UndecodableRequest {
  constructor(
    /** The method whose request could not be decoded. */
    readonly path: string,
    readonly reason: string,
  ) {}
}

/** A decoded request, not one of the guard's refusals (UndecodableRequest, OversizedString). */
function isDecodedRequest(result: unknown): boolean {
  return (
    typeof result === "object" &&
    result !== null &&
    !(result instanceof UndecodableRequest) &&
    !(result instanceof OversizedString)
  );
}

/** The full name of a method's request type (`promise.v1.EstimateRequest`), if known. */
function requestTypeName(method: grpc.MethodDefinition<unknown, unknown>): string | undefined {
  const type = (method as { requestType?: { type?: { name?: string } } }).requestType?.type?.name;
  const service = method.path.slice(1, method.path.indexOf("/", 1));
  const pkg = service.slice(0, service.lastIndexOf("."));
  return type === undefined || pkg === "" ? undefined : `${pkg}.${type}`;
}

/**
 * Methods whose requests repeat (product pages): their decoded requests are kept by their bytes
 * (RepeatedRequests) and handed to the handler deep-frozen, so their handlers must only read them.
 */
export const REPEATED_REQUEST_METHODS: ReadonlySet<string> = new Set([
  "/promise.v1.PromiseService/Estimate",
]);

/**
 * A copy of a service definition whose request deserializers never throw: undecodable bytes
 * (including fields cut short, see wireFormatProblem) become an UndecodableRequest, and a request with a string longer than its limit (see
 * request-string-limits.ts) an OversizedString. Serve guarded definitions only on a server whose
 * interceptors include the call interceptor (createCallInterceptor), which answers both with
 * INVALID_ARGUMENT. Methods in REPEATED_REQUEST_METHODS decode each distinct request once (per
 * definition copy) and answer the same bytes with the same frozen object.
 */
export function guardRequestDecoding<D extends grpc.ServiceDefinition>(definition: D): D {
  const copy: Record<string, grpc.MethodDefinition<unknown, unknown>> = {};
  for (const [name, method] of Object.entries(
    definition as Record<string, grpc.MethodDefinition<unknown, unknown>>,
  )) {
    const decode = method.requestDeserialize;
    const path = method.path;
    const typeName = requestTypeName(method);
    const check = typeName === undefined ? undefined : compileStringCheck(typeName);
    const guarded = (bytes: Buffer): unknown => {
      const problem = wireFormatProblem(bytes);
      if (problem !== undefined) return new UndecodableRequest(path, problem);
      let request: unknown;
      try {
        request = decode(bytes);
      } catch (err) {
        return new UndecodableRequest(path, err instanceof Error ? err.message : String(err));
      }
      return check === undefined ? request : (check(request) ?? request);
    };
    const repeated = REPEATED_REQUEST_METHODS.has(path)
      ? new RepeatedRequests<object>()
      : undefined;
    copy[name] = {
      ...method,
      requestDeserialize:
        repeated === undefined
          ? guarded
          : (bytes: Buffer) => repeated.decode(bytes, guarded, isDecodedRequest),
    };
  }
  return copy as unknown as D;
}
