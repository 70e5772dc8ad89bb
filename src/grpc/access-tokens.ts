import { createHash, timingSafeEqual } from "node:crypto";
import { readFileSync } from "node:fs";
import {
  type AccessRole,
  type AccessTokenSpec,
  accessTokenText,
  formatIssuePath,
} from "../config/access-token-schema.js";
import { type Config, ConfigError } from "../config/config.js";

/** Who made an authenticated call: the token's name (safe to log) and its role. */
export interface Caller {
  readonly name: string;
  readonly role: AccessRole;
}

interface Entry {
  readonly digest: Buffer;
  readonly caller: Caller;
}

/** Presented tokens longer than this are refused without hashing. */
export const MAX_PRESENTED_TOKEN_LENGTH = 4096;

function digestOf(token: string): Buffer {
  return createHash("sha256").update(token, "utf8").digest();
}

/**
 * The configured bearer tokens, kept only as SHA-256 digests. `identify` hashes the presented
 * token and compares it with every configured digest using `timingSafeEqual` (equal-length
 * buffers), without stopping at a match, so the time taken says nothing about the token or
 * about which entry matched.
 */
export class AccessTokens {
  private readonly entries: readonly Entry[];

  private constructor(entries: readonly Entry[]) {
    this.entries = entries;
  }

  static of(specs: readonly AccessTokenSpec[]): AccessTokens {
    return new AccessTokens(
      specs.map((s) => ({ digest: digestOf(s.token), caller: { name: s.name, role: s.role } })),
    );
  }

  static none(): AccessTokens {
    return new AccessTokens([]);
  }

  get size(): number {
    return this.entries.length;
  }

  /** The caller a token belongs to, or undefined. */
  identify(token: string): Caller | undefined {
    if (token.length === 0 || token.length > MAX_PRESENTED_TOKEN_LENGTH) return undefined;
    const digest = digestOf(token);
    let found: Caller | undefined;
    for (const entry of this.entries) {
      if (timingSafeEqual(digest, entry.digest) && found === undefined) found = entry.caller;
    }
    return found;
  }
}

/**
 * The tokens a configuration names: PROMISE_TOKENS, or the JSON file PROMISE_TOKENS_FILE (read
 * now), or none. A bad file throws ConfigError naming PROMISE_TOKENS_FILE (never a token).
 */
export function loadAccessTokens(
  config: Pick<Config, "accessTokens" | "accessTokensFile">,
): AccessTokens {
  if (config.accessTokens !== undefined) return AccessTokens.of(config.accessTokens);
  const file = config.accessTokensFile;
  if (file === undefined) return AccessTokens.none();
  const variable = "PROMISE_TOKENS_FILE";
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    throw new ConfigError([
      { variable, message: `cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? err}` },
    ]);
  }
  const result = accessTokenText.safeParse(text);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => ({
        variable,
        message: `${file}: ${issue.path.length === 0 ? "" : `${formatIssuePath(issue.path)}: `}${issue.message}`,
      })),
    );
  }
  return AccessTokens.of(result.data);
}
