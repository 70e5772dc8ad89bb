import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";
import { ReflectionService } from "@grpc/reflection";
import { HealthImplementation, protoPath as healthProtoPath } from "grpc-health-check";
import { type ExtraService, HEALTH_SERVICE_NAME } from "./create-server.js";
import { loadProto, PROTO_LOADER_OPTIONS } from "./load-proto.js";

/** A gRPC server for services other than the public one (an admin-only or planner-only port). */
export interface ServiceServer {
  readonly server: grpc.Server;
  readonly health: HealthImplementation;
  readonly serviceNames: readonly string[];
  setServing(serving: boolean): void;
}

export interface CreateServiceServerOptions {
  readonly serverOptions?: grpc.ServerOptions | undefined;
  readonly wrapDefinition?: (<D extends grpc.ServiceDefinition>(definition: D) => D) | undefined;
}

/**
 * A grpc.Server with the given services, the health service (status for "" and each service,
 * NOT_SERVING until `setServing(true)`) and reflection for exactly those services: the same shape
 * as createServer's, without the public PromiseService.
 */
export function createServiceServer(
  services: readonly ExtraService[],
  options: CreateServiceServerOptions = {},
): ServiceServer {
  const { packageDefinition } = loadProto();
  const server = new grpc.Server(options.serverOptions);
  const wrap = options.wrapDefinition ?? (<D>(d: D) => d);
  for (const s of services) server.addService(wrap(s.definition), s.implementation);

  const serviceNames = services.map((s) => s.name);
  const health = new HealthImplementation(
    Object.fromEntries(["", ...serviceNames].map((name) => [name, "NOT_SERVING" as const])),
  );
  health.addToServer(server);
  const healthDefinition = protoLoader.loadSync(healthProtoPath, PROTO_LOADER_OPTIONS);
  new ReflectionService(
    { ...packageDefinition, ...healthDefinition },
    { services: [...serviceNames, HEALTH_SERVICE_NAME] },
  ).addToServer(server);

  return {
    server,
    health,
    serviceNames,
    setServing(serving) {
      const status = serving ? "SERVING" : "NOT_SERVING";
      health.setStatus("", status);
      for (const name of serviceNames) health.setStatus(name, status);
    },
  };
}
