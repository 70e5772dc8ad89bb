import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isLoopbackAddress } from "../../src/config/check-combinations.js";
import { ConfigError, loadConfig } from "../../src/config/config.js";
import { loadAccessTokens } from "../../src/grpc/access-tokens.js";

const TOKEN_A = "a-very-long-admin-token-1234";
const TOKEN_P = "a-very-long-planner-token-99";

function issuesOf(env: Record<string, string>): Array<{ variable: string; message: string }> {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.issues.map((i) => ({ ...i }));
    throw err;
  }
  throw new Error("expected a ConfigError");
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "promise-config-"));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("hardening settings", () => {
  it("reads ports, tokens, TLS files, limits, lifecycle and metrics settings", () => {
    const config = loadConfig({
      PROMISE_ADMIN_ADDRESS: "127.0.0.1:6001",
      PROMISE_PLANNER_ADDRESS: "127.0.0.1:6002",
      PROMISE_TOKENS: JSON.stringify([
        { name: "stock-feed", role: "admin", token: TOKEN_A },
        { name: "planning", role: "planner", token: TOKEN_P },
      ]),
      PROMISE_TLS_CERT: "/tls/server.crt",
      PROMISE_TLS_KEY: "/tls/server.key",
      PROMISE_TLS_CLIENT_CA: "/tls/ca.crt",
      PROMISE_MAX_RECEIVE_MESSAGE_BYTES: "65536",
      PROMISE_MAX_SEND_MESSAGE_BYTES: "131072",
      PROMISE_CART_LINE_LIMIT: "20",
      PROMISE_MAX_CONCURRENT_SIMULATIONS: "4",
      PROMISE_SHUTDOWN_GRACE_MS: "30000",
      PROMISE_DRAIN_DELAY_MS: "5000",
      PROMISE_METRICS_ADDRESS: "0.0.0.0:9464",
    });
    expect(config).toMatchObject({
      adminAddress: "127.0.0.1:6001",
      plannerAddress: "127.0.0.1:6002",
      accessTokens: [
        { name: "stock-feed", role: "admin", token: TOKEN_A },
        { name: "planning", role: "planner", token: TOKEN_P },
      ],
      accessTokensFile: undefined,
      insecureAdmin: false,
      tlsCertFile: "/tls/server.crt",
      tlsKeyFile: "/tls/server.key",
      tlsClientCaFile: "/tls/ca.crt",
      maxReceiveMessageBytes: 65_536,
      maxSendMessageBytes: 131_072,
      cartLineLimit: 20,
      maxConcurrentSimulations: 4,
      shutdownGraceMs: 30_000,
      drainDelayMs: 5_000,
      metricsAddress: "0.0.0.0:9464",
    });
  });

  it("says where a token list is wrong, without repeating any token", () => {
    const issues = issuesOf({
      PROMISE_TOKENS: JSON.stringify([
        { name: "ops", role: "root", token: TOKEN_A },
        { name: "ops", role: "planner", token: "short" },
      ]),
    });
    expect(issues).toEqual([
      {
        variable: "PROMISE_TOKENS",
        message: "[0].role: expected a role: admin or planner or tracking or events",
      },
      {
        variable: "PROMISE_TOKENS",
        message: "[1].token: expected a token of at least 16 characters",
      },
    ]);
    expect(
      JSON.stringify(issuesOf({ PROMISE_TOKENS: `[{"name":"x","token":"${TOKEN_A}"` })),
    ).not.toContain(TOKEN_A);
    expect(issuesOf({ PROMISE_TOKENS: "[]" })).toEqual([
      { variable: "PROMISE_TOKENS", message: "expected at least one token" },
    ]);
    expect(
      issuesOf({
        PROMISE_TOKENS: JSON.stringify([
          { name: "a", role: "admin", token: TOKEN_A },
          { name: "a", role: "planner", token: TOKEN_A },
        ]),
      }).map((i) => i.message),
    ).toEqual(["[1].name: duplicate name a", "[1].token: duplicate token"]);
  });

  it("refuses settings that only make sense together when one is missing", () => {
    expect(issuesOf({ PROMISE_TLS_CERT: "/tls/server.crt" })).toEqual([
      {
        variable: "PROMISE_TLS_KEY",
        message: "TLS needs both PROMISE_TLS_CERT and PROMISE_TLS_KEY",
      },
    ]);
    expect(issuesOf({ PROMISE_TLS_CLIENT_CA: "/tls/ca.crt" })).toEqual([
      {
        variable: "PROMISE_TLS_CLIENT_CA",
        message: "mutual TLS needs the server's own PROMISE_TLS_CERT and PROMISE_TLS_KEY",
      },
    ]);
    expect(
      issuesOf({
        PROMISE_TOKENS: JSON.stringify([{ name: "a", role: "admin", token: TOKEN_A }]),
        PROMISE_TOKENS_FILE: "/secrets/tokens.json",
      }),
    ).toEqual([
      {
        variable: "PROMISE_TOKENS_FILE",
        message: "set either PROMISE_TOKENS or PROMISE_TOKENS_FILE, not both",
      },
    ]);
    expect(issuesOf({ PROMISE_DRAIN_DELAY_MS: "10000" })).toEqual([
      {
        variable: "PROMISE_DRAIN_DELAY_MS",
        message: "must be shorter than PROMISE_SHUTDOWN_GRACE_MS (10000)",
      },
    ]);
    expect(issuesOf({ PROMISE_ADMIN_ADDRESS: "127.0.0.1:50051" })).toEqual([
      {
        variable: "PROMISE_ADMIN_ADDRESS",
        message: "is PROMISE_ADDRESS: leave it unset to serve on the public port",
      },
    ]);
  });

  it("allows PROMISE_INSECURE_ADMIN on loopback addresses only, and never with tokens", () => {
    expect(loadConfig({ PROMISE_INSECURE_ADMIN: "true" }).insecureAdmin).toBe(true);
    expect(
      loadConfig({ PROMISE_INSECURE_ADMIN: "1", PROMISE_ADMIN_ADDRESS: "[::1]:6001" })
        .insecureAdmin,
    ).toBe(true);
    expect(issuesOf({ PROMISE_INSECURE_ADMIN: "true", PROMISE_ADDRESS: "0.0.0.0:50051" })).toEqual([
      {
        variable: "PROMISE_INSECURE_ADMIN",
        message:
          "admin and planner without tokens are allowed on loopback addresses only, not 0.0.0.0:50051",
      },
    ]);
    // the public port may be open when the admin and planner ports are private
    expect(
      loadConfig({
        PROMISE_INSECURE_ADMIN: "true",
        PROMISE_ADDRESS: "0.0.0.0:50051",
        PROMISE_ADMIN_ADDRESS: "127.0.0.1:6001",
        PROMISE_PLANNER_ADDRESS: "127.0.0.1:6001",
      }).insecureAdmin,
    ).toBe(true);
    expect(
      issuesOf({
        PROMISE_INSECURE_ADMIN: "true",
        PROMISE_TOKENS_FILE: "/secrets/tokens.json",
      })[0]!.variable,
    ).toBe("PROMISE_INSECURE_ADMIN");
    expect(issuesOf({ PROMISE_INSECURE_ADMIN: "yes" })).toEqual([
      { variable: "PROMISE_INSECURE_ADMIN", message: "expected true or false" },
    ]);
  });

  it("knows which addresses are loopback", () => {
    expect(isLoopbackAddress("127.0.0.1:1")).toBe(true);
    expect(isLoopbackAddress("127.1.2.3:1")).toBe(true);
    expect(isLoopbackAddress("localhost:1")).toBe(true);
    expect(isLoopbackAddress("[::1]:1")).toBe(true);
    expect(isLoopbackAddress("unix:/run/promise.sock")).toBe(true);
    expect(isLoopbackAddress("[::]:1")).toBe(false);
    expect(isLoopbackAddress("0.0.0.0:1")).toBe(false);
    expect(isLoopbackAddress("127.0.0.1.example.com:1")).toBe(false);
    expect(isLoopbackAddress("10.0.0.5:1")).toBe(false);
  });
});

describe("loadAccessTokens", () => {
  it("reads the tokens file named by PROMISE_TOKENS_FILE", () => {
    const file = join(dir, "tokens.json");
    writeFileSync(file, JSON.stringify([{ name: "feed", role: "admin", token: TOKEN_A }]));
    const tokens = loadAccessTokens(loadConfig({ PROMISE_TOKENS_FILE: file }));
    expect(tokens.size).toBe(1);
    expect(tokens.identify(TOKEN_A)).toEqual({ name: "feed", role: "admin" });
  });

  it("names PROMISE_TOKENS_FILE for a missing or bad file, never a token", () => {
    const missing = join(dir, "missing.json");
    expect(() => loadAccessTokens({ accessTokens: undefined, accessTokensFile: missing })).toThrow(
      ConfigError,
    );
    const bad = join(dir, "bad.json");
    writeFileSync(bad, JSON.stringify([{ name: "feed", role: "owner", token: TOKEN_A }]));
    try {
      loadAccessTokens({ accessTokens: undefined, accessTokensFile: bad });
      throw new Error("expected a ConfigError");
    } catch (err) {
      expect((err as ConfigError).issues).toEqual([
        {
          variable: "PROMISE_TOKENS_FILE",
          message: `${bad}: [0].role: expected a role: admin or planner or tracking or events`,
        },
      ]);
      expect((err as Error).message).not.toContain(TOKEN_A);
    }
  });

  it("has no tokens when neither is set", () => {
    expect(loadAccessTokens(loadConfig({})).size).toBe(0);
  });
});
