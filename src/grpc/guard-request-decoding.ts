import type * as grpc from "@grpc/grpc-js";

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

/**
 * A copy of a service definition whose request deserializers never throw: undecodable bytes
 * become an UndecodableRequest. Serve guarded definitions only on a server whose interceptors
 * include the call interceptor (createCallInterceptor), which turns them into INVALID_ARGUMENT.
 */
export function guardRequestDecoding<D extends grpc.ServiceDefinition>(definition: D): D {
  const copy: Record<string, grpc.MethodDefinition<unknown, unknown>> = {};
  for (const [name, method] of Object.entries(
    definition as Record<string, grpc.MethodDefinition<unknown, unknown>>,
  )) {
    const decode = method.requestDeserialize;
    const path = method.path;
    copy[name] = {
      ...method,
      requestDeserialize(bytes: Buffer) {
        try {
          return decode(bytes);
        } catch (err) {
          return new UndecodableRequest(path, err instanceof Error ? err.message : String(err));
        }
      },
    };
  }
  return copy as unknown as D;
}
