import { type DescMethod, type DescService, fromBinary, toBinary } from "@bufbuild/protobuf";
import {
  Code,
  ConnectError,
  type ConnectRouter,
  createContextKey,
  type HandlerContext,
} from "@connectrpc/connect";
import type * as grpc from "@grpc/grpc-js";
import { AdminService } from "../../packages/client/src/generated/promise/v1/admin_pb.js";
import { PeakPlannerService } from "../../packages/client/src/generated/promise/v1/planner_pb.js";
import { PromiseService } from "../../packages/client/src/generated/promise/v1/promise_pb.js";
import { isReusable } from "../grpc/memoized-encoding.js";
import { connectErrorOf } from "./connect-error-of-status.js";
import { type BridgedCall, callUnary } from "./grpc-handler-bridge.js";
import { callStream } from "./grpc-stream-bridge.js";
import { HttpCallObserver } from "./http-call-observer.js";

/** A gRPC service as the native port serves it: its (guarded) definition and its handlers. */
export interface ServedService {
  readonly name: string;
  readonly definition: grpc.ServiceDefinition;
  readonly implementation: grpc.UntypedServiceImplementation;
}

/** The protobuf-es descriptors of the services the HTTP edge can serve, by full name. */
export const DESCRIPTORS: ReadonlyMap<string, DescService> = new Map<string, DescService>([
  [PromiseService.typeName, PromiseService],
  [AdminService.typeName, AdminService],
  [PeakPlannerService.typeName, PeakPlannerService],
]);

/** The bridged call of a Connect request (its deadline from connect-timeout-ms / grpc-timeout). */
export function bridgedCallOf(ctx: HandlerContext): BridgedCall {
  const timeout = ctx.timeoutMs();
  return {
    metadata:
      ctx.values.get(METADATA) ??
      HttpCallObserver.metadataOf((name) => ctx.requestHeader.get(name)),
    deadlineMs: timeout === undefined ? Number.POSITIVE_INFINITY : Date.now() + timeout,
    signal: ctx.signal,
    peer: "http",
  };
}

/** The call's metadata, made once by the observing interceptor (auth records its caller on it). */
export const METADATA = createContextKey<grpc.Metadata | undefined>(undefined, {
  description: "grpc metadata of an HTTP call",
});

/**
 * Messages of replies that are sent again unchanged (cached estimates): decoded once into their
 * protobuf-es form, so a cache hit over HTTP costs no decoding either.
 */
const decodedReplies = new WeakMap<object, unknown>();

function unaryRoute(
  method: DescMethod,
  definition: grpc.MethodDefinition<unknown, unknown>,
  handler: grpc.handleUnaryCall<unknown, unknown>,
) {
  return async (request: unknown, ctx: HandlerContext) => {
    const bytes = toBinary(method.input, request as never);
    const outcome = await callUnary(definition, handler, bytes, bridgedCallOf(ctx));
    if (outcome.status !== undefined) throw connectErrorOf(outcome.status);
    const reusable = isReusable(outcome.reply);
    if (reusable) {
      const known = decodedReplies.get(outcome.reply);
      if (known !== undefined) return known;
    }
    const message = fromBinary(method.output, outcome.bytes);
    if (reusable) decodedReplies.set(outcome.reply, message);
    return message;
  };
}

function streamRoute(
  method: DescMethod,
  definition: grpc.MethodDefinition<unknown, unknown>,
  handler: grpc.handleServerStreamingCall<unknown, unknown>,
  highWater: number | undefined,
) {
  return async function* (request: unknown, ctx: HandlerContext) {
    const bytes = toBinary(method.input, request as never);
    const call = bridgedCallOf(ctx);
    for await (const chunk of callStream(definition, handler, bytes, call, highWater)) {
      yield fromBinary(method.output, chunk);
    }
  };
}

/**
 * Registers every method of the served services on a Connect router (Connect JSON and binary,
 * gRPC-Web): unary methods and server streams run the native port's own handlers through the
 * bridges. Client and bidirectional streams do not exist in the API.
 */
export function registerServices(
  router: ConnectRouter,
  services: readonly ServedService[],
  streamBuffer?: number,
): void {
  for (const service of services) {
    const desc = DESCRIPTORS.get(service.name);
    if (desc === undefined) continue;
    for (const method of desc.methods) {
      const definition = service.definition[method.name] as
        | grpc.MethodDefinition<unknown, unknown>
        | undefined;
      const handler = service.implementation[method.name];
      if (definition === undefined || handler === undefined) {
        router.rpc(method, (() => {
          throw new ConnectError(
            `${desc.typeName}/${method.name} is not served`,
            Code.Unimplemented,
          );
        }) as never);
        continue;
      }
      if (method.methodKind === "unary") {
        router.rpc(
          method,
          unaryRoute(
            method,
            definition,
            handler as grpc.handleUnaryCall<unknown, unknown>,
          ) as never,
        );
      } else if (method.methodKind === "server_streaming") {
        router.rpc(
          method,
          streamRoute(
            method,
            definition,
            handler as grpc.handleServerStreamingCall<unknown, unknown>,
            streamBuffer,
          ) as never,
        );
      }
    }
  }
}
