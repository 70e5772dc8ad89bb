import { createHmac, timingSafeEqual } from "node:crypto";
import { invalidArgument } from "../engine/domain-error.js";
import type { ListCursor } from "./promise-event-store.js";

/** How long a page token is accepted. */
export const PAGE_TOKEN_TTL_MS = 60 * 60 * 1000;

/**
 * A ListPromises page token: where the page ended, the filters it belongs to and when it was
 * issued, signed with HMAC-SHA256 so a client cannot forge a cursor or reuse it with other
 * filters. Format: base64url(JSON) "." base64url(mac).
 */
export function signPageToken(
  cursor: ListCursor,
  filterKey: string,
  secret: Buffer,
  nowMs: number,
): string {
  const body = Buffer.from(
    JSON.stringify({ c: cursor.createdAtMs, i: cursor.id, f: filterKey, t: nowMs }),
  ).toString("base64url");
  return `${body}.${mac(body, secret)}`;
}

/** The cursor of a token; INVALID_ARGUMENT (field page_token) when tampered, foreign or expired. */
export function readPageToken(
  token: string,
  filterKey: string,
  secret: Buffer,
  nowMs: number,
): ListCursor {
  const dot = token.indexOf(".");
  if (dot <= 0) throw invalidArgument("page_token", "not a page token of this service");
  const body = token.slice(0, dot);
  const given = Buffer.from(token.slice(dot + 1), "base64url");
  const expected = Buffer.from(mac(body, secret), "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw invalidArgument("page_token", "not a page token of this service (signature mismatch)");
  }
  let parsed: { c?: unknown; i?: unknown; f?: unknown; t?: unknown };
  try {
    parsed = JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as typeof parsed;
  } catch {
    throw invalidArgument("page_token", "not a page token of this service");
  }
  if (
    typeof parsed.c !== "number" ||
    typeof parsed.i !== "string" ||
    typeof parsed.t !== "number"
  ) {
    throw invalidArgument("page_token", "not a page token of this service");
  }
  if (parsed.f !== filterKey) {
    throw invalidArgument("page_token", "was issued for other filters; start again without it");
  }
  if (nowMs - parsed.t > PAGE_TOKEN_TTL_MS || parsed.t - nowMs > 60_000) {
    throw invalidArgument("page_token", "has expired (valid for an hour); start again without it");
  }
  return { createdAtMs: parsed.c, id: parsed.i };
}

function mac(body: string, secret: Buffer): string {
  return createHmac("sha256", secret).update(body).digest("base64url");
}
