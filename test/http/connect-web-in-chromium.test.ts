import { existsSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/config.js";
import { createLogger, type RunningService, startService } from "../../src/main.js";
import { FIXTURE_NETWORK, NOW_ISO } from "../grpc/grpc-test-helpers.js";
import { tempSqlitePath } from "../support/temp-dir.js";

const CHROMIUM = "/usr/bin/chromium";
const SCRIPT = fileURLToPath(new URL("./fixtures/estimate-page-script.ts", import.meta.url));
const PAGE =
  '<!doctype html><meta charset="utf-8"><title>shop</title><script type="module" src="/app.js"></script>';

/** A storefront origin: serves the page and its bundled script. */
async function pageServer(script: string): Promise<{ server: Server; origin: string }> {
  const server = createServer((req, res) => {
    if (req.url?.startsWith("/app.js")) {
      res.writeHead(200, { "content-type": "text/javascript" }).end(script);
    } else {
      res.writeHead(200, { "content-type": "text/html" }).end(PAGE);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** What the page script leaves on its global object. */
type Outcome = { ok: boolean; options?: string[]; error?: string };

const skip = !existsSync(CHROMIUM) && !process.env.CI;
let service: RunningService;
let allowed: { server: Server; origin: string };
let other: { server: Server; origin: string };
let browser: Browser;
let edge: string;

describe.skipIf(skip)("a storefront page in headless Chromium", () => {
  beforeAll(async () => {
    const bundle = await build({
      entryPoints: [SCRIPT],
      bundle: true,
      write: false,
      format: "esm",
      platform: "browser",
      target: "es2022",
      // the client package from its sources, as the other tests use it
      conditions: ["@promise/source"],
    });
    const script = bundle.outputFiles[0]!.text;
    allowed = await pageServer(script);
    other = await pageServer(script);
    const config = loadConfig({
      PROMISE_ADDRESS: "127.0.0.1:0",
      PROMISE_HTTP_ADDRESS: "127.0.0.1:0",
      PROMISE_HTTP_CORS_ORIGINS: allowed.origin,
      PROMISE_SQLITE_PATH: tempSqlitePath(),
      PROMISE_NETWORK_FILE: FIXTURE_NETWORK,
      PROMISE_FIXED_NOW: NOW_ISO,
      PROMISE_LOG_LEVEL: "silent",
    });
    service = await startService(config, createLogger(config));
    edge = `http://127.0.0.1:${service.httpEdge!.port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    allowed?.server.close();
    other?.server.close();
    await service?.stop(1000);
  });

  async function outcomeFrom(origin: string, via = "connect-web") {
    const page = await browser.newPage();
    try {
      await page.goto(`${origin}/?edge=${encodeURIComponent(edge)}&via=${via}`);
      await page.waitForFunction(
        () => (globalThis as { estimateOutcome?: unknown }).estimateOutcome !== undefined,
        undefined,
        {
          timeout: 15_000,
        },
      );
      // Serialized into the page: no closure over this module.
      return await page.evaluate(
        () => (globalThis as { estimateOutcome?: Outcome }).estimateOutcome,
      );
    } finally {
      await page.close();
    }
  }

  it("calls Estimate through connect-web from an allowed origin and gets Kerry and EMS", async () => {
    expect(await outcomeFrom(allowed.origin)).toEqual({
      ok: true,
      options: ["kerry-express Fri 27 Nov", "thpost-ems Fri 27 Nov - Mon 30 Nov"],
    });
  }, 30_000);

  it("calls Estimate over gRPC-Web through the client package's browser build and gets Kerry and EMS", async () => {
    expect(await outcomeFrom(allowed.origin, "client-grpc-web")).toEqual({
      ok: true,
      options: ["kerry-express Fri 27 Nov", "thpost-ems Fri 27 Nov - Mon 30 Nov"],
    });
  }, 30_000);

  it("is refused by the browser from an origin that is not on the allow-list", async () => {
    const outcome = await outcomeFrom(other.origin);
    expect(outcome?.ok).toBe(false);
    // The browser hides the answer: connect-web sees a failed fetch, not an estimate.
    expect(outcome).toMatchObject({ error: expect.stringMatching(/fetch/i) });
  }, 30_000);
});
