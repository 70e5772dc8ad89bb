import { z } from "zod";

/**
 * Roles a bearer token can carry: `admin` may call the AdminService and the PeakPlannerService,
 * `planner` only the PeakPlannerService, `tracking` (a carrier-tracking feed) only
 * AdminService.RecordShipmentEvents, `events` (an order system) only AdminService.WatchPromiseEvents
 * and ListPromises. The public PromiseService needs no token.
 */
export const ACCESS_ROLES = ["admin", "planner", "tracking", "events"] as const;
export type AccessRole = (typeof ACCESS_ROLES)[number];

/** One configured token: who it belongs to (for logs, never the secret) and what it may do. */
export interface AccessTokenSpec {
  readonly name: string;
  readonly role: AccessRole;
  readonly token: string;
}

/** Tokens shorter than this are refused: they would be guessable. */
export const MIN_TOKEN_LENGTH = 16;

const tokenSpec = z
  .object({
    name: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, {
      message: "expected a name of 1-64 letters, digits, . _ -",
    }),
    role: z.enum(ACCESS_ROLES, { message: `expected a role: ${ACCESS_ROLES.join(" or ")}` }),
    token: z
      .string()
      .min(MIN_TOKEN_LENGTH, {
        message: `expected a token of at least ${MIN_TOKEN_LENGTH} characters`,
      })
      .regex(/^[\x21-\x7e]+$/, { message: "expected a token of printable ASCII without spaces" }),
  })
  .strict();

/** The tokens as JSON data: a non-empty array of {name, role, token}, names and tokens unique. */
export const accessTokenList = z
  .array(tokenSpec)
  .min(1, { message: "expected at least one token" })
  .superRefine((list, ctx) => {
    const names = new Set<string>();
    const tokens = new Set<string>();
    list.forEach((spec, i) => {
      if (names.has(spec.name))
        ctx.addIssue({ code: "custom", path: [i, "name"], message: `duplicate name ${spec.name}` });
      if (tokens.has(spec.token))
        ctx.addIssue({ code: "custom", path: [i, "token"], message: "duplicate token" });
      names.add(spec.name);
      tokens.add(spec.token);
    });
  });

/**
 * The tokens as text (an environment variable or the content of the tokens file): JSON, for
 * example `[{"name":"stock-feed","role":"admin","token":"..."}]`. Issue messages never repeat a
 * token.
 */
export const accessTokenText = z
  .string()
  .transform((text, ctx): unknown => {
    try {
      return JSON.parse(text);
    } catch {
      ctx.addIssue({
        code: "custom",
        message:
          'expected JSON: [{"name": "...", "role": "admin" | "planner" | "tracking" | "events", "token": "..."}]',
      });
      return z.NEVER;
    }
  })
  .pipe(accessTokenList);

/** Zod issue paths as `[1].token`. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  return path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("");
}
