import { describe, expect, it } from "vitest";
import { clockFor } from "../../src/config/clock.js";
import { ConfigError, loadConfig } from "../../src/config/config.js";
import { DEFAULT_MEMORY_LIMITS } from "../../src/config/memory-limits.js";

function configError(env: Record<string, string>, argv: string[] = []): ConfigError {
  try {
    loadConfig(env, argv);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error("expected a ConfigError");
}

/** The production-hardening settings' defaults (see test/config/hardening-config.test.ts). */
const HARDENING_DEFAULTS = {
  adminAddress: undefined,
  plannerAddress: undefined,
  accessTokens: undefined,
  accessTokensFile: undefined,
  insecureAdmin: false,
  tlsCertFile: undefined,
  tlsKeyFile: undefined,
  tlsClientCaFile: undefined,
  maxReceiveMessageBytes: 4_194_304,
  maxSendMessageBytes: 16_777_216,
  cartLineLimit: 100,
  maxConcurrentSimulations: 2,
  shutdownGraceMs: 10_000,
  drainDelayMs: 0,
  metricsAddress: undefined,
  workers: 1,
  storeTimeoutMs: 5_000,
  dominatedOptions: "hide",
  backlog: true,
  backlogGraceMinutes: 120,
  learnThroughput: true,
  throughputWindowDays: 10,
  throughputMinDays: 5,
  riskShipGraceMinutes: 60,
  riskIntervalMs: 60_000,
  riskWorkerIdleMs: 30_000,
  riskPassNice: 10,
  eventRetentionHours: 168,
  eventStreamBuffer: 10_000,
  eventStreamStallMs: 10_000,
  natsUrl: undefined,
  pageTokenSecret: undefined,
  httpAddress: undefined,
  httpCorsOrigins: [],
  shopifySecret: undefined,
  destinationMemoSize: 10_000,
  labelLocaleLimit: 256,
  labelsPerLocale: 4_096,
  pickupOptionCacheSize: 4_096,
  pickupLabelCacheSize: 8_192,
  pickupLabelFormats: 512,
  eventStreamPage: 1_000,
  httpStreamBuffer: 16,
  natsBatch: 500,
  natsPollMs: 500,
  logBufferBytes: 4_096,
  logFlushMs: 250,
  stockPageRows: 10_000,
};

describe("loadConfig", () => {
  it("listens on 127.0.0.1:50051 and serves the sample network with no variables set", () => {
    expect(loadConfig({})).toEqual({
      ...HARDENING_DEFAULTS,
      address: "127.0.0.1:50051",
      networkFile: "samples/network.yaml",
      sqlitePath: "data/promise.db",
      databaseUrl: undefined,
      estimateCacheSize: 50_000,
      estimateCacheBytes: 16_777_216,
      batchItemLimit: 100,
      logLevel: "info",
      fixedNowMs: undefined,
    });
  });

  it("reads every setting from its PROMISE_* variable (and DATABASE_URL)", () => {
    const config = loadConfig({
      PROMISE_ADDRESS: "[::]:6000",
      PROMISE_NETWORK_FILE: "/etc/promise/network.yaml",
      PROMISE_SQLITE_PATH: "/var/lib/promise/p.db",
      DATABASE_URL: "postgres://postgres@127.0.0.1:5432/test",
      PROMISE_ESTIMATE_CACHE_SIZE: "0",
      PROMISE_ESTIMATE_CACHE_BYTES: "1048576",
      PROMISE_BATCH_ITEM_LIMIT: "250",
      PROMISE_LOG_LEVEL: "debug",
      PROMISE_FIXED_NOW: "2026-11-27T10:00:00+07:00",
      PROMISE_DATABASE_SCHEMA: "promise_eu",
      PROMISE_WORKERS: "4",
      PROMISE_STORE_TIMEOUT_MS: "2500",
      PROMISE_DOMINATED_OPTIONS: "mark",
    });
    expect(config).toEqual({
      ...HARDENING_DEFAULTS,
      databaseSchema: "promise_eu",
      workers: 4,
      storeTimeoutMs: 2_500,
      dominatedOptions: "mark",
      address: "[::]:6000",
      networkFile: "/etc/promise/network.yaml",
      sqlitePath: "/var/lib/promise/p.db",
      databaseUrl: "postgres://postgres@127.0.0.1:5432/test",
      estimateCacheSize: 0,
      estimateCacheBytes: 1_048_576,
      batchItemLimit: 250,
      logLevel: "debug",
      fixedNowMs: Date.UTC(2026, 10, 27, 3, 0, 0),
    });
  });

  it("reads the backlog settings", () => {
    const config = loadConfig({
      PROMISE_BACKLOG: "false",
      PROMISE_BACKLOG_GRACE_MINUTES: "30",
      PROMISE_LEARN_THROUGHPUT: "false",
      PROMISE_THROUGHPUT_WINDOW_DAYS: "20",
      PROMISE_THROUGHPUT_MIN_DAYS: "8",
    });
    expect([
      config.backlog,
      config.backlogGraceMinutes,
      config.learnThroughput,
      config.throughputWindowDays,
      config.throughputMinDays,
    ]).toEqual([false, 30, false, 20, 8]);
    expect(configError({ PROMISE_BACKLOG_GRACE_MINUTES: "-5" }).issues[0]?.variable).toBe(
      "PROMISE_BACKLOG_GRACE_MINUTES",
    );
  });

  it("reads the HTTP edge settings: address, CORS origins as a list, the Shopify secret", () => {
    const config = loadConfig({
      PROMISE_HTTP_ADDRESS: "127.0.0.1:8080",
      PROMISE_HTTP_CORS_ORIGINS: "https://shop.example, http://localhost:3000",
      PROMISE_SHOPIFY_SECRET: "hush",
    });
    expect([config.httpAddress, config.httpCorsOrigins, config.shopifySecret]).toEqual([
      "127.0.0.1:8080",
      ["https://shop.example", "http://localhost:3000"],
      "hush",
    ]);
    expect(
      configError({ PROMISE_HTTP_CORS_ORIGINS: "shop.example/path" }).issues[0]?.variable,
    ).toBe("PROMISE_HTTP_CORS_ORIGINS");
    expect(configError({ PROMISE_HTTP_ADDRESS: "unix:/tmp/s" }).issues[0]?.variable).toBe(
      "PROMISE_HTTP_ADDRESS",
    );
  });

  it("lets command-line flags win over the environment", () => {
    const config = loadConfig({ PROMISE_ADDRESS: "127.0.0.1:1" }, [
      "--address=127.0.0.1:0",
      "--network",
      "test/fixtures/grpc-network.yaml",
    ]);
    expect(config.address).toBe("127.0.0.1:0");
    expect(config.networkFile).toBe("test/fixtures/grpc-network.yaml");
  });

  it("treats an empty variable as unset", () => {
    expect(loadConfig({ PROMISE_ADDRESS: "", PROMISE_FIXED_NOW: "" }).address).toBe(
      "127.0.0.1:50051",
    );
  });

  it("fails naming each bad variable", () => {
    const err = configError({
      PROMISE_ADDRESS: "localhost",
      PROMISE_BATCH_ITEM_LIMIT: "0",
      PROMISE_ESTIMATE_CACHE_SIZE: "lots",
      PROMISE_LOG_LEVEL: "loud",
      PROMISE_FIXED_NOW: "2026-11-27",
      DATABASE_URL: "mysql://x",
      PROMISE_STORE_TIMEOUT_MS: "5s",
    });
    expect(err.issues.map((i) => i.variable).sort()).toEqual([
      "DATABASE_URL",
      "PROMISE_ADDRESS",
      "PROMISE_BATCH_ITEM_LIMIT",
      "PROMISE_ESTIMATE_CACHE_SIZE",
      "PROMISE_FIXED_NOW",
      "PROMISE_LOG_LEVEL",
      "PROMISE_STORE_TIMEOUT_MS",
    ]);
    expect(err.message).toContain("PROMISE_BATCH_ITEM_LIMIT: expected at least 1");
    expect(err.message).toContain("PROMISE_ADDRESS: expected host:port");
  });

  it("rejects a PROMISE_DOMINATED_OPTIONS other than hide, mark or show", () => {
    expect(configError({ PROMISE_DOMINATED_OPTIONS: "hidden" }).issues).toEqual([
      { variable: "PROMISE_DOMINATED_OPTIONS", message: "expected one of hide, mark, show" },
    ]);
    expect(loadConfig({}, ["--dominated-options=show"]).dominatedOptions).toBe("show");
  });

  it("rejects a port above 65535 and names the flag it came from", () => {
    const err = configError({}, ["--address=127.0.0.1:70000"]);
    expect(err.issues).toEqual([
      {
        variable: "PROMISE_ADDRESS (--address)",
        message: expect.stringContaining("expected host:port"),
      },
    ]);
  });

  it("rejects unknown command-line arguments", () => {
    expect(configError({}, ["--colour=blue"]).issues[0]?.variable).toBe("--colour=blue");
  });

  it("names a flag given without its value, and reads --flag value as --flag=value", () => {
    expect(configError({}, ["--address"]).issues).toEqual([
      { variable: "--address", message: "expected a value after the flag" },
    ]);
    expect(loadConfig({}, ["--dominated-options", "show"]).dominatedOptions).toBe("show");
  });

  it("gives a clock that stays at PROMISE_FIXED_NOW", () => {
    const clock = clockFor(loadConfig({ PROMISE_FIXED_NOW: "2026-11-20T00:00:00Z" }));
    expect(clock()).toBe(Date.UTC(2026, 10, 20));
    expect(clock()).toBe(Date.UTC(2026, 10, 20));
  });

  it("reads the risk and promise-event settings and names the variable of a bad one", () => {
    const config = loadConfig({
      PROMISE_RISK_SHIP_GRACE_MINUTES: "30",
      PROMISE_RISK_INTERVAL_MS: "0",
      PROMISE_RISK_WORKER_IDLE_MS: "0",
      PROMISE_RISK_PASS_NICE: "5",
      PROMISE_EVENT_RETENTION_HOURS: "24",
      PROMISE_EVENT_STREAM_BUFFER: "500",
      PROMISE_NATS_URL: "nats://127.0.0.1:4222",
      PROMISE_PAGE_TOKEN_SECRET: "0123456789abcdef",
    });
    expect([
      config.riskShipGraceMinutes,
      config.riskIntervalMs,
      config.riskWorkerIdleMs,
      config.riskPassNice,
      config.eventRetentionHours,
      config.eventStreamBuffer,
      config.natsUrl,
      config.pageTokenSecret,
    ]).toEqual([30, 0, 0, 5, 24, 500, "nats://127.0.0.1:4222", "0123456789abcdef"]);
    expect(configError({ PROMISE_RISK_PASS_NICE: "20" }).issues[0]?.variable).toBe(
      "PROMISE_RISK_PASS_NICE",
    );
    expect(configError({ PROMISE_NATS_URL: "http://x" }).issues[0]?.variable).toBe(
      "PROMISE_NATS_URL",
    );
    expect(configError({ PROMISE_PAGE_TOKEN_SECRET: "short" }).issues[0]?.variable).toBe(
      "PROMISE_PAGE_TOKEN_SECRET",
    );
  });

  it("reads every cache and buffer limit, with the memory limits' defaults when unset", () => {
    const defaults = loadConfig({});
    expect({
      destinationMemo: defaults.destinationMemoSize,
      labelLocales: defaults.labelLocaleLimit,
      labelsPerLocale: defaults.labelsPerLocale,
      pickupOptions: defaults.pickupOptionCacheSize,
      pickupLabels: defaults.pickupLabelCacheSize,
      pickupLabelFormats: defaults.pickupLabelFormats,
    }).toEqual(DEFAULT_MEMORY_LIMITS);
    const config = loadConfig({
      PROMISE_DESTINATION_MEMO_SIZE: "20000",
      PROMISE_LABEL_LOCALE_LIMIT: "32",
      PROMISE_LABELS_PER_LOCALE: "1000",
      PROMISE_PICKUP_OPTION_CACHE_SIZE: "100",
      PROMISE_PICKUP_LABEL_CACHE_SIZE: "200",
      PROMISE_PICKUP_LABEL_FORMATS: "64",
      PROMISE_EVENT_STREAM_PAGE: "250",
      PROMISE_HTTP_STREAM_BUFFER: "4",
      PROMISE_NATS_BATCH: "100",
      PROMISE_NATS_POLL_MS: "1000",
      PROMISE_LOG_BUFFER_BYTES: "0",
      PROMISE_LOG_FLUSH_MS: "50",
      PROMISE_STOCK_PAGE_ROWS: "5000",
    });
    expect([
      config.destinationMemoSize,
      config.labelLocaleLimit,
      config.labelsPerLocale,
      config.pickupOptionCacheSize,
      config.pickupLabelCacheSize,
      config.pickupLabelFormats,
      config.eventStreamPage,
      config.httpStreamBuffer,
      config.natsBatch,
      config.natsPollMs,
      config.logBufferBytes,
      config.logFlushMs,
      config.stockPageRows,
    ]).toEqual([20_000, 32, 1_000, 100, 200, 64, 250, 4, 100, 1_000, 0, 50, 5_000]);
  });

  it("names each bad cache or buffer limit with what it expects", () => {
    const err = configError(
      {
        PROMISE_DESTINATION_MEMO_SIZE: "0",
        PROMISE_LABELS_PER_LOCALE: "many",
        PROMISE_STOCK_PAGE_ROWS: "10",
      },
      ["--http-stream-buffer=0"],
    );
    expect(err.issues).toEqual([
      { variable: "PROMISE_DESTINATION_MEMO_SIZE", message: "expected at least 1" },
      {
        variable: "PROMISE_LABELS_PER_LOCALE",
        message: "expected a whole number from 1 to 10000000",
      },
      {
        variable: "PROMISE_HTTP_STREAM_BUFFER (--http-stream-buffer)",
        message: "expected at least 1",
      },
      { variable: "PROMISE_STOCK_PAGE_ROWS", message: "expected at least 100" },
    ]);
  });
});
