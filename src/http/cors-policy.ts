import type { IncomingMessage, ServerResponse } from "node:http";
import { cors } from "@connectrpc/connect";

/** How long a browser may cache a preflight answer (seconds). */
const PREFLIGHT_MAX_AGE_S = 7200;

/**
 * Cross-origin access for browsers, by an allow-list of origins (PROMISE_HTTP_CORS_ORIGINS; `*`
 * allows any). An allowed origin gets the Connect and gRPC-Web headers it needs (connect's own
 * `cors` lists); any other origin gets no CORS header, so the browser refuses the answer, and its
 * preflight is answered 403.
 */
export class CorsPolicy {
  private readonly any: boolean;
  private readonly origins: ReadonlySet<string>;

  constructor(origins: readonly string[]) {
    this.any = origins.includes("*");
    this.origins = new Set(origins);
  }

  allows(origin: string): boolean {
    return this.any || this.origins.has(origin);
  }

  /**
   * Adds the CORS headers an allowed origin gets; answers a preflight (OPTIONS) completely and
   * returns true, so the caller stops there.
   */
  apply(req: IncomingMessage, res: ServerResponse): boolean {
    const origin = req.headers.origin;
    const preflight = req.method === "OPTIONS";
    if (origin === undefined) {
      if (!preflight) return false;
      res.writeHead(204).end();
      return true;
    }
    res.setHeader("vary", "Origin");
    if (!this.allows(origin)) {
      if (!preflight) return false;
      res.writeHead(403, { "content-type": "text/plain; charset=utf-8" }).end("origin not allowed");
      return true;
    }
    res.setHeader("access-control-allow-origin", origin);
    res.setHeader(
      "access-control-expose-headers",
      [...cors.exposedHeaders, "x-request-id", "promise-field"].join(", "),
    );
    if (!preflight) return false;
    res.writeHead(204, {
      "access-control-allow-methods": cors.allowedMethods.join(", "),
      "access-control-allow-headers": [
        ...cors.allowedHeaders,
        "authorization",
        "x-request-id",
      ].join(", "),
      "access-control-max-age": String(PREFLIGHT_MAX_AGE_S),
    });
    res.end();
    return true;
  }
}
