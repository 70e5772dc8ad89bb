import { describe, expect, it } from "vitest";
import { DomainError, errorText, invalidArgument } from "../../src/domain/domain-error.js";

describe("DomainError", () => {
  it("keeps the message and the field apart, and joins them only in text", () => {
    const err = invalidArgument("destination.postal_code", "must be 5 digits");
    expect(err.message).toBe("must be 5 digits");
    expect(err.field).toBe("destination.postal_code");
    expect(err.text).toBe("destination.postal_code: must be 5 digits");
  });

  it("has text equal to the message when no field is at fault, even with a colon in it", () => {
    const err = new DomainError("UNAVAILABLE", "the store is down: retry later");
    expect(err.text).toBe("the store is down: retry later");
  });

  it("shows a person a DomainError's text, an Error's message and anything else as a string", () => {
    expect(errorText(invalidArgument("sku", "unknown SKU"))).toBe("sku: unknown SKU");
    expect(errorText(new Error("boom"))).toBe("boom");
    expect(errorText(42)).toBe("42");
  });
});
