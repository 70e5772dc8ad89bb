import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/config.js";
import { createLogger, type RunningService, startService } from "../../src/main.js";
import { signShopifyBody } from "../../src/shopify/shopify-hmac.js";
import { FIXTURE_YAML } from "../engine/fixture-network.js";
import { createTestSchema, postgresForTests, type TestSchema } from "../support/postgres.js";
import { TcpProxy } from "../support/tcp-proxy.js";
import { tempDir, tempSqlitePath } from "../support/temp-dir.js";

const SECRET = "shpss_test_secret";
/** Wednesday 25 Nov 2026, 10:00 in Bangkok: before every cut-off of the engine fixture. */
const WEDNESDAY_MORNING = "2026-11-25T03:00:00Z";

/** The engine fixture's network (bkk, cnx, ...) with TEE only in Bangkok and HAT only in Chiang Mai. */
function networkFile(): string {
  const path = join(tempDir().path, "network.yaml");
  writeFileSync(
    path,
    `${FIXTURE_YAML}
stock:
  - { sku: TEE, warehouse: bkk, on_hand: 5 }
  - { sku: HAT, warehouse: cnx, on_hand: 5 }
`,
  );
  return path;
}

/** Shopify's documented sample rate request (an Ottawa shop shipping a T-shirt across town). */
const DOCUMENTED_SAMPLE = {
  rate: {
    origin: {
      country: "CA",
      postal_code: "K2P1L4",
      province: "ON",
      city: "Ottawa",
      name: null,
      address1: "150 Elgin St.",
      address2: "",
      address3: null,
      phone: null,
      fax: null,
      email: null,
      address_type: null,
      company_name: "Jamie D's Emporium",
    },
    destination: {
      country: "CA",
      postal_code: "K1M1M4",
      province: "ON",
      city: "Ottawa",
      name: "Bob Norman",
      address1: "24 Sussex Dr.",
      address2: "",
      address3: null,
      phone: null,
      fax: null,
      email: null,
      address_type: null,
      company_name: null,
    },
    items: [
      {
        name: "Short Sleeve T-Shirt",
        sku: "",
        quantity: 1,
        grams: 1000,
        price: 1999,
        vendor: "Jamie D's Emporium",
        requires_shipping: true,
        taxable: true,
        fulfillment_service: "manual",
        properties: null,
        product_id: 48447225880,
        variant_id: 258644705304,
      },
    ],
    currency: "USD",
    locale: "en",
  },
};

/** The documented request, shipped from Bangkok to Chiang Mai with our SKUs, in baht. */
function thaiRequest(items: Array<{ sku: string; quantity: number; price: number }>) {
  const sample = DOCUMENTED_SAMPLE.rate;
  return {
    rate: {
      ...sample,
      origin: { ...sample.origin, country: "TH", postal_code: "10110", province: "TH-10" },
      destination: {
        ...sample.destination,
        country: "TH",
        postal_code: "50200",
        province: "TH-50",
      },
      items: items.map((i) => ({ ...sample.items[0]!, ...i })),
      currency: "THB",
    },
  };
}

describe("POST /shopify/carrier-service", () => {
  let service: RunningService;
  let url: string;

  beforeAll(async () => {
    const config = loadConfig({
      PROMISE_ADDRESS: "127.0.0.1:0",
      PROMISE_HTTP_ADDRESS: "127.0.0.1:0",
      PROMISE_SQLITE_PATH: tempSqlitePath(),
      PROMISE_NETWORK_FILE: networkFile(),
      PROMISE_FIXED_NOW: WEDNESDAY_MORNING,
      PROMISE_LOG_LEVEL: "silent",
      PROMISE_SHOPIFY_SECRET: SECRET,
    });
    service = await startService(config, createLogger(config));
    url = `http://127.0.0.1:${service.httpEdge!.port}/shopify/carrier-service`;
  });

  afterAll(() => service?.stop(1000));

  function post(
    body: unknown,
    signature: string | null = signShopifyBody(JSON.stringify(body), SECRET),
  ) {
    const text = JSON.stringify(body);
    return fetch(url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        ...(signature === null ? {} : { "x-shopify-hmac-sha256": signature }),
      },
      body: text,
    });
  }

  it("quotes a cart no single warehouse fills as one Kerry rate: two parcels, 90 baht, Friday 27 Nov", async () => {
    const res = await post(
      thaiRequest([
        { sku: "TEE", quantity: 1, price: 1999 },
        { sku: "HAT", quantity: 1, price: 1500 },
      ]),
    );
    expect(res.status).toBe(200);
    // As the engine's split test works it out: both ship today (Wed 25); TEE from Bangkok arrives
    // Thu 26, HAT from Chiang Mai (Kerry's two days from cnx) Fri 27, so the cart has arrived by
    // Friday; 45 + 45 baht.
    expect(await res.json()).toEqual({
      rates: [
        {
          service_name: expect.any(String),
          service_code: "kerry-nd",
          total_price: "9000",
          currency: "THB",
          description: "Ships in 2 parcels",
          min_delivery_date: "2026-11-27 12:00:00 +0000",
          max_delivery_date: "2026-11-27 12:00:00 +0000",
        },
      ],
    });
  });

  it("writes the description in the request's locale (Thai)", async () => {
    const body = thaiRequest([
      { sku: "TEE", quantity: 1, price: 1999 },
      { sku: "HAT", quantity: 1, price: 1500 },
    ]);
    const res = await post({ rate: { ...body.rate, locale: "th" } });
    const { rates } = (await res.json()) as { rates: Array<{ description: string }> };
    expect(rates.map((r) => r.description)).toEqual(["จัดส่งเป็น 2 พัสดุ"]);
  });

  it("answers Shopify's documented sample (a Canadian address we do not serve) with no rates", async () => {
    const sample = {
      ...DOCUMENTED_SAMPLE,
      rate: {
        ...DOCUMENTED_SAMPLE.rate,
        items: [{ ...DOCUMENTED_SAMPLE.rate.items[0]!, sku: "TEE" }],
      },
    };
    const res = await post(sample);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ rates: [] });
  });

  it("sends an item without a SKU (the documented sample as it is) to backup rates with 422 naming it", async () => {
    const res = await post(DOCUMENTED_SAMPLE);
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual({ error: "rate.items[0].sku: the item has no SKU" });
  });

  it("sends an unknown SKU to backup rates with 422 naming the item", async () => {
    const res = await post(
      thaiRequest([
        { sku: "TEE", quantity: 1, price: 1999 },
        { sku: "NOPE", quantity: 1, price: 100 },
      ]),
    );
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual({ error: "rate.items[1].sku: unknown SKU" });
  });

  it("refuses a missing or wrong signature with 401", async () => {
    const body = thaiRequest([{ sku: "TEE", quantity: 1, price: 1999 }]);
    expect((await post(body, null)).status).toBe(401);
    expect((await post(body, signShopifyBody("something else", SECRET))).status).toBe(401);
    expect((await post(body, signShopifyBody(JSON.stringify(body), "other secret"))).status).toBe(
      401,
    );
  });

  it("refuses a malformed request with 400 naming the field", async () => {
    const body = { rate: { ...thaiRequest([{ sku: "TEE", quantity: 0, price: 1 }]).rate } };
    const res = await post(body);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(
      /^rate\.items\[0\]\.quantity: /,
    );
    const notJson = await fetch(url, {
      method: "POST",
      headers: { "x-shopify-hmac-sha256": signShopifyBody("{", SECRET) },
      body: "{",
    });
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toEqual({ error: "the body is not JSON" });
  });

  it("answers only POST", async () => {
    expect((await fetch(url)).status).toBe(405);
  });

  it("answers a body that is not a JSON object with 400 naming the body", async () => {
    const res = await fetch(url, {
      method: "POST",
      headers: { "x-shopify-hmac-sha256": signShopifyBody("[]", SECRET) },
      body: "[]",
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: "body: Invalid input: expected object, received array",
    });
  });

  it("answers a body over 1 MiB with 413 (not a reset connection), and closes that connection", async () => {
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: `{"rate":"${"x".repeat(2 * 1024 * 1024)}"}`,
    });
    expect(res.status).toBe(413);
    expect(res.headers.get("connection")).toBe("close");
    expect(await res.json()).toEqual({ error: "the request is larger than 1048576 bytes" });
  });
});

const pgTests = await postgresForTests("shopify-store-down");

describe.skipIf(!pgTests.run && pgTests.failure === undefined)(
  "the Shopify callback while PostgreSQL is unreachable",
  () => {
    let schema: TestSchema;
    let proxy: TcpProxy;
    let service: RunningService;

    beforeAll(async () => {
      if (pgTests.failure !== undefined) throw new Error(pgTests.failure);
      schema = await createTestSchema(pgTests.url);
      const target = new URL(pgTests.url);
      proxy = await TcpProxy.start({ host: target.hostname, port: Number(target.port || 5432) });
      const viaProxy = new URL(pgTests.url);
      viaProxy.hostname = "127.0.0.1";
      viaProxy.port = String(proxy.port);
      const config = loadConfig({
        PROMISE_ADDRESS: "127.0.0.1:0",
        PROMISE_HTTP_ADDRESS: "127.0.0.1:0",
        DATABASE_URL: viaProxy.toString(),
        PROMISE_DATABASE_SCHEMA: schema.name,
        PROMISE_NETWORK_FILE: networkFile(),
        PROMISE_FIXED_NOW: WEDNESDAY_MORNING,
        PROMISE_LOG_LEVEL: "silent",
        PROMISE_STORE_TIMEOUT_MS: "1000",
      });
      service = await startService(config, createLogger(config));
    }, 60_000);

    afterAll(async () => {
      await proxy?.restore();
      await service?.stop(1000);
      await proxy?.cut();
      await schema?.drop();
    });

    it("answers 503 so Shopify shows the shop's backup rates, and rates again once it is back", async () => {
      const url = `http://127.0.0.1:${service.httpEdge!.port}/shopify/carrier-service`;
      const ask = () =>
        fetch(url, {
          method: "POST",
          body: JSON.stringify(thaiRequest([{ sku: "TEE", quantity: 1, price: 1999 }])),
        }).then((r) => r.status);
      expect(await ask()).toBe(200);
      await proxy.cut();
      await expect.poll(ask, { timeout: 30_000, interval: 500 }).toBe(503);
      await proxy.restore();
      await expect.poll(ask, { timeout: 30_000, interval: 500 }).toBe(200);
    }, 90_000);
  },
);
