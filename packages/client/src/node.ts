import type { Interceptor } from "@connectrpc/connect";
import { createConnectTransport, createGrpcTransport } from "@connectrpc/connect-node";
import { type RetryOptions, retryInterceptor } from "./call-policy.js";
import { type ClientPolicy, type PromiseClient, promiseClientOver } from "./promise-client.js";

export interface NodeClientOptions extends ClientPolicy {
  /** `http://host:50051` (native gRPC port) or, for `connect`, the HTTP edge's base URL. */
  readonly baseUrl: string;
  /** `grpc` (default): native gRPC over HTTP/2; `connect`: the Connect protocol over HTTP/1.1. */
  readonly protocol?: "grpc" | "connect";
  readonly retry?: RetryOptions;
  /** Further interceptors (for example one adding a bearer token), run inside the retries. */
  readonly interceptors?: readonly Interceptor[];
}

/** A typed PromiseService client for Node: native gRPC by default, with deadlines and retries. */
export function createPromiseClient(options: NodeClientOptions): PromiseClient {
  const interceptors = [retryInterceptor(options.retry), ...(options.interceptors ?? [])];
  const transport =
    options.protocol === "connect"
      ? createConnectTransport({ baseUrl: options.baseUrl, httpVersion: "1.1", interceptors })
      : createGrpcTransport({ baseUrl: options.baseUrl, interceptors });
  return promiseClientOver(transport, options);
}

export type { PromiseClient } from "./promise-client.js";
