import { Writable } from "node:stream";
import * as grpc from "@grpc/grpc-js";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import {
  DomainError,
  type DomainErrorKind,
  invalidArgument,
} from "../../src/domain/domain-error.js";
import {
  DETAILS_METADATA_KEY,
  FIELD_METADATA_KEY,
  STATUS_OF_KIND,
  toStatus,
} from "../../src/grpc/error-status.js";

function capturingLogger() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: pino({ level: "info" }, stream), lines };
}

describe("toStatus", () => {
  it("maps every domain error kind to the gRPC status of the same name", () => {
    for (const [kind, code] of Object.entries(STATUS_OF_KIND)) {
      expect(grpc.status[code]).toBe(kind);
      const { logger } = capturingLogger();
      expect(toStatus(new DomainError(kind as DomainErrorKind, "x"), logger, "M").code).toBe(code);
    }
  });

  it("names the field in the message and in the promise-field trailer", () => {
    const { logger, lines } = capturingLogger();
    const status = toStatus(invalidArgument("destination.postal_code", "bad"), logger, "Estimate");
    expect(status.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(status.details).toBe("destination.postal_code: bad");
    expect(status.metadata?.get(FIELD_METADATA_KEY)).toEqual(["destination.postal_code"]);
    expect(lines).toEqual([]);
  });

  it("passes byte details on in grpc-status-details-bin", () => {
    const { logger } = capturingLogger();
    const details = Uint8Array.of(1, 2, 3);
    const status = toStatus(
      new DomainError("FAILED_PRECONDITION", "gone", undefined, details),
      logger,
      "ConfirmPromise",
    );
    expect(status.metadata?.get(DETAILS_METADATA_KEY)).toEqual([Buffer.from([1, 2, 3])]);
  });

  it("answers INTERNAL with a generic message for a bug, and logs it with its stack", () => {
    const { logger, lines } = capturingLogger();
    const status = toStatus(new TypeError("secret detail"), logger, "Estimate");
    expect(status).toEqual({ code: grpc.status.INTERNAL, details: "internal error" });
    expect(lines).toHaveLength(1);
    const entry = JSON.parse(lines[0]!);
    expect(entry.level).toBe(50);
    expect(entry.method).toBe("Estimate");
    expect(entry.err.message).toBe("secret detail");
    expect(entry.err.stack).toContain("TypeError: secret detail");
  });
});
