import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";

const WIDGET = new URL("../../web/promise-estimate.js", import.meta.url);

describe("the widget's size", () => {
  it("is under 15 KB gzipped (level 9, as a CDN or the HTTP port would send it)", () => {
    const source = readFileSync(WIDGET);
    const gzipped = gzipSync(source, { level: 9 }).length;
    expect(gzipped).toBeGreaterThan(0);
    expect(gzipped).toBeLessThan(15 * 1024);
  });

  it("is one ES module with no imports (no build step, nothing else to fetch)", () => {
    const source = readFileSync(WIDGET, "utf8");
    expect(source).not.toMatch(/^\s*import\s/m);
    expect(source).toMatch(/customElements\.define\("promise-estimate"/);
  });
});
