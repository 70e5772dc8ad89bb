import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";
import { protoPath as healthProtoPath } from "grpc-health-check";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedClock } from "../../src/config/clock.js";
import {
  createServer,
  type PromiseServer,
  startServer,
  stopServer,
} from "../../src/grpc/create-server.js";
import { loadNetworkFile } from "../../src/network/load-network-file.js";
import { LiveView } from "../../src/view/live-view.js";
import { FIXTURE_NETWORK, NOW_ISO } from "./grpc-test-helpers.js";

const require = createRequire(import.meta.url);
const reflectionProtoDir = join(dirname(require.resolve("@grpc/reflection")), "..", "proto");

interface HealthClient extends grpc.Client {
  Check(
    request: { service: string },
    callback: (err: grpc.ServiceError | null, reply?: { status: string }) => void,
  ): void;
}

interface ReflectionReply {
  listServicesResponse?: { service: Array<{ name: string }> };
  fileDescriptorResponse?: { fileDescriptorProto: Buffer[] };
  errorResponse?: { errorCode: number; errorMessage: string };
}

interface ReflectionClient extends grpc.Client {
  ServerReflectionInfo(): grpc.ClientDuplexStream<Record<string, string>, ReflectionReply>;
}

const options = { keepCase: false, longs: Number, enums: String, defaults: true, oneofs: true };

function loadClientConstructor(file: string, includeDirs: string[], path: string[]) {
  const pkg = grpc.loadPackageDefinition(protoLoader.loadSync(file, { ...options, includeDirs }));
  let node: unknown = pkg;
  for (const part of path) node = (node as Record<string, unknown>)[part];
  return node as grpc.ServiceClientConstructor;
}

let parts: PromiseServer;
let live: LiveView;
let address: string;

beforeAll(async () => {
  const clock = fixedClock(Date.parse(NOW_ISO));
  live = new LiveView({ file: loadNetworkFile(FIXTURE_NETWORK), clock });
  parts = createServer({
    live,
    clock,
    logger: pino({ level: "silent" }),
    batchItemLimit: 100,
    estimateCacheSize: 100,
  });
  const port = await startServer(parts, "127.0.0.1:0");
  address = `127.0.0.1:${port}`;
});

afterAll(async () => {
  await stopServer(parts, 1000);
});

function check(client: HealthClient, service: string): Promise<string> {
  return new Promise((resolve, reject) => {
    client.Check({ service }, (err, reply) => {
      if (err) reject(err);
      else resolve(reply!.status);
    });
  });
}

describe("grpc health", () => {
  it("reports SERVING for the server and for promise.v1.PromiseService, and NOT_FOUND for others", async () => {
    const Health = loadClientConstructor(healthProtoPath, [], ["grpc", "health", "v1", "Health"]);
    const client = new Health(
      address,
      grpc.credentials.createInsecure(),
    ) as unknown as HealthClient;
    try {
      expect(await check(client, "")).toBe("SERVING");
      expect(await check(client, "promise.v1.PromiseService")).toBe("SERVING");
      const err = await check(client, "no.such.Service").catch((e: grpc.ServiceError) => e);
      expect((err as grpc.ServiceError).code).toBe(grpc.status.NOT_FOUND);

      parts.setServing(false);
      expect(await check(client, "")).toBe("NOT_SERVING");
      expect(await check(client, "promise.v1.PromiseService")).toBe("NOT_SERVING");
      parts.setServing(true);
      expect(await check(client, "")).toBe("SERVING");
    } finally {
      client.close();
    }
  });
});

function reflect(
  version: "v1" | "v1alpha",
  requests: Array<Record<string, string>>,
): Promise<ReflectionReply[]> {
  const Reflection = loadClientConstructor(
    join(reflectionProtoDir, "grpc", "reflection", version, "reflection.proto"),
    [],
    ["grpc", "reflection", version, "ServerReflection"],
  );
  const client = new Reflection(
    address,
    grpc.credentials.createInsecure(),
  ) as unknown as ReflectionClient;
  return new Promise((resolve, reject) => {
    const replies: ReflectionReply[] = [];
    const stream = client.ServerReflectionInfo();
    stream.on("data", (reply: ReflectionReply) => {
      replies.push(reply);
      if (replies.length === requests.length) stream.end();
    });
    stream.on("error", (err) => {
      client.close();
      reject(err);
    });
    stream.on("end", () => {
      client.close();
      resolve(replies);
    });
    for (const request of requests) stream.write(request);
  });
}

describe("server reflection", () => {
  for (const version of ["v1", "v1alpha"] as const) {
    it(`lists the public and health services over reflection ${version}`, async () => {
      const [reply] = await reflect(version, [{ listServices: "*" }]);
      const names = reply?.listServicesResponse?.service.map((s) => s.name).sort();
      expect(names).toEqual(["grpc.health.v1.Health", "promise.v1.PromiseService"]);
    });
  }

  it("describes promise.v1.PromiseService so tools can call it without our proto", async () => {
    const [reply] = await reflect("v1", [{ fileContainingSymbol: "promise.v1.PromiseService" }]);
    const files = reply?.fileDescriptorResponse?.fileDescriptorProto ?? [];
    expect(files.length).toBeGreaterThan(0);
    const text = Buffer.concat(files).toString("latin1");
    expect(text).toContain("PromiseService");
    expect(text).toContain("EstimateBatch");
  });
});
