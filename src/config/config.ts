import { z } from "zod";

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
  /** Entries kept in the estimate cache; 0 disables it. */
  readonly estimateCacheSize: number;
  /** The most items an EstimateBatch call may carry. */
  readonly batchItemLimit: number;
  readonly logLevel: LogLevel;
  /** A fixed "now" (UTC ms) for demos and tests: the clock never moves. Undefined: real time. */
  readonly fixedNowMs: number | undefined;
}

export interface ConfigIssue {
  /** The environment variable at fault (and its flag, if it came from the command line). */
  readonly variable: string;
  readonly message: string;
}

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
  estimateCacheSize: {
    env: "PROMISE_ESTIMATE_CACHE_SIZE",
    flag: "--estimate-cache-size",
    default: "50000",
    description: "estimates kept in the in-memory cache (0 disables it)",
    schema: integer(0, 10_000_000),
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
    estimateCacheSize: p.estimateCacheSize ?? Number(SETTINGS.estimateCacheSize.default),
    batchItemLimit: p.batchItemLimit ?? Number(SETTINGS.batchItemLimit.default),
    logLevel: p.logLevel ?? "info",
    fixedNowMs: p.fixedNowMs,
  };
}

/** Reads `--flag=value` / `--flag value` pairs for known flags; anything else is an issue. */
function readFlags(argv: readonly string[], issues: ConfigIssue[]): Map<SettingKey, string> {
  const byFlag = new Map<string, SettingKey>(SETTING_KEYS.map((k) => [SETTINGS[k].flag, k]));
  const values = new Map<SettingKey, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.indexOf("=");
    const flag = eq >= 0 ? arg.slice(0, eq) : arg;
    const key = byFlag.get(flag);
    if (key === undefined) {
      issues.push({ variable: arg, message: "unknown command-line argument" });
      continue;
    }
    let value: string | undefined;
    if (eq >= 0) value = arg.slice(eq + 1);
    else value = argv[++i];
    if (value === undefined) {
      issues.push({ variable: flag, message: "expected a value after the flag" });
      continue;
    }
    values.set(key, value);
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
      for (const issue of result.error.issues) issues.push({ variable, message: issue.message });
    }
  }
  if (issues.length > 0) throw new ConfigError(issues);
  return toConfig(parsed as Parsed);
}
