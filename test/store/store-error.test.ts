import { describe, expect, it } from "vitest";
import { DomainError } from "../../src/domain/domain-error.js";
import {
  describeStoreFailure,
  isRetryableConflict,
  STORE_UNAVAILABLE_MESSAGE,
  toStoreError,
} from "../../src/store/store-error.js";
import { StoreHealth } from "../../src/store/store-health.js";

/** An error shaped as pg's DatabaseError. */
function pgError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code, severity: "FATAL" });
}

describe("toStoreError", () => {
  it.each([
    ["08000", "connection_exception"],
    ["08001", "sqlclient_unable_to_establish_sqlconnection"],
    ["08003", "connection_does_not_exist"],
    ["08004", "sqlserver_rejected_establishment_of_sqlconnection"],
    ["08006", "connection_failure"],
    ["08P01", "protocol_violation"],
    ["53300", "too_many_connections"],
    ["55000", 'database "shop" is not currently accepting connections'],
    ["57P01", "terminating connection due to administrator command"],
    ["57P02", "terminating connection due to crash of another server process"],
    ["57P03", "the database system is starting up"],
    ["40001", "could not serialize access due to concurrent update"],
    ["40P01", "deadlock detected"],
  ])(
    "answers SQLSTATE %s (%s) UNAVAILABLE with the public message, keeping the cause for the log",
    (code, message) => {
      const cause = pgError(code, message);
      const mapped = toStoreError(cause);
      expect(mapped).toBeInstanceOf(DomainError);
      expect((mapped as DomainError).kind).toBe("UNAVAILABLE");
      expect((mapped as DomainError).message).toBe(STORE_UNAVAILABLE_MESSAGE);
      expect(describeStoreFailure(mapped)).toEqual({ code, reason: message });
    },
  );

  it("never puts the address of a refused connection in the message", () => {
    const refused = new AggregateError(
      [
        Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:6543"), { code: "ECONNREFUSED" }),
        Object.assign(new Error("connect ECONNREFUSED ::1:6543"), { code: "ECONNREFUSED" }),
      ],
      "",
    );
    const mapped = toStoreError(refused) as DomainError;
    expect(mapped.message).toBe("the store is unavailable right now; retry later");
    expect(describeStoreFailure(mapped)).toEqual({
      code: "ECONNREFUSED",
      reason: "connect ECONNREFUSED 127.0.0.1:6543",
    });
  });

  it("leaves other errors (bugs) as they are", () => {
    const bug = pgError("42P01", 'relation "stock" does not exist');
    expect(toStoreError(bug)).toBe(bug);
  });

  it("tells conflicts worth another attempt, wrapped or not", () => {
    expect(isRetryableConflict(pgError("40001", "x"))).toBe(true);
    expect(isRetryableConflict(pgError("40P01", "x"))).toBe(true);
    expect(isRetryableConflict(toStoreError(pgError("40P01", "x")))).toBe(true);
    expect(isRetryableConflict(pgError("55000", "x"))).toBe(false);
  });
});

describe("StoreHealth", () => {
  function recording() {
    const lines: Array<{ level: string; msg: string; obj: Record<string, unknown> }> = [];
    const log = (level: string) => (obj: object, msg: string) =>
      lines.push({ level, msg, obj: obj as Record<string, unknown> });
    return { lines, logger: { info: log("info"), warn: log("warn"), error: log("error") } };
  }

  it("logs the start of an outage once, then counts, then its end", () => {
    const { lines, logger } = recording();
    let now = 1_000;
    const health = new StoreHealth(logger, () => now);
    const refused = toStoreError(
      Object.assign(new Error("connect ECONNREFUSED 10.0.0.5:5432"), { code: "ECONNREFUSED" }),
    );
    for (let i = 0; i < 36; i++) {
      health.failed(refused, "confirm");
      now += 25;
    }
    expect(lines).toEqual([
      {
        level: "warn",
        msg: "store unavailable",
        obj: {
          operation: "confirm",
          code: "ECONNREFUSED",
          reason: "connect ECONNREFUSED 10.0.0.5:5432",
        },
      },
    ]);
    // 30 s into the outage: one line with the count since the last one.
    now = 31_000;
    health.failed(refused, "getPromise");
    expect(lines.at(-1)).toEqual({
      level: "warn",
      msg: "store still unavailable",
      obj: {
        failures: 36,
        unavailableForMs: 30_000,
        code: "ECONNREFUSED",
        reason: "connect ECONNREFUSED 10.0.0.5:5432",
      },
    });
    now = 32_000;
    health.succeeded();
    health.succeeded();
    expect(lines.slice(2)).toEqual([
      {
        level: "info",
        msg: "store available again",
        obj: { failures: 37, unavailableForMs: 31_000 },
      },
    ]);
    expect(health.unavailable).toBe(false);
  });
});
