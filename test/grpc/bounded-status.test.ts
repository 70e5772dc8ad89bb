import * as grpc from "@grpc/grpc-js";
import { describe, expect, it } from "vitest";
import { fixedClock } from "../../src/config/clock.js";
import { type DomainError, echoValue } from "../../src/domain/domain-error.js";
import { resolveDestination } from "../../src/engine/resolve-destination.js";
import {
  boundStatus,
  DETAILS_METADATA_KEY,
  FIELD_METADATA_KEY,
  MAX_STATUS_MESSAGE_BYTES,
} from "../../src/grpc/error-status.js";
import { loadNetworkFile } from "../../src/network/load-network-file.js";
import { LiveView } from "../../src/view/live-view.js";
import { FIXTURE_NETWORK, NOW_ISO } from "./grpc-test-helpers.js";

describe("echoValue", () => {
  it("repeats a short value as it is", () => {
    expect(echoValue("10110")).toBe("10110");
    expect(echoValue("x".repeat(64))).toBe("x".repeat(64));
  });

  it("repeats the first 64 characters of a long value and its length", () => {
    expect(echoValue(`${"0123456789".repeat(7)}tail`)).toBe(
      `${"0123456789".repeat(6)}0123… (74 characters)`,
    );
  });

  it("never cuts a character outside the BMP in half", () => {
    const value = `${"a".repeat(63)}💥${"b".repeat(10)}`;
    expect(echoValue(value)).toBe(`${"a".repeat(63)}… (75 characters)`);
  });
});

describe("a destination's error message", () => {
  it("repeats at most 64 characters of a 100,000-character postal code", () => {
    const live = new LiveView({
      file: loadNetworkFile(FIXTURE_NETWORK),
      clock: fixedClock(Date.parse(NOW_ISO)),
    });
    let text = "";
    try {
      resolveDestination(live.network, { countryCode: "TH", postalCode: "A".repeat(100_000) });
    } catch (err) {
      text = (err as DomainError).text;
    }
    expect(text).toBe(
      `destination.postal_code: "${"A".repeat(64)}… (100000 characters)" is not a valid postal code for TH`,
    );
  });
});

describe("boundStatus", () => {
  it("returns a status that fits as it is", () => {
    const metadata = new grpc.Metadata();
    metadata.set(FIELD_METADATA_KEY, "destination.postal_code");
    const status = { code: 3, details: "destination.postal_code: required", metadata };
    expect(boundStatus(status)).toBe(status);
  });

  it("cuts a long message to 1 KB as sent, saying how long it was", () => {
    const bounded = boundStatus({ code: 3, details: "x".repeat(100_000), metadata: null });
    // The suffix takes 33 bytes encoded: "…" is %E2%80%A6 and each space %20.
    expect(bounded.details).toBe(`${"x".repeat(1024 - 33)}… (100000 characters)`);
    expect(encodeURI(bounded.details).length).toBeLessThanOrEqual(MAX_STATUS_MESSAGE_BYTES);
  });

  it("counts a non-ASCII message by its percent-encoded size", () => {
    const bounded = boundStatus({ code: 3, details: "ก".repeat(1_000), metadata: null });
    // Each Thai character is 9 bytes encoded (%E0%B8%81); the suffix 32: floor(992 / 9) = 110.
    expect(bounded.details).toBe(`${"ก".repeat(110)}… (1000 characters)`);
    expect(encodeURI(bounded.details).length).toBeLessThanOrEqual(MAX_STATUS_MESSAGE_BYTES);
  });

  it("leaves out trailers that do not fit in 8 KB, the largest first", () => {
    const metadata = new grpc.Metadata();
    metadata.set(FIELD_METADATA_KEY, "service_id");
    metadata.set(DETAILS_METADATA_KEY, Buffer.alloc(20_000, 1));
    const bounded = boundStatus({ code: 9, details: "refused", metadata });
    expect(bounded.details).toBe("refused (details left out: larger than 8 KB)");
    expect(bounded.metadata!.get(DETAILS_METADATA_KEY)).toEqual([]);
    expect(bounded.metadata!.get(FIELD_METADATA_KEY)).toEqual(["service_id"]);
    // The caller's metadata object is left as it was.
    expect(metadata.get(DETAILS_METADATA_KEY)).toHaveLength(1);
  });

  it("survives a message with a lone surrogate", () => {
    const bounded = boundStatus({ code: 3, details: `\ud800${"y".repeat(5_000)}`, metadata: null });
    expect(bounded.details.startsWith("\ufffdyyy")).toBe(true);
  });
});
