import type * as grpc from "@grpc/grpc-js";
import type { Logger } from "pino";
import type { Config } from "../config/config.js";
import type { CallStats } from "../observability/call-stats.js";
import { ADMIN_SERVICE_NAME, PLANNER_SERVICE_NAME } from "./access-policy.js";
import type { AccessTokens } from "./access-tokens.js";
import { createAuthInterceptor } from "./auth-interceptor.js";
import { createCallInterceptor } from "./call-interceptor.js";
import {
  type CreateServerOptions,
  createServer,
  type ExtraService,
  type PromiseServer,
} from "./create-server.js";
import { createServiceServer, type ServiceServer } from "./create-service-server.js";
import { guardRequestDecoding } from "./guard-request-decoding.js";
import { PROMISE_SERVICE_NAME } from "./load-proto.js";
import { createServerCredentials } from "./server-credentials.js";

/** The settings that shape the gRPC ports. */
export type EndpointConfig = Pick<
  Config,
  | "address"
  | "adminAddress"
  | "plannerAddress"
  | "maxReceiveMessageBytes"
  | "maxSendMessageBytes"
  | "tlsCertFile"
  | "tlsKeyFile"
  | "tlsClientCaFile"
  | "insecureAdmin"
>;

export interface HardeningOptions {
  readonly logger: Logger;
  readonly tokens: AccessTokens;
  /** Where every call is counted and timed (Metrics.calls). */
  readonly stats?: CallStats | undefined;
}

/** One bound gRPC server. */
export interface Endpoint {
  /** The configured address (port 0 stays 0 here; see `port`). */
  readonly address: string;
  readonly port: number;
  readonly serviceNames: readonly string[];
  readonly parts: ServiceServer;
}

export interface ServiceEndpoints {
  /** The server with the public PromiseService (and any service without its own address). */
  readonly public: PromiseServer;
  /** Every bound server, the public one first. */
  readonly endpoints: readonly Endpoint[];
  /** The port a service is served on, by full name (undefined: not served). */
  portOf(serviceName: string): number | undefined;
  /** Health of "" and every service on every port. */
  setServing(serving: boolean): void;
  /**
   * Drains every port: health NOT_SERVING at once; after `drainDelayMs` new calls are refused
   * (GOAWAY) while in-flight calls finish; whatever still runs `graceMs` after the start (delay
   * included) is cut off. Resolves true when every call finished by itself.
   */
  stop(graceMs: number, drainDelayMs?: number): Promise<boolean>;
}

/** Where a service is served: its own address when one is configured, else the public one. */
export function addressOfService(config: EndpointConfig, serviceName: string): string | undefined {
  if (serviceName === ADMIN_SERVICE_NAME) return config.adminAddress;
  if (serviceName === PLANNER_SERVICE_NAME) return config.plannerAddress;
  return undefined;
}

function bind(
  server: grpc.Server,
  address: string,
  credentials: grpc.ServerCredentials,
): Promise<number> {
  return new Promise((resolve, reject) => {
    server.bindAsync(address, credentials, (err, port) => (err ? reject(err) : resolve(port)));
  });
}

function drain(server: grpc.Server, graceMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      server.forceShutdown();
      resolve(false);
    }, graceMs);
    timer.unref();
    server.tryShutdown(() => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/**
 * Creates and binds the service's gRPC servers:
 * - the public server (createServer: PromiseService, health, reflection) on `address`, with the
 *   extra services that have no address of their own;
 * - one server per distinct PROMISE_ADMIN_ADDRESS / PROMISE_PLANNER_ADDRESS (the same address
 *   for both: one server), with those services, health and reflection.
 *
 * Every server gets the same hardening: TLS or mutual TLS from the config, the message size
 * limits, guarded request decoding, and the interceptors — any in `options.serverOptions` first,
 * then the call interceptor (request id, deadline check, log line, metrics), then the auth
 * interceptor (bearer tokens on the admin service and the planner). Health turns SERVING once
 * every server is bound; if one cannot bind, the others are shut down and the error is thrown.
 */
export async function startEndpoints(
  config: EndpointConfig,
  options: CreateServerOptions,
  hardening: HardeningOptions,
): Promise<ServiceEndpoints> {
  const interceptors = [
    ...(options.serverOptions?.interceptors ?? []),
    createCallInterceptor({ logger: hardening.logger, stats: hardening.stats }),
    createAuthInterceptor({ tokens: hardening.tokens, insecure: config.insecureAdmin }),
  ];
  const serverOptions: grpc.ServerOptions = {
    ...options.serverOptions,
    "grpc.max_receive_message_length": config.maxReceiveMessageBytes,
    "grpc.max_send_message_length": config.maxSendMessageBytes,
    interceptors,
  };

  const onPublic: ExtraService[] = [];
  const byAddress = new Map<string, ExtraService[]>();
  for (const extra of options.extraServices ?? []) {
    const own = addressOfService(config, extra.name);
    if (own === undefined) {
      onPublic.push(extra);
    } else {
      const list = byAddress.get(own) ?? [];
      list.push(extra);
      byAddress.set(own, list);
    }
  }

  const publicServer = createServer({
    ...options,
    extraServices: onPublic,
    serverOptions,
    wrapDefinition: guardRequestDecoding,
  });
  const planned: Array<{ address: string; parts: ServiceServer }> = [
    { address: config.address, parts: publicServer },
  ];
  for (const [address, services] of byAddress) {
    planned.push({
      address,
      parts: createServiceServer(services, { serverOptions, wrapDefinition: guardRequestDecoding }),
    });
  }

  const endpoints: Endpoint[] = [];
  try {
    for (const { address, parts } of planned) {
      const port = await bind(parts.server, address, createServerCredentials(config));
      endpoints.push({ address, port, serviceNames: parts.serviceNames, parts });
    }
  } catch (err) {
    for (const { parts } of planned) parts.server.forceShutdown();
    throw err;
  }

  const setServing = (serving: boolean) => {
    for (const e of endpoints) e.parts.setServing(serving);
  };
  setServing(true);

  return {
    public: publicServer,
    endpoints,
    portOf(serviceName) {
      if (serviceName === PROMISE_SERVICE_NAME) return endpoints[0]!.port;
      return endpoints.find((e) => e.serviceNames.includes(serviceName))?.port;
    },
    setServing,
    async stop(graceMs, drainDelayMs = 0) {
      const startedAt = Date.now();
      setServing(false);
      if (drainDelayMs > 0) await sleep(Math.min(drainDelayMs, graceMs));
      const left = Math.max(0, graceMs - (Date.now() - startedAt));
      const clean = await Promise.all(endpoints.map((e) => drain(e.parts.server, left)));
      return clean.every(Boolean);
    },
  };
}
