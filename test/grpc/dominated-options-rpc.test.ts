import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/config.js";
import { createLogger, type RunningService, startService } from "../../src/main.js";
import { type Clients, clientsFor } from "../support/service-clients.js";
import { tempSqlitePath } from "../support/temp-dir.js";
import { unary } from "./grpc-test-helpers.js";

// The sample network on Friday 2026-12-04 15:00 in Bangkok, after bkk-1's 14:00 cut-off: the
// holiday weekend (Sat 5 Dec, substitute Mon 7 Dec) ships everything on Tue 8 Dec. To Chiang Mai:
// Kerry Wed 9 Dec 45 THB, DHL 11-15 Dec 35 THB, EMS 11-15 Dec 60 THB (see
// test/engine/dominated-options.test.ts for the days worked out).
const NOW = "2026-12-04T08:00:00Z";
const CHIANG_MAI = { countryCode: "TH", postalCode: "50000" };
const NBSP = "\u00a0";

async function start(mode: string | undefined): Promise<{ service: RunningService; c: Clients }> {
  const config = loadConfig({
    PROMISE_ADDRESS: "127.0.0.1:0",
    PROMISE_SQLITE_PATH: tempSqlitePath(),
    PROMISE_FIXED_NOW: NOW,
    PROMISE_LOG_LEVEL: "silent",
    ...(mode === undefined ? {} : { PROMISE_DOMINATED_OPTIONS: mode }),
  });
  const service = await startService(config, createLogger(config));
  return { service, c: clientsFor(service.port) };
}

let byDefault: { service: RunningService; c: Clients };
let marking: { service: RunningService; c: Clients };
let showing: { service: RunningService; c: Clients };

beforeAll(async () => {
  byDefault = await start(undefined);
  marking = await start("mark");
  showing = await start("show");
}, 30_000);

afterAll(async () => {
  for (const s of [byDefault, marking, showing]) {
    s?.c.close();
    await s?.service.stop(1000);
  }
});

const estimate = (s: { c: Clients }, locale = "en") =>
  unary(s.c.promise.Estimate.bind(s.c.promise), {
    sku: "SKU-TSHIRT-001",
    quantity: 1,
    destination: CHIANG_MAI,
    locale,
  });

const row = (o: {
  serviceId: string;
  deliveryEarliest: string;
  deliveryLatest: string;
  price: { units: number | string } | null;
  fastest: boolean;
  cheapest: boolean;
  dominated: boolean;
  dominatedBy: string;
}) => [
  o.serviceId,
  o.deliveryEarliest,
  o.deliveryLatest,
  Number(o.price?.units),
  o.fastest,
  o.cheapest,
  o.dominated,
  o.dominatedBy,
];

describe("dominated options over gRPC", () => {
  it("leaves EMS out of Estimate by default", async () => {
    const reply = await estimate(byDefault);
    expect(reply.options.map(row)).toEqual([
      ["kerry-express", "2026-12-09", "2026-12-09", 45, true, false, false, ""],
      ["dhl-th-standard", "2026-12-11", "2026-12-15", 35, false, true, false, ""],
    ]);
  });

  it("marks EMS with mark, naming Kerry in a NOT_FASTER reason and a label in the request's locale", async () => {
    const reply = await estimate(marking, "en-GB");
    expect(reply.options.map(row)).toEqual([
      ["kerry-express", "2026-12-09", "2026-12-09", 45, true, false, false, ""],
      ["dhl-th-standard", "2026-12-11", "2026-12-15", 35, false, true, false, ""],
      ["thaipost-ems", "2026-12-11", "2026-12-15", 60, false, false, true, "kerry-express"],
    ]);
    const ems = reply.options[2]!;
    expect(ems.reasons.at(-1)).toEqual({
      code: "NOT_FASTER",
      date: "",
      detail: "Kerry Express next day",
      text: "Not faster than Kerry Express next day",
    });
    expect(ems.dominatedLabel).toBe(
      `Not faster than Kerry Express next day, which costs THB${NBSP}15.00 less`,
    );
    expect(reply.options[0]!.dominatedLabel).toBe("");
    const thai = (await estimate(marking, "th-TH")).options[2]!;
    expect(thai.dominatedLabel).toBe("ไม่เร็วกว่า Kerry Express next day ซึ่งถูกกว่า ฿15.00");
    const vietnamese = (await estimate(marking, "vi-VN")).options[2]!;
    expect(vietnamese.dominatedLabel).toBe(
      `Không nhanh hơn Kerry Express next day, vốn rẻ hơn 15,00${NBSP}฿`,
    );
  });

  it("keeps EMS unflagged with show", async () => {
    const reply = await estimate(showing);
    expect(reply.options.map(row)).toEqual([
      ["kerry-express", "2026-12-09", "2026-12-09", 45, true, false, false, ""],
      ["dhl-th-standard", "2026-12-11", "2026-12-15", 35, false, true, false, ""],
      ["thaipost-ems", "2026-12-11", "2026-12-15", 60, false, false, false, ""],
    ]);
  });

  it("applies the setting to every item of EstimateBatch", async () => {
    const batch = (s: { c: Clients }) =>
      unary(s.c.promise.EstimateBatch.bind(s.c.promise), {
        items: [
          { sku: "SKU-TSHIRT-001", quantity: 1 },
          { sku: "SKU-MUG-001", quantity: 3 },
        ],
        destination: CHIANG_MAI,
        locale: "th",
      });
    const hidden = await batch(byDefault);
    expect(hidden.results.map((r) => r.estimate!.options.map((o) => o.serviceId))).toEqual([
      ["kerry-express", "dhl-th-standard"],
      ["kerry-express", "dhl-th-standard"],
    ]);
    const marked = await batch(marking);
    expect(
      marked.results.map((r) =>
        r.estimate!.options.map((o) => [o.serviceId, o.dominatedBy, o.dominatedLabel]),
      ),
    ).toEqual(
      Array(2).fill([
        ["kerry-express", "", ""],
        ["dhl-th-standard", "", ""],
        ["thaipost-ems", "kerry-express", "ไม่เร็วกว่า Kerry Express next day ซึ่งถูกกว่า ฿15.00"],
      ]),
    );
  });

  it("applies it to QuoteCart, and still confirms a dominated option the shopper picked", async () => {
    const quote = (s: { c: Clients }) =>
      unary(s.c.promise.QuoteCart.bind(s.c.promise), {
        lines: [
          { sku: "SKU-TSHIRT-001", quantity: 1 },
          { sku: "SKU-MUG-001", quantity: 1 },
        ],
        destination: CHIANG_MAI,
        locale: "vi",
      });
    expect((await quote(byDefault)).options.map((o) => o.serviceId)).toEqual([
      "kerry-express",
      "dhl-th-standard",
    ]);
    const marked = (await quote(marking)).options;
    expect(
      marked.map((o) => [o.serviceId, o.dominated, o.dominatedBy, o.fastest, o.cheapest]),
    ).toEqual([
      ["kerry-express", false, "", true, false],
      ["dhl-th-standard", false, "", false, true],
      ["thaipost-ems", true, "kerry-express", false, false],
    ]);
    expect(marked[2]!.dominatedLabel).toBe(
      `Không nhanh hơn Kerry Express next day, vốn rẻ hơn 15,00${NBSP}฿`,
    );
    // Hidden from the quote, but a promise that can be kept: EMS 11-15 Dec.
    const promise = (
      await unary(byDefault.c.promise.ConfirmPromise.bind(byDefault.c.promise), {
        idempotencyKey: "ems-anyway",
        lines: [{ sku: "SKU-TSHIRT-001", quantity: 1 }],
        destination: CHIANG_MAI,
        serviceId: "thaipost-ems",
      })
    ).promise!;
    expect([promise.serviceId, promise.deliveryEarliest, promise.deliveryLatest]).toEqual([
      "thaipost-ems",
      "2026-12-11",
      "2026-12-15",
    ]);
    expect(promise.reasons.map((r) => r.code)).not.toContain("NOT_FASTER");
  });
});
