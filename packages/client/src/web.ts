import type { Interceptor } from "@connectrpc/connect";
import { createConnectTransport, createGrpcWebTransport } from "@connectrpc/connect-web";
import { type RetryOptions, retryInterceptor } from "./call-policy.js";
import { type ClientPolicy, type PromiseClient, promiseClientOver } from "./promise-client.js";

export interface WebClientOptions extends ClientPolicy {
  /** The HTTP edge's base URL (PROMISE_HTTP_ADDRESS), for example `https://promise.example`. */
  readonly baseUrl: string;
  /** `connect` (default, JSON) or `grpc-web` (binary). */
  readonly protocol?: "connect" | "grpc-web";
  readonly retry?: RetryOptions;
  readonly interceptors?: readonly Interceptor[];
}

/** A typed PromiseService client for browsers (fetch): Connect JSON or gRPC-Web. */
export function createPromiseClient(options: WebClientOptions): PromiseClient {
  const interceptors = [retryInterceptor(options.retry), ...(options.interceptors ?? [])];
  const transport =
    options.protocol === "grpc-web"
      ? createGrpcWebTransport({ baseUrl: options.baseUrl, interceptors })
      : createConnectTransport({ baseUrl: options.baseUrl, interceptors });
  return promiseClientOver(transport, options);
}

export type { PromiseClient } from "./promise-client.js";
