import * as http2 from "node:http2";
import { Writable } from "node:stream";
import * as grpc from "@grpc/grpc-js";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { CallLog } from "../../src/observability/call-log.js";
import { LineBuffer } from "../../src/observability/line-buffer.js";
import { RequestIds } from "../../src/observability/request-ids.js";
import {
  encodeRequest,
  type HardenedServer,
  rawClient,
  rawUnary,
  startHardened,
} from "../grpc/hardening-helpers.js";

const ESTIMATE = "/promise.v1.PromiseService/Estimate";
/** A made request id: the process's 8-character random prefix, a dot, a base-36 counter. */
const MADE_ID = /^([A-Za-z0-9_-]{8})\.([0-9a-z]+)$/;

const estimateOf = (sku: string) =>
  encodeRequest(ESTIMATE, {
    sku,
    quantity: 1,
    destination: { countryCode: "TH", postalCode: "10110" },
  });

function withRequestId(id: string): grpc.Metadata {
  const m = new grpc.Metadata();
  m.set("x-request-id", id);
  return m;
}

let s: HardenedServer;
let client: grpc.Client;

beforeAll(async () => {
  s = await startHardened();
  client = rawClient(s.publicAddress);
});

afterAll(async () => {
  client.close();
  await s.stop();
});

const callLines = (requestId: string) =>
  s.log.withMsg("call").filter((l) => l["requestId"] === requestId);

describe("one log line per call", () => {
  it("logs method, status, duration and the caller's request id, and echoes the id", async () => {
    const reply = await rawUnary(client, ESTIMATE, estimateOf("SKU-A"), withRequestId("req-42"));
    expect(reply.code).toBe(grpc.status.OK);
    expect(reply.metadata.get("x-request-id")).toEqual(["req-42"]);
    const lines = callLines("req-42");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 30,
      msg: "call",
      method: "promise.v1.PromiseService/Estimate",
      status: "OK",
      grpcCode: 0,
      requestId: "req-42",
    });
    expect(typeof lines[0]!["durationMs"]).toBe("number");
    expect(lines[0]!["durationMs"] as number).toBeGreaterThanOrEqual(0);
  });

  it("makes a distinct request id for the log when the caller sends none (or an unusable one), and sends no x-request-id header back", async () => {
    const made: string[] = [];
    for (const metadata of [
      new grpc.Metadata(),
      withRequestId("has spaces"),
      withRequestId("x".repeat(200)),
      new grpc.Metadata(),
    ]) {
      const before = s.log.withMsg("call").length;
      const reply = await rawUnary(client, ESTIMATE, estimateOf("SKU-A"), metadata);
      expect(reply.code).toBe(grpc.status.OK);
      expect(reply.metadata.get("x-request-id")).toEqual([]);
      const lines = s.log.withMsg("call").slice(before);
      expect(lines).toHaveLength(1);
      const id = String(lines[0]!["requestId"]);
      expect(id).toMatch(MADE_ID);
      made.push(id);
    }
    expect(new Set(made).size).toBe(made.length);
    // One process, one prefix: ids differ by their counter.
    expect(new Set(made.map((id) => MADE_ID.exec(id)![1])).size).toBe(1);
  });

  it("sends a made request id with an error status, matching the call's log line", async () => {
    const reply = await rawUnary(client, ESTIMATE, estimateOf("NO-SUCH-SKU"));
    expect(reply.code).toBe(grpc.status.NOT_FOUND);
    const [id] = reply.metadata.get("x-request-id");
    expect(String(id)).toMatch(MADE_ID);
    expect(callLines(String(id))).toEqual([
      expect.objectContaining({ status: "NOT_FOUND", grpcCode: grpc.status.NOT_FOUND }),
    ]);
  });

  it("sends the request id as a never-indexed header, so ids unique per call do not churn HPACK", async () => {
    const session = http2.connect(`http://${s.publicAddress}`);
    try {
      const headers = await new Promise<http2.IncomingHttpHeaders>((resolve, reject) => {
        const stream = session.request({
          ":method": "POST",
          ":path": ESTIMATE,
          "content-type": "application/grpc",
          te: "trailers",
          "x-request-id": "req-hpack",
        });
        stream.on("response", resolve);
        stream.on("error", reject);
        stream.on("data", () => {});
        const message = estimateOf("SKU-A");
        const frame = Buffer.alloc(5 + message.length);
        frame.writeUInt32BE(message.length, 1);
        message.copy(frame, 5);
        stream.end(frame);
      });
      expect(headers["x-request-id"]).toBe("req-hpack");
      const sensitive = (headers as { [http2.sensitiveHeaders]?: unknown })[http2.sensitiveHeaders];
      expect(sensitive).toEqual(["x-request-id"]);
    } finally {
      session.close();
    }
  });

  it("echoes the request id with an error status and logs the status", async () => {
    const reply = await rawUnary(
      client,
      ESTIMATE,
      estimateOf("NO-SUCH-SKU"),
      withRequestId("req-404"),
    );
    expect(reply.code).toBe(grpc.status.NOT_FOUND);
    expect(reply.metadata.get("x-request-id")).toEqual(["req-404"]);
    // the handler's own trailer survives next to it
    expect(reply.metadata.get("promise-field")).toEqual(["sku"]);
    expect(callLines("req-404")).toEqual([
      expect.objectContaining({ status: "NOT_FOUND", grpcCode: grpc.status.NOT_FOUND, level: 30 }),
    ]);
  });
});

describe("CallLog writes the line pino would write", () => {
  /** Raw lines written to a pino logger (with bindings, like the service's `service` field). */
  function capture(level: pino.Level = "info") {
    const raw: string[] = [];
    const sink = new Writable({
      write: (chunk: Buffer, _encoding, done) => {
        raw.push(chunk.toString("utf8"));
        done();
      },
    });
    const logger = pino({ level, base: { service: "promise" } }, sink);
    return { raw, logger };
  }

  const record = {
    method: "promise.v1.PromiseService/Estimate",
    status: "OK",
    grpcCode: 0,
    durationMs: 0.125,
    requestId: 'quote"and\\slash',
  };

  it("renders an info line as pino renders the same fields, key for key and in order", async () => {
    const fast = capture();
    new CallLog(fast.logger).write("info", { ...record, caller: "storefront" });
    const slow = capture();
    slow.logger.info({ ...record, caller: "storefront" }, "call");
    await new Promise((resolve) => setImmediate(resolve));
    expect(fast.raw).toHaveLength(1);
    expect(fast.raw[0]!.endsWith("}\n")).toBe(true);
    const a = JSON.parse(fast.raw[0]!) as Record<string, unknown>;
    const b = JSON.parse(slow.raw[0]!) as Record<string, unknown>;
    expect(Object.keys(a)).toEqual(Object.keys(b));
    expect({ ...a, time: 0 }).toEqual({ ...b, time: 0 });
    expect(a["requestId"]).toBe('quote"and\\slash');
  });

  it("leaves out the caller when there is none, writes nothing below the logger's level, and sends warnings through pino with the peer", async () => {
    const quiet = capture("warn");
    const log = new CallLog(quiet.logger);
    log.write("info", record);
    log.write("warn", { ...record, status: "UNAVAILABLE", grpcCode: 14, peer: "ipv4:1.2.3.4:5" });
    const loud = capture();
    new CallLog(loud.logger).write("info", record);
    await new Promise((resolve) => setImmediate(resolve));
    expect(quiet.raw).toHaveLength(1);
    expect(JSON.parse(quiet.raw[0]!)).toMatchObject({
      level: 40,
      status: "UNAVAILABLE",
      peer: "ipv4:1.2.3.4:5",
      service: "promise",
      msg: "call",
    });
    expect(Object.keys(JSON.parse(loud.raw[0]!) as object)).not.toContain("caller");
  });

  it("writes the same bytes as pino when its destination is a LineBuffer (the service's stdout), apart from the time", async () => {
    const written: string[] = [];
    const lines = new LineBuffer(
      { write: (bytes: Buffer) => written.push(bytes.toString("utf8")) },
      { minLength: 0, flushMs: 250 },
    );
    const fast = new CallLog(pino({ level: "info", base: { service: "promise" } }, lines));
    const cases = [
      { ...record },
      { ...record, durationMs: 12, requestId: "AbCdEfGh.1z", caller: "storefront" },
      { ...record, durationMs: 3.5, requestId: "req-42" },
      { ...record, durationMs: 1234.005, requestId: "id\u00fc-ü", caller: 'say "hi"' },
      { ...record, durationMs: 0.001, status: "NOT_FOUND", grpcCode: 5 },
    ];
    for (const c of cases) {
      const slow = capture();
      const before = Date.now();
      fast.write("info", c);
      const after = Date.now();
      slow.logger.info(c, "call");
      await new Promise((resolve) => setImmediate(resolve));
      const line = written.pop()!;
      const time = Number(/"time":(\d+),/.exec(line)![1]);
      expect(time).toBeGreaterThanOrEqual(before);
      expect(time).toBeLessThanOrEqual(after);
      expect(line).toBe(slow.raw[0]!.replace(/"time":\d+,/, `"time":${time},`));
    }
    expect(written).toEqual([]);
  });

  /** A CallLog writing to a LineBuffer that hands each line over at once, and the lines. */
  function bytesLog(ids?: RequestIds) {
    const written: string[] = [];
    const lines = new LineBuffer(
      { write: (bytes: Buffer) => written.push(bytes.toString("utf8")) },
      { minLength: 0, flushMs: 250 },
    );
    const logger = pino({ level: "info", base: { service: "promise" } }, lines);
    return { written, logger, log: new CallLog(logger, ids) };
  }

  it("writes a made request id given as its number as the id's text, as bytes and through pino", async () => {
    const ids = new RequestIds();
    const fast = bytesLog(ids);
    const n = ids.take();
    fast.log.call("info", record.method, 0, 0.25, n);
    fast.log.call("info", record.method, 0, 0.25, 1296, "storefront");
    expect(fast.written.map((l) => JSON.parse(l).requestId)).toEqual([
      `${ids.prefix}1`,
      `${ids.prefix}100`,
    ]);
    const time = Number(/"time":(\d+),/.exec(fast.written[1]!)![1]);
    expect(fast.written[1]).toBe(
      `{"level":30,"time":${time},"service":"promise","method":"promise.v1.PromiseService/Estimate","status":"OK","grpcCode":0,"durationMs":0.25,"requestId":"${ids.prefix}100","caller":"storefront","msg":"call"}\n`,
    );
    // Another destination (a stream) and another level take the string path: the same text.
    const slow = capture();
    const viaPino = new CallLog(slow.logger, ids);
    viaPino.call("info", record.method, 0, 0.25, 36);
    viaPino.call("warn", record.method, 14, 0.25, 37, undefined, "ipv4:1.2.3.4:5");
    await new Promise((resolve) => setImmediate(resolve));
    expect(slow.raw.map((l) => JSON.parse(l).requestId)).toEqual([
      `${ids.prefix}10`,
      `${ids.prefix}11`,
    ]);
  });

  it("writes each line's own time and the logger's current bindings when lines share a millisecond", () => {
    const now = vi.spyOn(Date, "now");
    try {
      const { written, logger, log } = bytesLog();
      const times = [1_765_000_000_000, 1_765_000_000_000, 1_765_000_000_001, 1_765_000_000_001];
      for (const [i, ms] of times.entries()) {
        now.mockReturnValue(ms);
        if (i === 3) logger.setBindings({ zone: "a" });
        log.call("info", record.method, 0, 1, `id-${i}`);
      }
      const tail = `,"method":"promise.v1.PromiseService/Estimate","status":"OK","grpcCode":0,"durationMs":1,"requestId"`;
      expect(written).toEqual([
        `{"level":30,"time":1765000000000,"service":"promise"${tail}:"id-0","msg":"call"}\n`,
        `{"level":30,"time":1765000000000,"service":"promise"${tail}:"id-1","msg":"call"}\n`,
        `{"level":30,"time":1765000000001,"service":"promise"${tail}:"id-2","msg":"call"}\n`,
        `{"level":30,"time":1765000000001,"service":"promise","zone":"a"${tail}:"id-3","msg":"call"}\n`,
      ]);
    } finally {
      now.mockRestore();
    }
  });
});
