import type { Logger } from "pino";
import type { Clock } from "../config/clock.js";
import { loadNetworkFile } from "../network/load-network-file.js";
import { NetworkFileError } from "../network/network-file-error.js";
import type { LiveView } from "../view/live-view.js";

export interface ReloadResult {
  /** True when the new network is being served; false: the old one still is. */
  readonly reloaded: boolean;
  /** The version of the network served after the attempt. */
  readonly networkVersion: string;
  /** Why the file was rejected, one line per problem (`file:line: path: message`). */
  readonly errors: readonly string[];
  /** When the attempt finished (UTC ms). */
  readonly atMs: number;
}

export interface ReloadNetworkOptions {
  readonly live: LiveView;
  /** The network file to re-read (PROMISE_NETWORK_FILE). */
  readonly path: string;
  readonly clock: Clock;
  readonly logger?: Logger | undefined;
  /** Counts reloads by result (Metrics.networkReloads). */
  readonly counter?: { inc(labels: { result: string }): void } | undefined;
}

function issuesOf(err: NetworkFileError): string[] {
  return err.issues.map((issue) => {
    const where = issue.line === undefined ? err.source : `${err.source}:${issue.line}`;
    return issue.path === ""
      ? `${where}: ${issue.message}`
      : `${where}: ${issue.path}: ${issue.message}`;
  });
}

/**
 * Re-reads the network file, validates and compiles it, and swaps it in atomically
 * (LiveView.reload): requests already running finish on the network they started with, the next
 * ones see the new one. A file that cannot be read, parsed, validated or compiled changes
 * nothing: the old network keeps serving and the errors are returned (and logged). Used by
 * SIGHUP and the admin ReloadNetwork RPC. Never throws for a bad file.
 */
export function reloadNetwork(options: ReloadNetworkOptions): ReloadResult {
  const { live, path, clock, logger, counter } = options;
  const before = live.network.version;
  let errors: string[];
  try {
    const file = loadNetworkFile(path);
    live.reload(file);
    const result = {
      reloaded: true,
      networkVersion: live.network.version,
      errors: [],
      atMs: clock(),
    };
    logger?.info(
      { file: path, networkVersion: result.networkVersion, previousVersion: before },
      "network reloaded",
    );
    counter?.inc({ result: "reloaded" });
    return result;
  } catch (err) {
    if (err instanceof NetworkFileError) errors = issuesOf(err);
    else errors = [`${path}: ${err instanceof Error ? err.message : String(err)}`];
    logger?.error(
      { file: path, errors, networkVersion: live.network.version },
      "network reload rejected: the old network keeps serving",
    );
    counter?.inc({ result: "rejected" });
    return { reloaded: false, networkVersion: live.network.version, errors, atMs: clock() };
  }
}
