import type { AccessTokenSpec } from "./access-token-schema.js";
import type { ConfigIssue } from "./config-issue.js";

/** The settings whose combinations are checked (a part of Config, which holds them all). */
export interface CombinedSettings {
  readonly address: string;
  readonly adminAddress: string | undefined;
  readonly plannerAddress: string | undefined;
  readonly accessTokens: readonly AccessTokenSpec[] | undefined;
  readonly accessTokensFile: string | undefined;
  readonly insecureAdmin: boolean;
  readonly tlsCertFile: string | undefined;
  readonly tlsKeyFile: string | undefined;
  readonly tlsClientCaFile: string | undefined;
  readonly shutdownGraceMs: number;
  readonly drainDelayMs: number;
}

/** True for addresses only this machine can reach: 127.0.0.0/8, ::1, localhost, unix sockets. */
export function isLoopbackAddress(address: string): boolean {
  if (address.startsWith("unix:")) return true;
  const host = address.slice(0, address.lastIndexOf(":"));
  return host === "localhost" || host === "[::1]" || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** Settings that are valid alone but not together. */
export function checkCombinations(config: CombinedSettings): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  if ((config.tlsCertFile === undefined) !== (config.tlsKeyFile === undefined)) {
    issues.push({
      variable: config.tlsCertFile === undefined ? "PROMISE_TLS_CERT" : "PROMISE_TLS_KEY",
      message: "TLS needs both PROMISE_TLS_CERT and PROMISE_TLS_KEY",
    });
  }
  if (config.tlsClientCaFile !== undefined && config.tlsCertFile === undefined) {
    issues.push({
      variable: "PROMISE_TLS_CLIENT_CA",
      message: "mutual TLS needs the server's own PROMISE_TLS_CERT and PROMISE_TLS_KEY",
    });
  }
  if (config.accessTokens !== undefined && config.accessTokensFile !== undefined) {
    issues.push({
      variable: "PROMISE_TOKENS_FILE",
      message: "set either PROMISE_TOKENS or PROMISE_TOKENS_FILE, not both",
    });
  }
  if (config.insecureAdmin) {
    if (config.accessTokens !== undefined || config.accessTokensFile !== undefined) {
      issues.push({
        variable: "PROMISE_INSECURE_ADMIN",
        message: "cannot be combined with tokens: unset it, or unset PROMISE_TOKENS(_FILE)",
      });
    }
    const exposed = [
      config.adminAddress ?? config.address,
      config.plannerAddress ?? config.address,
    ].filter((a) => !isLoopbackAddress(a));
    if (exposed.length > 0) {
      issues.push({
        variable: "PROMISE_INSECURE_ADMIN",
        message: `admin and planner without tokens are allowed on loopback addresses only, not ${exposed[0]}`,
      });
    }
  }
  for (const [variable, own] of [
    ["PROMISE_ADMIN_ADDRESS", config.adminAddress],
    ["PROMISE_PLANNER_ADDRESS", config.plannerAddress],
  ] as const) {
    if (own !== undefined && own === config.address && !own.endsWith(":0")) {
      issues.push({
        variable,
        message: "is PROMISE_ADDRESS: leave it unset to serve on the public port",
      });
    }
  }
  if (config.drainDelayMs > 0 && config.drainDelayMs >= config.shutdownGraceMs) {
    issues.push({
      variable: "PROMISE_DRAIN_DELAY_MS",
      message: `must be shorter than PROMISE_SHUTDOWN_GRACE_MS (${config.shutdownGraceMs})`,
    });
  }
  return issues;
}
