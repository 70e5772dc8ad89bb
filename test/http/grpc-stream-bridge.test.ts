import type * as grpc from "@grpc/grpc-js";
import { describe, expect, it } from "vitest";
import { callStream, STREAM_HIGH_WATER } from "../../src/http/grpc-stream-bridge.js";

const identity = (b: Buffer) => b;
const METHOD: grpc.MethodDefinition<unknown, unknown> = {
  path: "/test.Stream/Numbers",
  requestStream: false,
  responseStream: true,
  requestSerialize: identity as never,
  requestDeserialize: identity as never,
  responseSerialize: (n: unknown) => Buffer.from([n as number]),
  responseDeserialize: identity as never,
};

function bridgedCall() {
  return {
    metadata: {} as grpc.Metadata,
    deadlineMs: Number.POSITIVE_INFINITY,
    signal: new AbortController().signal,
    peer: "test",
  };
}

type Writable = grpc.ServerWritableStream<unknown, unknown>;

describe("callStream (a native server stream over the HTTP edge)", () => {
  it("makes write return false once 16 messages wait, and emits drain when the reader has taken them all", async () => {
    const seen: string[] = [];
    let stream: Writable | undefined;
    const handler = (call: Writable) => {
      stream = call;
      for (let n = 1; n <= STREAM_HIGH_WATER; n++) {
        const flowing = call.write(n);
        if (!flowing) seen.push(`write ${n} false, ${call.writableLength} waiting`);
      }
      call.once("drain", () => {
        seen.push(`drain, ${call.writableLength} waiting`);
        call.write(99);
        call.end();
      });
    };
    const out: number[] = [];
    for await (const chunk of callStream(
      METHOD,
      handler as never,
      new Uint8Array(),
      bridgedCall(),
    )) {
      out.push(chunk[0]!);
      if (out.length === 1)
        seen.push(
          `read 1, ${stream!.writableLength} waiting, needs drain ${stream!.writableNeedDrain}`,
        );
    }
    expect(seen).toEqual([
      "write 16 false, 16 waiting",
      "read 1, 15 waiting, needs drain true",
      "drain, 0 waiting",
    ]);
    expect(out).toEqual([...Array.from({ length: 16 }, (_, i) => i + 1), 99]);
  });
});
