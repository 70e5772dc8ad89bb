import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AccessTokens } from "../../src/grpc/access-tokens.js";
import { type HttpEdge, startHttpEdge } from "../../src/http/http-edge.js";
import { tempDir } from "../support/temp-dir.js";

let edge: HttpEdge;
let base: string;
const SCRIPT = "export class PromiseEstimate extends HTMLElement {}\n";
const DEMO = "<!doctype html><title>demo</title>\n";

beforeAll(async () => {
  const dir = tempDir().path;
  writeFileSync(join(dir, "promise-estimate.js"), SCRIPT);
  writeFileSync(join(dir, "demo.html"), DEMO);
  writeFileSync(join(dir, "notes.bak"), "not served");
  edge = await startHttpEdge({
    address: "127.0.0.1:0",
    services: [],
    logger: pino({ level: "silent" }),
    tokens: AccessTokens.none(),
    corsOrigins: ["https://shop.example"],
    readMaxBytes: 4096,
    writeMaxBytes: 4096,
    webDir: dir,
  });
  base = `http://127.0.0.1:${edge.port}`;
});

afterAll(() => edge?.close());

describe("the /widget/ route", () => {
  it("serves promise-estimate.js as a JavaScript module with its exact bytes", async () => {
    const res = await fetch(`${base}/widget/promise-estimate.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(await res.text()).toBe(SCRIPT);
  });

  it("serves demo.html as HTML", async () => {
    const res = await fetch(`${base}/widget/demo.html`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(await res.text()).toBe(DEMO);
  });

  it("answers 404 for an unknown file, a file of an unknown type and a path outside the folder", async () => {
    for (const path of [
      "/widget/nope.js",
      "/widget/notes.bak",
      "/widget/../package.json",
      "/widget/%2e%2e%2fpackage.json",
    ]) {
      expect((await fetch(`${base}${path}`)).status, path).toBe(404);
    }
  });

  it("gives an allowed origin its CORS header and another origin none", async () => {
    const allowed = await fetch(`${base}/widget/demo.html`, {
      headers: { origin: "https://shop.example" },
    });
    expect(allowed.headers.get("access-control-allow-origin")).toBe("https://shop.example");
    const other = await fetch(`${base}/widget/demo.html`, {
      headers: { origin: "https://evil.example" },
    });
    expect(other.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("answers a preflight from another origin with 403", async () => {
    const res = await fetch(`${base}/promise.v1.PromiseService/Estimate`, {
      method: "OPTIONS",
      headers: { origin: "https://evil.example", "access-control-request-method": "POST" },
    });
    expect(res.status).toBe(403);
    expect(res.headers.get("access-control-allow-origin")).toBeNull();
  });
});
