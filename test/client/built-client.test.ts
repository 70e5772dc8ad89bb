import { execFile } from "node:child_process";
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/config.js";
import { createLogger, type RunningService, startService } from "../../src/main.js";
import { FIXTURE_NETWORK, NOW_ISO } from "../grpc/grpc-test-helpers.js";
import { tempDir, tempSqlitePath } from "../support/temp-dir.js";

const run = promisify(execFile);
const REPO = fileURLToPath(new URL("../..", import.meta.url));
const PACKAGE = join(REPO, "packages", "client");
const TSC = join(REPO, "node_modules", "typescript", "bin", "tsc");

/**
 * A consumer of @promise/client as npm would install it: its own folder, the package linked into
 * its node_modules, plain `node` (no TypeScript loader) and no `@promise/source` condition, so
 * only the built JavaScript and declarations (package.json `exports`) can serve it.
 */
const CONSUMER_JS = `
import { DEFAULT_DEADLINES_MS, EstimateRequestSchema } from "@promise/client";
import { createPromiseClient } from "@promise/client/node";
const [grpcUrl, httpUrl] = process.argv.slice(2);
const request = {
  sku: "SKU-A",
  quantity: 2,
  destination: { countryCode: "TH", postalCode: "10110" },
  at: { seconds: BigInt(Date.parse("2026-11-26T03:00:00Z") / 1000), nanos: 0 },
  locale: "en-GB",
};
const out = { schema: EstimateRequestSchema.typeName, estimateDeadline: DEFAULT_DEADLINES_MS.Estimate };
for (const [name, client] of [
  ["grpc", createPromiseClient({ baseUrl: grpcUrl })],
  ["connect", createPromiseClient({ baseUrl: httpUrl, protocol: "connect" })],
]) {
  // (a generous deadline: the test machine may be loaded; the default is checked elsewhere)
  const reply = await client.estimate(request, { timeoutMs: 30000 });
  out[name] = reply.options.map((o) => o.serviceId + " " + o.deliveryLabel + " " + o.price.units);
}
console.log(JSON.stringify(out));
`;

/** The same consumer in TypeScript, type-checked against the built declarations only. */
const CONSUMER_TS = `
import { type EstimateResponse, mayRetry } from "@promise/client";
import { createPromiseClient } from "@promise/client/node";
import { createPromiseClient as createWebClient } from "@promise/client/web";
const client = createPromiseClient({ baseUrl: "http://127.0.0.1:1", protocol: "connect" });
const web = createWebClient({ baseUrl: "http://127.0.0.1:1", protocol: "grpc-web" });
export async function first(): Promise<bigint | undefined> {
  const reply: EstimateResponse = await client.estimate({ sku: "SKU-A", quantity: 1 });
  await web.estimate({ sku: "SKU-A", quantity: 1 });
  return reply.options[0]?.price?.units;
}
export const retries: boolean = mayRetry("Estimate", {});
`;

const TSCONFIG = {
  compilerOptions: {
    target: "ES2022",
    lib: ["ES2023", "DOM"],
    module: "NodeNext",
    moduleResolution: "NodeNext",
    strict: true,
    noEmit: true,
    types: [],
  },
  files: ["consumer.ts"],
};

let service: RunningService;
let consumer: { path: string; remove(): void };

beforeAll(async () => {
  // The package's own build script: `tsc` into packages/client/dist.
  await run("npm", ["run", "build"], { cwd: PACKAGE });
  consumer = tempDir("promise-client-consumer-");
  mkdirSync(join(consumer.path, "node_modules", "@promise"), { recursive: true });
  symlinkSync(PACKAGE, join(consumer.path, "node_modules", "@promise", "client"), "dir");
  writeFileSync(join(consumer.path, "package.json"), '{ "type": "module" }\n');
  writeFileSync(join(consumer.path, "consumer.mjs"), CONSUMER_JS);
  writeFileSync(join(consumer.path, "consumer.ts"), CONSUMER_TS);
  writeFileSync(join(consumer.path, "tsconfig.json"), JSON.stringify(TSCONFIG));
  const config = loadConfig({
    PROMISE_ADDRESS: "127.0.0.1:0",
    PROMISE_HTTP_ADDRESS: "127.0.0.1:0",
    PROMISE_SQLITE_PATH: tempSqlitePath(),
    PROMISE_NETWORK_FILE: FIXTURE_NETWORK,
    PROMISE_FIXED_NOW: NOW_ISO,
    PROMISE_LOG_LEVEL: "silent",
  });
  service = await startService(config, createLogger(config));
}, 180_000);

afterAll(async () => {
  await service?.stop(1000);
  consumer?.remove();
});

describe("the built @promise/client", () => {
  it("runs in plain Node from its JavaScript: Kerry and EMS over native gRPC and over Connect", async () => {
    const { stdout } = await run(
      process.execPath,
      [
        "consumer.mjs",
        `http://127.0.0.1:${service.port}`,
        `http://127.0.0.1:${service.httpEdge!.port}`,
      ],
      { cwd: consumer.path },
    );
    const kerryAndEms = ["kerry-express Fri 27 Nov 40", "thpost-ems Fri 27 Nov - Mon 30 Nov 32"];
    expect(JSON.parse(stdout)).toEqual({
      schema: "promise.v1.EstimateRequest",
      estimateDeadline: 1000,
      grpc: kerryAndEms,
      connect: kerryAndEms,
    });
  }, 60_000);

  it("type-checks a TypeScript consumer against its declarations alone", async () => {
    await run(process.execPath, [TSC, "-p", "tsconfig.json"], { cwd: consumer.path });
  }, 120_000);

  it("rejects a consumer that misuses its types (the check above can fail)", async () => {
    writeFileSync(
      join(consumer.path, "wrong.ts"),
      'import { createPromiseClient } from "@promise/client/node";\n' +
        'export const c = createPromiseClient({ baseUrl: "x", protocol: "grpc-web" });\n',
    );
    writeFileSync(
      join(consumer.path, "tsconfig.wrong.json"),
      JSON.stringify({ ...TSCONFIG, files: ["wrong.ts"] }),
    );
    const failed = await run(process.execPath, [TSC, "-p", "tsconfig.wrong.json"], {
      cwd: consumer.path,
    }).then(
      () => "",
      (err: { stdout: string }) => err.stdout,
    );
    expect(failed).toMatch(/wrong\.ts\(2,\d+\): error TS2322: Type '"grpc-web"' is not assignable/);
  }, 120_000);

  it("bundles for browsers from @promise/client/web with no Node built-in", async () => {
    const bundle = await build({
      stdin: {
        contents:
          'import { createPromiseClient } from "@promise/client/web";\n' +
          'globalThis.client = createPromiseClient({ baseUrl: "https://promise.example" });\n',
        resolveDir: consumer.path,
        loader: "js",
      },
      bundle: true,
      write: false,
      format: "esm",
      platform: "browser",
      metafile: true,
    });
    const inputs = Object.keys(bundle.metafile.inputs);
    // (esbuild names files by their real path: the link resolves into packages/client)
    expect(inputs).toContain("packages/client/dist/web.js");
    expect(inputs.filter((path) => path.startsWith("packages/client/src/"))).toEqual([]);
    expect(inputs.some((path) => path.includes("connect-web"))).toBe(true);
    expect(inputs.filter((path) => /connect-node|^node:/.test(path))).toEqual([]);
  });
});
