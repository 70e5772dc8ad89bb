import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "pino";
import type { Registry } from "prom-client";

export interface MetricsServer {
  /** The bound TCP port (0 for a unix socket). */
  readonly port: number;
  close(): Promise<void>;
}

/** Splits `host:port`, `[v6]:port` or `unix:/path` for `server.listen`. */
export function listenTarget(address: string): { path: string } | { host: string; port: number } {
  if (address.startsWith("unix:")) return { path: address.slice(5) };
  const colon = address.lastIndexOf(":");
  let host = address.slice(0, colon);
  if (host.startsWith("[") && host.endsWith("]")) host = host.slice(1, -1);
  return { host, port: Number(address.slice(colon + 1)) };
}

/**
 * A small HTTP server answering `GET /metrics` with the registry's Prometheus text; anything
 * else is 404. Scrapes are read-only and never touch the gRPC hot path.
 */
export function startMetricsServer(
  address: string,
  registry: Registry,
  logger?: Logger,
): Promise<MetricsServer> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? "").split("?")[0];
    if (path !== "/metrics" || (req.method !== "GET" && req.method !== "HEAD")) {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found\n");
      return;
    }
    registry.metrics().then(
      (text) => {
        res.writeHead(200, { "content-type": registry.contentType });
        res.end(req.method === "HEAD" ? undefined : text);
      },
      (err: unknown) => {
        logger?.error({ err }, "collecting metrics failed");
        res.writeHead(500, { "content-type": "text/plain" }).end("metrics failed\n");
      },
    );
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(listenTarget(address), () => {
      server.off("error", reject);
      const bound = server.address();
      const port = typeof bound === "object" && bound !== null ? (bound as AddressInfo).port : 0;
      resolve({
        port,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
