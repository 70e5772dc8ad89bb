import { parseArgs } from "node:util";
import { z } from "zod";
import { DOMINATED_OPTIONS_MODES, type DominatedOptionsMode } from "../engine/dominated-options.js";
import { type AccessTokenSpec, accessTokenText, formatIssuePath } from "./access-token-schema.js";
import { checkCombinations } from "./check-combinations.js";
import type { ConfigIssue } from "./config-issue.js";

/**
 * The service's settings, read once at start from environment variables (and optionally
 * command-line flags such as `--address=127.0.0.1:6000`, which win over the environment).
 * This is the only module that reads `process.env`.
 *
 * To add a setting: add one row to `SETTINGS` (its variable, flag, default, description and a zod
 * schema that turns the text into the value), and one line in `toConfig`.
 */

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface Config {
  /** host:port (or `unix:/path`) the gRPC server listens on; port 0 picks a free port. */
  readonly address: string;
  /** The network file (YAML). */
  readonly networkFile: string;
  /** The embedded SQLite database file (used when `databaseUrl` is not set). */
  readonly sqlitePath: string;
  /** PostgreSQL connection string; when set, the store is PostgreSQL. */
  readonly databaseUrl: string | undefined;
  /** The PostgreSQL schema holding the tables (created if missing); undefined: `public`. */
  readonly databaseSchema: string | undefined;
  /**
   * The longest a store operation may take (connect, waiting for a pooled connection, each query,
   * the operation as a whole; SQLite: waiting for another process's lock) before UNAVAILABLE.
   */
  readonly storeTimeoutMs: number;
  /** Entries kept in the estimate cache; 0 disables it. */
  readonly estimateCacheSize: number;
  /** The estimate cache's limit in bytes (whichever of the two limits is reached first). */
  readonly estimateCacheBytes: number;
  /** The most items an EstimateBatch call may carry. */
  readonly batchItemLimit: number;
  readonly logLevel: LogLevel;
  /** A fixed "now" (UTC ms) for demos and tests: the clock never moves. Undefined: real time. */
  readonly fixedNowMs: number | undefined;
  /** Where the AdminService listens; undefined: on `address` with the public service. */
  readonly adminAddress: string | undefined;
  /** Where the PeakPlannerService listens; undefined: on `address` with the public service. */
  readonly plannerAddress: string | undefined;
  /** Bearer tokens for the admin service and the planner (from PROMISE_TOKENS). */
  readonly accessTokens: readonly AccessTokenSpec[] | undefined;
  /** A JSON file holding the tokens (read at start), instead of PROMISE_TOKENS. */
  readonly accessTokensFile: string | undefined;
  /** Local development only: admin and planner calls need no token (loopback addresses only). */
  readonly insecureAdmin: boolean;
  /** TLS: the server's certificate chain and private key (PEM); both or neither. */
  readonly tlsCertFile: string | undefined;
  readonly tlsKeyFile: string | undefined;
  /** Mutual TLS: clients must present a certificate signed by this CA (PEM). */
  readonly tlsClientCaFile: string | undefined;
  /** The largest request / response message, in bytes. */
  readonly maxReceiveMessageBytes: number;
  readonly maxSendMessageBytes: number;
  /** The most lines one cart (QuoteCart, ConfirmPromise) may carry. */
  readonly cartLineLimit: number;
  /** Simulations run at once; more are refused with RESOURCE_EXHAUSTED. */
  readonly maxConcurrentSimulations: number;
  /** On SIGTERM: the longest the drain may take before remaining calls are cut off. */
  readonly shutdownGraceMs: number;
  /** On SIGTERM: how long health says NOT_SERVING while still serving, before refusing calls. */
  readonly drainDelayMs: number;
  /** host:port of the Prometheus `/metrics` HTTP endpoint; undefined: no metrics endpoint. */
  readonly metricsAddress: string | undefined;
  /** Worker processes sharing the port (node:cluster); 1: this process serves alone. */
  readonly workers: number;
  /**
   * Options another option beats on dates and price (Estimate, EstimateBatch, QuoteCart): left
   * out (`hide`), kept and flagged (`mark`), or kept as they are (`show`).
   */
  readonly dominatedOptions: DominatedOptionsMode;
  /** Promises net of the warehouse backlog (see docs/backlog.md). */
  readonly backlog: boolean;
  /** After a ship date's cut-off, how long before its unshipped promises count as backlog. */
  readonly backlogGraceMinutes: number;
  /** Learn the warehouses' real throughput from shipped counts. */
  readonly learnThroughput: boolean;
  /** The rolling window of working days the throughput is learned over. */
  readonly throughputWindowDays: number;
  /** Fewer working days with work in the window than this: nothing is learned. */
  readonly throughputMinDays: number;
  /** Promise risk and events (docs/promise-events.md): see SETTINGS for each. */
  readonly riskShipGraceMinutes: number;
  readonly riskIntervalMs: number;
  readonly riskWorkerIdleMs: number;
  readonly riskPassNice: number;
  readonly eventRetentionHours: number;
  readonly eventStreamBuffer: number;
  readonly eventStreamStallMs: number;
  readonly natsUrl: string | undefined;
  readonly pageTokenSecret: string | undefined;
  /** host:port of the HTTP edge (Connect, gRPC-Web, widget, Shopify callback); undefined: off. */
  readonly httpAddress: string | undefined;
  /** Origins browsers may call the HTTP edge from (`*`: any); empty: none. */
  readonly httpCorsOrigins: readonly string[];
  /** Shopify's shared secret: carrier callbacks must carry a valid X-Shopify-Hmac-Sha256. */
  readonly shopifySecret: string | undefined;
  /** The limits of the process-wide caches (src/config/memory-limits.ts, docs/memory.md). */
  readonly destinationMemoSize: number;
  readonly labelLocaleLimit: number;
  readonly labelsPerLocale: number;
  readonly pickupOptionCacheSize: number;
  readonly pickupLabelCacheSize: number;
  readonly pickupLabelFormats: number;
  /** Buffers (docs/memory.md): see SETTINGS for each. */
  readonly eventStreamPage: number;
  readonly httpStreamBuffer: number;
  readonly natsBatch: number;
  readonly natsPollMs: number;
  readonly logBufferBytes: number;
  readonly logFlushMs: number;
  readonly stockPageRows: number;
}

export type { ConfigIssue } from "./config-issue.js";

export class ConfigError extends Error {
  override readonly name = "ConfigError";
  constructor(readonly issues: readonly ConfigIssue[]) {
    super(
      "invalid configuration:\n" + issues.map((i) => `  ${i.variable}: ${i.message}`).join("\n"),
    );
  }
}

const integer = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, { message: `expected a whole number from ${min} to ${max}` })
    .transform(Number)
    .pipe(
      z
        .number()
        .int()
        .min(min, { message: `expected at least ${min}` })
        .max(max, { message: `expected at most ${max}` }),
    );

const ADDRESS = /^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/;
const address = z.string().refine(
  (text) => {
    if (text.startsWith("unix:")) return text.length > 5;
    const m = ADDRESS.exec(text);
    return m !== null && Number(m[1]) <= 65535;
  },
  { message: "expected host:port (for example 127.0.0.1:50051 or [::]:50051) or unix:/path" },
);

const path = z.string().min(1, { message: "expected a file path" });

/** `https://shop.example,http://localhost:3000` or `*`: each an origin (scheme://host[:port]). */
const corsOrigins = z
  .string()
  .transform((text) =>
    text
      .split(",")
      .map((o) => o.trim())
      .filter((o) => o !== ""),
  )
  .refine((origins) => origins.every((o) => o === "*" || /^https?:\/\/[^/\s]+$/.test(o)), {
    message: "expected comma-separated origins such as https://shop.example, or *",
  });

const boolean = z
  .enum(["true", "false", "1", "0"], { message: "expected true or false" })
  .transform((text) => text === "true" || text === "1");

const databaseUrl = z
  .string()
  .regex(/^postgres(?:ql)?:\/\/\S+$/, { message: "expected postgres://user@host:port/database" });

const instant = z
  .string()
  .refine((text) => z.iso.datetime({ offset: true }).safeParse(text).success, {
    message: "expected an ISO instant with a zone, for example 2026-11-27T10:00:00+07:00",
  })
  .transform((text) => Date.parse(text));

interface Setting {
  /** The environment variable. */
  readonly env: string;
  /** The command-line flag (`--flag=value` or `--flag value`). */
  readonly flag: string;
  /** The default as text (what the variable would say), or undefined: unset. */
  readonly default: string | undefined;
  readonly description: string;
  readonly schema: z.ZodType<unknown, string>;
}

/** Every setting, for validation and for documentation (README, `--help`). */
export const SETTINGS = {
  address: {
    env: "PROMISE_ADDRESS",
    flag: "--address",
    default: "127.0.0.1:50051",
    description: "host:port the gRPC server listens on (port 0: any free port)",
    schema: address,
  },
  networkFile: {
    env: "PROMISE_NETWORK_FILE",
    flag: "--network",
    default: "samples/network.yaml",
    description: "the network file (warehouses, carriers, zones) to serve",
    schema: path,
  },
  sqlitePath: {
    env: "PROMISE_SQLITE_PATH",
    flag: "--sqlite",
    default: "data/promise.db",
    description: "the embedded SQLite database file (used unless DATABASE_URL is set)",
    schema: path,
  },
  databaseUrl: {
    env: "DATABASE_URL",
    flag: "--database-url",
    default: undefined,
    description: "PostgreSQL connection string; set it to share state between replicas",
    schema: databaseUrl,
  },
  databaseSchema: {
    env: "PROMISE_DATABASE_SCHEMA",
    flag: "--database-schema",
    default: undefined,
    description: "the PostgreSQL schema for the tables (unset: public)",
    schema: z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, {
      message: "expected a lowercase SQL identifier",
    }),
  },
  storeTimeoutMs: {
    env: "PROMISE_STORE_TIMEOUT_MS",
    flag: "--store-timeout-ms",
    default: "5000",
    description:
      "the longest a database operation may take (connect, pool, query) before UNAVAILABLE",
    schema: integer(100, 600_000),
  },
  estimateCacheSize: {
    env: "PROMISE_ESTIMATE_CACHE_SIZE",
    flag: "--estimate-cache-size",
    default: "50000",
    description: "estimates kept in the in-memory cache (0 disables it)",
    schema: integer(0, 10_000_000),
  },
  estimateCacheBytes: {
    env: "PROMISE_ESTIMATE_CACHE_BYTES",
    flag: "--estimate-cache-bytes",
    default: "16777216",
    description:
      "the estimate cache's limit in bytes, encoded replies and their objects counted (default 16 MiB; 0 disables it)",
    schema: integer(0, 2 ** 40),
  },
  batchItemLimit: {
    env: "PROMISE_BATCH_ITEM_LIMIT",
    flag: "--batch-item-limit",
    default: "100",
    description: "the most items one EstimateBatch call may carry",
    schema: integer(1, 10_000),
  },
  logLevel: {
    env: "PROMISE_LOG_LEVEL",
    flag: "--log-level",
    default: "info",
    description: `log level: ${LOG_LEVELS.join(", ")}`,
    schema: z.enum(LOG_LEVELS, { message: `expected one of ${LOG_LEVELS.join(", ")}` }),
  },
  fixedNowMs: {
    env: "PROMISE_FIXED_NOW",
    flag: "--fixed-now",
    default: undefined,
    description: "a fixed current instant (ISO, with zone) for demos and tests only",
    schema: instant,
  },
  adminAddress: {
    env: "PROMISE_ADMIN_ADDRESS",
    flag: "--admin-address",
    default: undefined,
    description: "host:port for the AdminService alone (unset: served on PROMISE_ADDRESS)",
    schema: address,
  },
  plannerAddress: {
    env: "PROMISE_PLANNER_ADDRESS",
    flag: "--planner-address",
    default: undefined,
    description: "host:port for the PeakPlannerService alone (unset: served on PROMISE_ADDRESS)",
    schema: address,
  },
  accessTokens: {
    env: "PROMISE_TOKENS",
    flag: "--tokens",
    default: undefined,
    description:
      'bearer tokens for admin and planner calls, JSON: [{"name","role":"admin"|"planner","token"}]',
    schema: accessTokenText,
  },
  accessTokensFile: {
    env: "PROMISE_TOKENS_FILE",
    flag: "--tokens-file",
    default: undefined,
    description: "a file holding the tokens JSON (for example a mounted secret), read at start",
    schema: path,
  },
  insecureAdmin: {
    env: "PROMISE_INSECURE_ADMIN",
    flag: "--insecure-admin",
    default: "false",
    description: "local development only: admin and planner calls without a token (loopback only)",
    schema: boolean,
  },
  tlsCertFile: {
    env: "PROMISE_TLS_CERT",
    flag: "--tls-cert",
    default: undefined,
    description: "TLS certificate chain (PEM) for every gRPC port; needs PROMISE_TLS_KEY",
    schema: path,
  },
  tlsKeyFile: {
    env: "PROMISE_TLS_KEY",
    flag: "--tls-key",
    default: undefined,
    description: "TLS private key (PEM); needs PROMISE_TLS_CERT",
    schema: path,
  },
  tlsClientCaFile: {
    env: "PROMISE_TLS_CLIENT_CA",
    flag: "--tls-client-ca",
    default: undefined,
    description: "mutual TLS: CA (PEM) client certificates must be signed by",
    schema: path,
  },
  maxReceiveMessageBytes: {
    env: "PROMISE_MAX_RECEIVE_MESSAGE_BYTES",
    flag: "--max-receive-message-bytes",
    default: "4194304",
    description: "the largest request message in bytes (larger: RESOURCE_EXHAUSTED)",
    schema: integer(1024, 1_073_741_824),
  },
  maxSendMessageBytes: {
    env: "PROMISE_MAX_SEND_MESSAGE_BYTES",
    flag: "--max-send-message-bytes",
    default: "16777216",
    description: "the largest response message in bytes",
    schema: integer(1024, 1_073_741_824),
  },
  backlog: {
    env: "PROMISE_BACKLOG",
    flag: "--backlog",
    default: "true",
    description: "promise against capacity net of the warehouse backlog (promises not shipped yet)",
    schema: boolean,
  },
  backlogGraceMinutes: {
    env: "PROMISE_BACKLOG_GRACE_MINUTES",
    flag: "--backlog-grace-minutes",
    default: "120",
    description: "after a ship date's cut-off, minutes before its unshipped promises are backlog",
    schema: integer(0, 24 * 60),
  },
  learnThroughput: {
    env: "PROMISE_LEARN_THROUGHPUT",
    flag: "--learn-throughput",
    default: "true",
    description:
      "learn each warehouse's real throughput from shipped counts (never above capacity)",
    schema: boolean,
  },
  throughputWindowDays: {
    env: "PROMISE_THROUGHPUT_WINDOW_DAYS",
    flag: "--throughput-window-days",
    default: "10",
    description: "the rolling window of working days the throughput is learned over",
    schema: integer(1, 30),
  },
  httpAddress: {
    env: "PROMISE_HTTP_ADDRESS",
    flag: "--http-address",
    default: undefined,
    description:
      "host:port of the HTTP edge: Connect JSON/binary, gRPC-Web, /widget/, Shopify (unset: off)",
    schema: address.refine((text) => !text.startsWith("unix:"), { message: "expected host:port" }),
  },
  httpCorsOrigins: {
    env: "PROMISE_HTTP_CORS_ORIGINS",
    flag: "--http-cors-origins",
    default: "",
    description: "comma-separated origins browsers may call the HTTP edge from (`*`: any)",
    schema: corsOrigins,
  },
  shopifySecret: {
    env: "PROMISE_SHOPIFY_SECRET",
    flag: "--shopify-secret",
    default: undefined,
    description: "Shopify app secret: carrier callbacks need a valid X-Shopify-Hmac-Sha256",
    schema: z.string().min(1, { message: "expected the app's shared secret" }),
  },
  throughputMinDays: {
    env: "PROMISE_THROUGHPUT_MIN_DAYS",
    flag: "--throughput-min-days",
    default: "5",
    description: "fewer working days with work in the window than this: nothing is learned",
    schema: integer(1, 30),
  },
  riskShipGraceMinutes: {
    env: "PROMISE_RISK_SHIP_GRACE_MINUTES",
    flag: "--risk-ship-grace-minutes",
    default: "60",
    description: "after a ship date's cut-off, minutes before an unshipped promise is at risk",
    schema: integer(0, 24 * 60),
  },
  riskIntervalMs: {
    env: "PROMISE_RISK_INTERVAL_MS",
    flag: "--risk-interval-ms",
    default: "60000",
    description: "a full risk sweep at least this often (cut-offs passing); 0: only on changes",
    schema: integer(0, 86_400_000),
  },
  riskWorkerIdleMs: {
    env: "PROMISE_RISK_WORKER_IDLE_MS",
    flag: "--risk-worker-idle-ms",
    default: "30000",
    description:
      "the bulk risk pass thread is ended after this long without a pass (started again by the next); 0: at once",
    schema: integer(0, 86_400_000),
  },
  riskPassNice: {
    env: "PROMISE_RISK_PASS_NICE",
    flag: "--risk-pass-nice",
    default: "10",
    description:
      "the CPU priority (Linux nice, 0-19) of the bulk risk pass thread and its writer: higher yields more to Estimates",
    schema: integer(0, 19),
  },
  eventRetentionHours: {
    env: "PROMISE_EVENT_RETENTION_HOURS",
    flag: "--event-retention-hours",
    default: "168",
    description: "promise events older than this are deleted (with a broker: once published)",
    schema: integer(1, 24 * 366),
  },
  eventStreamBuffer: {
    env: "PROMISE_EVENT_STREAM_BUFFER",
    flag: "--event-stream-buffer",
    default: "10000",
    description: "events a WatchPromiseEvents consumer may fall behind before it is disconnected",
    schema: integer(100, 10_000_000),
  },
  eventStreamStallMs: {
    env: "PROMISE_EVENT_STREAM_STALL_MS",
    flag: "--event-stream-stall-ms",
    default: "10000",
    description:
      "how long a WatchPromiseEvents consumer may read nothing (beyond the buffer) before it is ended",
    schema: integer(100, 600_000),
  },
  natsUrl: {
    env: "PROMISE_NATS_URL",
    flag: "--nats-url",
    default: undefined,
    description: "NATS server for JetStream publishing of promise events (unset: no broker)",
    schema: z.string().regex(/^(?:nats|tls):\/\/\S+$/, { message: "expected nats://host:port" }),
  },
  pageTokenSecret: {
    env: "PROMISE_PAGE_TOKEN_SECRET",
    flag: "--page-token-secret",
    default: undefined,
    description: "HMAC key of ListPromises page tokens, the same on every replica (unset: random)",
    schema: z.string().min(16, { message: "expected at least 16 characters" }),
  },
  cartLineLimit: {
    env: "PROMISE_CART_LINE_LIMIT",
    flag: "--cart-line-limit",
    default: "100",
    description: "the most lines one cart (QuoteCart, ConfirmPromise) may carry",
    schema: integer(1, 10_000),
  },
  maxConcurrentSimulations: {
    env: "PROMISE_MAX_CONCURRENT_SIMULATIONS",
    flag: "--max-concurrent-simulations",
    default: "2",
    description: "simulations run at once; more are refused with RESOURCE_EXHAUSTED",
    schema: integer(1, 1_000),
  },
  shutdownGraceMs: {
    env: "PROMISE_SHUTDOWN_GRACE_MS",
    flag: "--shutdown-grace-ms",
    default: "10000",
    description: "on SIGTERM, the longest drain before remaining calls are cut off (exit 0)",
    schema: integer(0, 3_600_000),
  },
  drainDelayMs: {
    env: "PROMISE_DRAIN_DELAY_MS",
    flag: "--drain-delay-ms",
    default: "0",
    description:
      "on SIGTERM, health says NOT_SERVING but calls are served this long (part of the grace)",
    schema: integer(0, 3_600_000),
  },
  metricsAddress: {
    env: "PROMISE_METRICS_ADDRESS",
    flag: "--metrics-address",
    default: undefined,
    description: "host:port of the Prometheus /metrics HTTP endpoint (unset: off)",
    schema: address,
  },
  workers: {
    env: "PROMISE_WORKERS",
    flag: "--workers",
    default: "1",
    description: "worker processes sharing the gRPC port, each with its own view (use every core)",
    schema: integer(1, 64),
  },
  dominatedOptions: {
    env: "PROMISE_DOMINATED_OPTIONS",
    flag: "--dominated-options",
    default: "hide",
    description:
      "options another one beats (no earlier, no cheaper): hide them, mark them (dominated, NOT_FASTER) or show them",
    schema: z.enum(DOMINATED_OPTIONS_MODES, {
      message: `expected one of ${DOMINATED_OPTIONS_MODES.join(", ")}`,
    }),
  },
  destinationMemoSize: {
    env: "PROMISE_DESTINATION_MEMO_SIZE",
    flag: "--destination-memo-size",
    default: "10000",
    description:
      "destinations already resolved kept per network (product pages repeat postal codes); starts over when full",
    schema: integer(1, 10_000_000),
  },
  labelLocaleLimit: {
    env: "PROMISE_LABEL_LOCALE_LIMIT",
    flag: "--label-locale-limit",
    default: "256",
    description:
      "locale tags whose labels are kept (least recently used leave first), and canonical locales",
    schema: integer(1, 100_000),
  },
  labelsPerLocale: {
    env: "PROMISE_LABELS_PER_LOCALE",
    flag: "--labels-per-locale",
    default: "4096",
    description:
      "day, window, reason and 'not faster than' labels kept per locale; each table starts over when full",
    schema: integer(1, 10_000_000),
  },
  pickupOptionCacheSize: {
    env: "PROMISE_PICKUP_OPTION_CACHE_SIZE",
    flag: "--pickup-option-cache-size",
    default: "4096",
    description: "pick-up options kept built and encoded; starts over when full",
    schema: integer(1, 10_000_000),
  },
  pickupLabelCacheSize: {
    env: "PROMISE_PICKUP_LABEL_CACHE_SIZE",
    flag: "--pickup-label-cache-size",
    default: "8192",
    description: "pick-up ready labels kept ('Ready today 11:15'); starts over when full",
    schema: integer(1, 10_000_000),
  },
  pickupLabelFormats: {
    env: "PROMISE_PICKUP_LABEL_FORMATS",
    flag: "--pickup-label-formats",
    default: "512",
    description: "date and time formats kept for pick-up labels (per locale and zone)",
    schema: integer(1, 100_000),
  },
  eventStreamPage: {
    env: "PROMISE_EVENT_STREAM_PAGE",
    flag: "--event-stream-page",
    default: "1000",
    description: "events a WatchPromiseEvents stream reads from the outbox at a time",
    schema: integer(1, 100_000),
  },
  httpStreamBuffer: {
    env: "PROMISE_HTTP_STREAM_BUFFER",
    flag: "--http-stream-buffer",
    default: "16",
    description:
      "messages of a server stream over the HTTP edge waiting for the response before the handler waits",
    schema: integer(1, 100_000),
  },
  natsBatch: {
    env: "PROMISE_NATS_BATCH",
    flag: "--nats-batch",
    default: "500",
    description: "events the NATS publisher reads and publishes per lane per round",
    schema: integer(1, 100_000),
  },
  natsPollMs: {
    env: "PROMISE_NATS_POLL_MS",
    flag: "--nats-poll-ms",
    default: "500",
    description: "the NATS publisher looks for unpublished events at least this often",
    schema: integer(10, 600_000),
  },
  logBufferBytes: {
    env: "PROMISE_LOG_BUFFER_BYTES",
    flag: "--log-buffer-bytes",
    default: "4096",
    description: "log lines are written once this many bytes wait (0: every line at once)",
    schema: integer(0, 67_108_864),
  },
  logFlushMs: {
    env: "PROMISE_LOG_FLUSH_MS",
    flag: "--log-flush-ms",
    default: "250",
    description: "log lines wait at most this long before they are written",
    schema: integer(1, 60_000),
  },
  stockPageRows: {
    env: "PROMISE_STOCK_PAGE_ROWS",
    flag: "--stock-page-rows",
    default: "10000",
    description: "stock rows read from the store per page (start-up load and catching up)",
    schema: integer(100, 1_000_000),
  },
} as const satisfies Record<keyof Config, Setting>;

type SettingKey = keyof typeof SETTINGS;
const SETTING_KEYS = Object.keys(SETTINGS) as SettingKey[];

type Parsed = { [K in SettingKey]: z.output<(typeof SETTINGS)[K]["schema"]> | undefined };

function toConfig(p: Parsed): Config {
  return {
    address: p.address ?? SETTINGS.address.default,
    networkFile: p.networkFile ?? SETTINGS.networkFile.default,
    sqlitePath: p.sqlitePath ?? SETTINGS.sqlitePath.default,
    databaseUrl: p.databaseUrl,
    databaseSchema: p.databaseSchema,
    storeTimeoutMs: p.storeTimeoutMs ?? Number(SETTINGS.storeTimeoutMs.default),
    estimateCacheSize: p.estimateCacheSize ?? Number(SETTINGS.estimateCacheSize.default),
    estimateCacheBytes: p.estimateCacheBytes ?? Number(SETTINGS.estimateCacheBytes.default),
    batchItemLimit: p.batchItemLimit ?? Number(SETTINGS.batchItemLimit.default),
    logLevel: p.logLevel ?? "info",
    fixedNowMs: p.fixedNowMs,
    adminAddress: p.adminAddress,
    plannerAddress: p.plannerAddress,
    accessTokens: p.accessTokens,
    accessTokensFile: p.accessTokensFile,
    insecureAdmin: p.insecureAdmin ?? false,
    tlsCertFile: p.tlsCertFile,
    tlsKeyFile: p.tlsKeyFile,
    tlsClientCaFile: p.tlsClientCaFile,
    maxReceiveMessageBytes:
      p.maxReceiveMessageBytes ?? Number(SETTINGS.maxReceiveMessageBytes.default),
    maxSendMessageBytes: p.maxSendMessageBytes ?? Number(SETTINGS.maxSendMessageBytes.default),
    cartLineLimit: p.cartLineLimit ?? Number(SETTINGS.cartLineLimit.default),
    maxConcurrentSimulations:
      p.maxConcurrentSimulations ?? Number(SETTINGS.maxConcurrentSimulations.default),
    shutdownGraceMs: p.shutdownGraceMs ?? Number(SETTINGS.shutdownGraceMs.default),
    drainDelayMs: p.drainDelayMs ?? Number(SETTINGS.drainDelayMs.default),
    metricsAddress: p.metricsAddress,
    workers: p.workers ?? Number(SETTINGS.workers.default),
    dominatedOptions: p.dominatedOptions ?? "hide",
    backlog: p.backlog ?? true,
    backlogGraceMinutes: p.backlogGraceMinutes ?? Number(SETTINGS.backlogGraceMinutes.default),
    learnThroughput: p.learnThroughput ?? true,
    throughputWindowDays: p.throughputWindowDays ?? Number(SETTINGS.throughputWindowDays.default),
    throughputMinDays: p.throughputMinDays ?? Number(SETTINGS.throughputMinDays.default),
    riskShipGraceMinutes: p.riskShipGraceMinutes ?? Number(SETTINGS.riskShipGraceMinutes.default),
    riskIntervalMs: p.riskIntervalMs ?? Number(SETTINGS.riskIntervalMs.default),
    riskWorkerIdleMs: p.riskWorkerIdleMs ?? Number(SETTINGS.riskWorkerIdleMs.default),
    riskPassNice: p.riskPassNice ?? Number(SETTINGS.riskPassNice.default),
    eventRetentionHours: p.eventRetentionHours ?? Number(SETTINGS.eventRetentionHours.default),
    eventStreamBuffer: p.eventStreamBuffer ?? Number(SETTINGS.eventStreamBuffer.default),
    eventStreamStallMs: p.eventStreamStallMs ?? Number(SETTINGS.eventStreamStallMs.default),
    natsUrl: p.natsUrl,
    pageTokenSecret: p.pageTokenSecret,
    httpAddress: p.httpAddress,
    httpCorsOrigins: p.httpCorsOrigins ?? [],
    shopifySecret: p.shopifySecret,
    destinationMemoSize: p.destinationMemoSize ?? Number(SETTINGS.destinationMemoSize.default),
    labelLocaleLimit: p.labelLocaleLimit ?? Number(SETTINGS.labelLocaleLimit.default),
    labelsPerLocale: p.labelsPerLocale ?? Number(SETTINGS.labelsPerLocale.default),
    pickupOptionCacheSize:
      p.pickupOptionCacheSize ?? Number(SETTINGS.pickupOptionCacheSize.default),
    pickupLabelCacheSize: p.pickupLabelCacheSize ?? Number(SETTINGS.pickupLabelCacheSize.default),
    pickupLabelFormats: p.pickupLabelFormats ?? Number(SETTINGS.pickupLabelFormats.default),
    eventStreamPage: p.eventStreamPage ?? Number(SETTINGS.eventStreamPage.default),
    httpStreamBuffer: p.httpStreamBuffer ?? Number(SETTINGS.httpStreamBuffer.default),
    natsBatch: p.natsBatch ?? Number(SETTINGS.natsBatch.default),
    natsPollMs: p.natsPollMs ?? Number(SETTINGS.natsPollMs.default),
    logBufferBytes: p.logBufferBytes ?? Number(SETTINGS.logBufferBytes.default),
    logFlushMs: p.logFlushMs ?? Number(SETTINGS.logFlushMs.default),
    stockPageRows: p.stockPageRows ?? Number(SETTINGS.stockPageRows.default),
  };
}

/**
 * Reads `--flag=value` / `--flag value` pairs for known flags with node's `util.parseArgs`;
 * anything else is an issue.
 */
function readFlags(argv: readonly string[], issues: ConfigIssue[]): Map<SettingKey, string> {
  const byName = new Map<string, SettingKey>(
    SETTING_KEYS.map((k) => [SETTINGS[k].flag.replace(/^--/, ""), k]),
  );
  const { tokens } = parseArgs({
    args: [...argv],
    options: Object.fromEntries([...byName.keys()].map((name) => [name, { type: "string" }])),
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const values = new Map<SettingKey, string>();
  for (const token of tokens) {
    const key = token.kind === "option" ? byName.get(token.name) : undefined;
    if (token.kind !== "option" || key === undefined) {
      issues.push({ variable: argv[token.index]!, message: "unknown command-line argument" });
    } else if (typeof token.value !== "string") {
      issues.push({ variable: token.rawName, message: "expected a value after the flag" });
    } else {
      values.set(key, token.value);
    }
  }
  return values;
}

/**
 * Reads and validates every setting once. Empty variables count as unset. Throws ConfigError
 * naming each bad variable (and flag) with what was expected.
 */
export function loadConfig(
  env: Readonly<Record<string, string | undefined>> = process.env,
  argv: readonly string[] = [],
): Config {
  const issues: ConfigIssue[] = [];
  const flags = readFlags(argv, issues);
  const parsed: Partial<Record<SettingKey, unknown>> = {};
  for (const key of SETTING_KEYS) {
    const setting: Setting = SETTINGS[key];
    const fromFlag = flags.get(key);
    const fromEnv = env[setting.env];
    const text = fromFlag ?? (fromEnv === "" ? undefined : fromEnv) ?? setting.default;
    if (text === undefined) continue;
    const result = setting.schema.safeParse(text);
    if (result.success) {
      parsed[key] = result.data;
    } else {
      const variable = fromFlag !== undefined ? `${setting.env} (${setting.flag})` : setting.env;
      for (const issue of result.error.issues) {
        const where = issue.path.length === 0 ? "" : `${formatIssuePath(issue.path)}: `;
        issues.push({ variable, message: where + issue.message });
      }
    }
  }
  if (issues.length > 0) throw new ConfigError(issues);
  const config = toConfig(parsed as Parsed);
  const combined = checkCombinations(config);
  if (combined.length > 0) throw new ConfigError(combined);
  return config;
}
