import { Writable } from "node:stream";
import * as grpc from "@grpc/grpc-js";
import { type Logger, pino } from "pino";
import type { AccessTokenSpec } from "../../src/config/access-token-schema.js";
import { fixedClock } from "../../src/config/clock.js";
import { loadConfig } from "../../src/config/config.js";
import { AccessTokens } from "../../src/grpc/access-tokens.js";
import type { ExtraService } from "../../src/grpc/create-server.js";
import { loadProto } from "../../src/grpc/load-proto.js";
import { type ServiceEndpoints, startEndpoints } from "../../src/grpc/service-endpoints.js";
import { loadNetworkFile } from "../../src/network/load-network-file.js";
import type { CallStats } from "../../src/observability/call-stats.js";
import { LiveView } from "../../src/view/live-view.js";
import { FIXTURE_NETWORK, NOW_ISO } from "./grpc-test-helpers.js";

export const ADMIN_TOKEN = "admin-token-0123456789abcdef";
export const PLANNER_TOKEN = "planner-token-0123456789abcdef";

export const TEST_TOKENS: AccessTokenSpec[] = [
  { name: "ops", role: "admin", token: ADMIN_TOKEN },
  { name: "analyst", role: "planner", token: PLANNER_TOKEN },
];

/** Log lines written by a pino logger, parsed. */
export class LogLines {
  readonly lines: Array<Record<string, unknown>> = [];
  readonly logger: Logger;

  constructor(level: pino.Level = "info") {
    const sink = new Writable({
      write: (chunk: Buffer, _encoding, done) => {
        for (const line of chunk.toString("utf8").split("\n")) {
          if (line.trim() !== "") this.lines.push(JSON.parse(line) as Record<string, unknown>);
        }
        done();
      },
    });
    this.logger = pino({ level }, sink);
  }

  withMsg(msg: string): Array<Record<string, unknown>> {
    return this.lines.filter((l) => l["msg"] === msg);
  }
}

/**
 * Stand-ins for the admin service and the planner that only record that their handler ran: the
 * tests below are about what happens before a handler (auth, deadlines, decoding, draining).
 */
export class RecordingServices {
  readonly ran: string[] = [];
  /** Calls of AdminService.SetBookedLoad wait here until released (for drain tests). */
  readonly held: Array<() => void> = [];

  admin(): ExtraService {
    const { proto } = loadProto();
    const record =
      (name: string) =>
      (_call: unknown, callback: grpc.sendUnaryData<object>): void => {
        this.ran.push(name);
        callback(null, {});
      };
    return {
      name: "promise.v1.AdminService",
      definition: proto.promise.v1.AdminService.service,
      implementation: {
        UpsertStock: (_call: unknown, callback: grpc.sendUnaryData<object>) => {
          this.ran.push("UpsertStock");
          callback(null, { applied: 0, stale: 0 });
        },
        SetCapacity: record("SetCapacity"),
        SetBookedLoad: (_call: unknown, callback: grpc.sendUnaryData<object>) => {
          this.ran.push("SetBookedLoad");
          this.held.push(() => callback(null, {}));
        },
        ReloadNetwork: record("ReloadNetwork"),
      },
    };
  }

  planner(): ExtraService {
    const { proto } = loadProto();
    return {
      name: "promise.v1.PeakPlannerService",
      definition: proto.promise.v1.PeakPlannerService.service,
      implementation: {
        Simulate: (call: grpc.ServerWritableStream<object, object>) => {
          this.ran.push("Simulate");
          call.write({ progress: { daysDone: 1, daysTotal: 1, fraction: 1, stage: "promising" } });
          call.end();
        },
      },
    };
  }
}

export interface HardenedServer {
  readonly endpoints: ServiceEndpoints;
  readonly live: LiveView;
  readonly services: RecordingServices;
  readonly log: LogLines;
  readonly publicAddress: string;
  addressOf(serviceName: string): string;
  stop(): Promise<boolean>;
}

export interface HardenedServerOptions {
  /** Environment settings on top of the defaults (for example PROMISE_ADMIN_ADDRESS). */
  readonly env?: Record<string, string>;
  /** Default: TEST_TOKENS. */
  readonly tokens?: readonly AccessTokenSpec[];
  readonly stats?: CallStats;
  /** Interceptors that run before the service's own (see startEndpoints). */
  readonly interceptors?: grpc.ServerInterceptor[];
}

/** The public service on the fixture network, with recording admin and planner services. */
export async function startHardened(options: HardenedServerOptions = {}): Promise<HardenedServer> {
  const config = loadConfig({ PROMISE_ADDRESS: "127.0.0.1:0", ...options.env });
  const clock = fixedClock(Date.parse(NOW_ISO));
  const live = new LiveView({ file: loadNetworkFile(FIXTURE_NETWORK), clock });
  const services = new RecordingServices();
  const log = new LogLines();
  const tokens = options.tokens ?? TEST_TOKENS;
  const endpoints = await startEndpoints(
    config,
    {
      live,
      clock,
      logger: log.logger,
      batchItemLimit: config.batchItemLimit,
      estimateCacheSize: 100,
      extraServices: [services.admin(), services.planner()],
      serverOptions:
        options.interceptors === undefined ? undefined : { interceptors: options.interceptors },
    },
    {
      logger: log.logger,
      tokens: tokens.length === 0 ? AccessTokens.none() : AccessTokens.of(tokens),
      stats: options.stats,
    },
  );
  const host = (port: number) => `127.0.0.1:${port}`;
  return {
    endpoints,
    live,
    services,
    log,
    publicAddress: host(endpoints.endpoints[0]!.port),
    addressOf: (name) => host(endpoints.portOf(name)!),
    stop: () => endpoints.stop(1000),
  };
}

export interface RawReply {
  readonly code: grpc.status;
  readonly details: string;
  /** Response headers (or the trailers of an answer without headers). */
  readonly metadata: grpc.Metadata;
  readonly value: Buffer | undefined;
}

const identity = (b: Buffer) => b;

/** A unary call with raw bytes: any path, any bytes, any metadata; resolves with the status. */
export function rawUnary(
  client: grpc.Client,
  path: string,
  bytes: Buffer,
  metadata: grpc.Metadata = new grpc.Metadata(),
  deadlineMs = 10_000,
): Promise<RawReply> {
  return new Promise((resolve) => {
    let headers: grpc.Metadata | undefined;
    const call = client.makeUnaryRequest(
      path,
      identity,
      identity,
      bytes,
      metadata,
      { deadline: Date.now() + deadlineMs },
      (err, value) => {
        if (err) {
          resolve({
            code: err.code,
            details: err.details,
            metadata: headers ?? err.metadata,
            value: undefined,
          });
        } else {
          resolve({ code: grpc.status.OK, details: "", metadata: headers!, value });
        }
      },
    );
    call.on("metadata", (m: grpc.Metadata) => {
      headers = m;
    });
  });
}

/** The request bytes of a method (by path) for a plain object. */
export function encodeRequest(path: string, request: object): Buffer {
  const { packageDefinition } = loadProto();
  const [, service, method] = path.split("/");
  const definition = (packageDefinition[service!] as grpc.ServiceDefinition)[method!]!;
  return definition.requestSerialize(request);
}

export function bearer(token: string): grpc.Metadata {
  const metadata = new grpc.Metadata();
  metadata.set("authorization", `Bearer ${token}`);
  return metadata;
}

export function rawClient(
  address: string,
  credentials = grpc.credentials.createInsecure(),
  options?: grpc.ChannelOptions,
) {
  return new grpc.Client(address, credentials, options);
}

/** A server-streaming call with raw bytes; resolves with the status and the messages received. */
export function rawServerStream(
  client: grpc.Client,
  path: string,
  bytes: Buffer,
  metadata: grpc.Metadata = new grpc.Metadata(),
): Promise<{ code: grpc.status; details: string; messages: number }> {
  return new Promise((resolve) => {
    let messages = 0;
    const call = client.makeServerStreamRequest(path, identity, identity, bytes, metadata, {
      deadline: Date.now() + 10_000,
    });
    call.on("data", () => {
      messages++;
    });
    call.on("error", () => {});
    call.on("status", (status: grpc.StatusObject) => {
      resolve({ code: status.code, details: status.details, messages });
    });
  });
}
