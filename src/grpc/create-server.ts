import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";
import { ReflectionService } from "@grpc/reflection";
import { HealthImplementation, protoPath as healthProtoPath } from "grpc-health-check";
import { loadProto, PROMISE_SERVICE_NAME, PROTO_LOADER_OPTIONS } from "./load-proto.js";
import { withEstimateEncoders } from "./memoized-encoding.js";
import {
  createPromiseService,
  type PromiseService,
  type PromiseServiceDeps,
} from "./promise-service.js";

export const HEALTH_SERVICE_NAME = "grpc.health.v1.Health";

/** A further service to serve on the same server (the admin service, the planner). */
export interface ExtraService {
  /** Fully qualified, for example `promise.v1.AdminService`. */
  readonly name: string;
  readonly definition: grpc.ServiceDefinition;
  readonly implementation: grpc.UntypedServiceImplementation;
}

export interface CreateServerOptions extends PromiseServiceDeps {
  readonly extraServices?: readonly ExtraService[] | undefined;
  readonly serverOptions?: grpc.ServerOptions | undefined;
  /**
   * Applied to every served definition (PromiseService and the extras) before it is added; the
   * hardened servers of service-endpoints.ts pass guardRequestDecoding.
   */
  readonly wrapDefinition?: (<D extends grpc.ServiceDefinition>(definition: D) => D) | undefined;
}

export interface PromiseServer {
  readonly server: grpc.Server;
  readonly health: HealthImplementation;
  readonly promiseService: PromiseService;
  /** Every served service name (health statuses are kept for these and for ""). */
  readonly serviceNames: readonly string[];
  /** Sets the status of "" and every served service (NOT_SERVING when draining). */
  setServing(serving: boolean): void;
}

/**
 * A grpc.Server with the public PromiseService, any extra services, the standard health service
 * (status for "" and each service) and server reflection (v1 and v1alpha) describing exactly the
 * served services. Health starts NOT_SERVING; `startServer` turns it SERVING once bound.
 */
export function createServer(options: CreateServerOptions): PromiseServer {
  const { packageDefinition, proto } = loadProto();
  const server = new grpc.Server(options.serverOptions);

  const promiseService = createPromiseService(options);
  const definition = withEstimateEncoders(proto.promise.v1.PromiseService.service);
  const wrap = options.wrapDefinition ?? (<D>(d: D) => d);
  server.addService(wrap(definition), promiseService.handlers);
  const extras = options.extraServices ?? [];
  for (const extra of extras) server.addService(wrap(extra.definition), extra.implementation);

  const serviceNames = [PROMISE_SERVICE_NAME, ...extras.map((e) => e.name)];
  const health = new HealthImplementation(
    Object.fromEntries(["", ...serviceNames].map((name) => [name, "NOT_SERVING" as const])),
  );
  health.addToServer(server);

  const healthDefinition = protoLoader.loadSync(healthProtoPath, PROTO_LOADER_OPTIONS);
  const reflection = new ReflectionService(
    { ...packageDefinition, ...healthDefinition },
    { services: [...serviceNames, HEALTH_SERVICE_NAME] },
  );
  reflection.addToServer(server);

  return {
    server,
    health,
    promiseService,
    serviceNames,
    setServing(serving) {
      const status = serving ? "SERVING" : "NOT_SERVING";
      health.setStatus("", status);
      for (const name of serviceNames) health.setStatus(name, status);
    },
  };
}

/**
 * Binds the server to `address` (for example `127.0.0.1:0` for any free port), marks it SERVING
 * and returns the bound port.
 */
export function startServer(
  parts: PromiseServer,
  address: string,
  credentials: grpc.ServerCredentials = grpc.ServerCredentials.createInsecure(),
): Promise<number> {
  return new Promise((resolve, reject) => {
    parts.server.bindAsync(address, credentials, (err, port) => {
      if (err) {
        reject(err);
        return;
      }
      parts.setServing(true);
      resolve(port);
    });
  });
}

/**
 * Drains: health NOT_SERVING, then waits for in-flight calls (new calls are refused); after
 * `graceMs` the remaining calls are cut off.
 */
export function stopServer(parts: PromiseServer, graceMs = 10_000): Promise<void> {
  parts.setServing(false);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      parts.server.forceShutdown();
      resolve();
    }, graceMs);
    timer.unref();
    parts.server.tryShutdown(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}
