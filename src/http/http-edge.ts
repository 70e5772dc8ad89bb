import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { connectNodeAdapter } from "@connectrpc/connect-node";
import type { Logger } from "pino";
import type { AccessTokens } from "../grpc/access-tokens.js";
import type { CallStats } from "../observability/call-stats.js";
import { registerServices, type ServedService } from "./connect-routes.js";
import { ConnectUnaryRoutes } from "./connect-unary-route.js";
import { CorsPolicy } from "./cors-policy.js";
import { createHttpCallInterceptor } from "./http-call-interceptor.js";
import { HttpCallObserver } from "./http-call-observer.js";
import { WidgetFiles } from "./widget-files.js";

/** A plain HTTP route beside the Connect ones (the Shopify carrier callback). */
export type HttpRoute = (req: IncomingMessage, res: ServerResponse) => void;

export interface HttpEdgeOptions {
  /** host:port (port 0 picks a free port). */
  readonly address: string;
  /** The services exactly as the native gRPC ports serve them. */
  readonly services: readonly ServedService[];
  readonly logger: Logger;
  readonly stats?: CallStats | undefined;
  readonly tokens: AccessTokens;
  readonly insecure?: boolean | undefined;
  /** Origins browsers may call from (`*`: any); empty: no cross-origin calls. */
  readonly corsOrigins: readonly string[];
  /** The largest request and response message in bytes (the native port's limits). */
  readonly readMaxBytes: number;
  readonly writeMaxBytes: number;
  /** The folder served at /widget/ (read at start); undefined: none. */
  readonly webDir?: string | undefined;
  /** Messages of a server stream waiting for the HTTP response (default STREAM_HIGH_WATER). */
  readonly streamBuffer?: number | undefined;
  /** POST-only routes by exact path. */
  readonly postRoutes?: ReadonlyMap<string, HttpRoute> | undefined;
}

export interface HttpEdge {
  readonly server: Server;
  readonly port: number;
  /** Stops accepting; in-flight calls get `graceMs` before their connections are closed. */
  close(graceMs?: number): Promise<void>;
}

/** host:port -> listen arguments ("[::1]:80" included). */
export function splitAddress(address: string): { host: string; port: number } {
  const colon = address.lastIndexOf(":");
  const host = address.slice(0, colon).replace(/^\[(.*)\]$/, "$1");
  return { host: host === "" ? "0.0.0.0" : host, port: Number(address.slice(colon + 1)) };
}

const WIDGET_PREFIX = "/widget/";

function notFound(res: ServerResponse): void {
  res.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("not found");
}

/**
 * The HTTP edge on PROMISE_HTTP_ADDRESS (HTTP/1.1): the Connect protocol (JSON and binary) and
 * gRPC-Web for every RPC (see connect-routes.ts; Connect unary POSTs take the lighter
 * connect-unary-route.ts), the widget files at /widget/, and plain POST
 * routes such as the Shopify callback; CORS by allow-list on all of them.
 */
export async function startHttpEdge(options: HttpEdgeOptions): Promise<HttpEdge> {
  const cors = new CorsPolicy(options.corsOrigins);
  const widget = new WidgetFiles(options.webDir);
  const observer = new HttpCallObserver({
    logger: options.logger,
    stats: options.stats,
    tokens: options.tokens,
    insecure: options.insecure,
  });
  const unary = new ConnectUnaryRoutes({
    services: options.services,
    observer,
    readMaxBytes: options.readMaxBytes,
    writeMaxBytes: options.writeMaxBytes,
  });
  const connect = connectNodeAdapter({
    routes: (router) => registerServices(router, options.services, options.streamBuffer),
    // Native gRPC needs HTTP/2 and has its own port.
    grpc: false,
    readMaxBytes: options.readMaxBytes,
    writeMaxBytes: options.writeMaxBytes,
    interceptors: [createHttpCallInterceptor(observer)],
    fallback: (_req, res) => {
      res.writeHead(404, { "content-type": "text/plain; charset=utf-8" });
      res.end("not found");
    },
  });
  const server = createServer((req, res) => {
    if (cors.apply(req, res)) return;
    const url = req.url ?? "/";
    const path = url.split("?", 1)[0]!;
    if (path.startsWith(WIDGET_PREFIX)) {
      if (req.method !== "GET" && req.method !== "HEAD") {
        res.writeHead(405, { allow: "GET, HEAD" }).end();
        return;
      }
      const file = widget.get(path.slice(WIDGET_PREFIX.length));
      if (file === undefined) return notFound(res);
      res.writeHead(200, {
        "content-type": file.contentType,
        "content-length": file.body.length,
        "cache-control": "public, max-age=300",
        "x-content-type-options": "nosniff",
      });
      res.end(req.method === "HEAD" ? undefined : file.body);
      return;
    }
    const route = options.postRoutes?.get(path);
    if (route !== undefined) {
      if (req.method !== "POST") {
        res.writeHead(405, { allow: "POST" }).end();
        return;
      }
      route(req, res);
      return;
    }
    if (unary.serve(path, req, res)) return;
    connect(req, res);
  });
  // Slow or idle clients cannot hold sockets for ever.
  server.headersTimeout = 10_000;
  server.requestTimeout = 60_000;
  server.keepAliveTimeout = 5_000;
  const { host, port } = splitAddress(options.address);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  return {
    server,
    port: (server.address() as AddressInfo).port,
    close(graceMs = 0) {
      return new Promise((resolve) => {
        const timer = setTimeout(() => server.closeAllConnections(), graceMs);
        timer.unref();
        server.close(() => {
          clearTimeout(timer);
          resolve();
        });
        server.closeIdleConnections();
      });
    },
  };
}
