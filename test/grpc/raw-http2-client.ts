import http2 from "node:http2";

/**
 * A gRPC client made of nothing but node:http2 with its default settings: unlike grpc-js (which
 * raises its own limits), it stalls the way most HTTP/2 stacks do when a server sends a header
 * block larger than they accept. Calls share one connection, as the calls of one channel do.
 */
export class RawHttp2Client {
  readonly #session: http2.ClientHttp2Session;

  constructor(address: string) {
    this.#session = http2.connect(`http://${address}`);
    this.#session.on("error", () => {});
  }

  /**
   * A call with an encoded request message; resolves when the stream closes, or with code -1
   * after `timeoutMs` (the stream is then cancelled).
   */
  call(path: string, message: Buffer, timeoutMs = 5_000): Promise<RawHttp2Reply> {
    const startedAt = performance.now();
    return new Promise((resolve) => {
      const stream = this.#session.request({
        ":method": "POST",
        ":path": path,
        "content-type": "application/grpc",
        te: "trailers",
        "grpc-timeout": `${timeoutMs}m`,
      });
      let headers: http2.IncomingHttpHeaders = {};
      let trailers: http2.IncomingHttpHeaders | undefined;
      let settled = false;
      const finish = (code: number) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        // A trailers-only answer carries the status in its headers.
        const status = trailers ?? headers;
        resolve({
          code,
          message: decodeURIComponent(String(status["grpc-message"] ?? "")),
          field:
            status["promise-field"] === undefined ? undefined : String(status["promise-field"]),
          statusBytes: headerBytes(status),
          ms: performance.now() - startedAt,
        });
      };
      const timer = setTimeout(() => {
        stream.close(http2.constants.NGHTTP2_CANCEL);
        finish(-1);
      }, timeoutMs);
      stream.on("response", (h) => {
        headers = h;
      });
      stream.on("trailers", (t) => {
        trailers = t;
      });
      stream.on("data", () => {});
      stream.on("error", () => {});
      stream.on("close", () => {
        const status = (trailers ?? headers)["grpc-status"];
        finish(status === undefined ? -1 : Number(status));
      });
      const frame = Buffer.alloc(5 + message.length);
      frame.writeUInt32BE(message.length, 1);
      message.copy(frame, 5);
      stream.end(frame);
    });
  }

  close(): void {
    this.#session.close();
  }
}

export interface RawHttp2Reply {
  /** The grpc-status, or -1 when none came (timed out, reset). */
  readonly code: number;
  readonly message: string;
  readonly field: string | undefined;
  /** The size of the header block carrying the status (names and values, as HTTP/2 counts). */
  readonly statusBytes: number;
  readonly ms: number;
}

/** HTTP/2's size of a header list: name + value + 32 per field (RFC 7540 6.5.2). */
function headerBytes(headers: http2.IncomingHttpHeaders): number {
  let total = 0;
  for (const [name, value] of Object.entries(headers)) {
    const values = Array.isArray(value) ? value : [value ?? ""];
    for (const v of values) total += name.length + String(v).length + 32;
  }
  return total;
}
