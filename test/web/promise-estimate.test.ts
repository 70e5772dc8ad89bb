import { fileURLToPath } from "node:url";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/config.js";
import { createLogger, type RunningService, startService } from "../../src/main.js";
import { FIXTURE_NETWORK } from "../grpc/grpc-test-helpers.js";
import { tempSqlitePath } from "../support/temp-dir.js";

/**
 * The widget in real headless Chromium, served by the service's own HTTP port (/widget/) and
 * calling its Connect JSON Estimate. The service's clock is fixed at Thursday 26 Nov 2026, 13:30
 * in Bangkok (06:30Z): Kerry still ships today (order by 14:00), EMS's 13:00 cut-off has passed,
 * so it ships Friday (order by Friday 13:00). The browser's clock is installed at the same
 * instant and moved by the tests.
 */
const NOW_ISO = "2026-11-26T06:30:00Z";
const DOCS = fileURLToPath(new URL("../../docs/", import.meta.url));
const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

let service: RunningService;
let base = "";
let browser: Browser;
/** Estimate calls the pages made (counted in the browser, as the HTTP port sees them). */
let estimateCalls = 0;

beforeAll(async () => {
  const config = loadConfig({
    PROMISE_ADDRESS: "127.0.0.1:0",
    PROMISE_HTTP_ADDRESS: "127.0.0.1:0",
    PROMISE_SQLITE_PATH: tempSqlitePath(),
    PROMISE_NETWORK_FILE: FIXTURE_NETWORK,
    PROMISE_FIXED_NOW: NOW_ISO,
    PROMISE_LOG_LEVEL: "silent",
  });
  service = await startService(config, createLogger(config));
  base = `http://127.0.0.1:${service.httpEdge!.port}`;
  browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ARGS });
});

afterAll(async () => {
  await browser?.close();
  await service?.stop(1000);
});

/** The few page names the scripts below use (the project compiles without the DOM types). */
interface PageNode {
  id: string;
  shadowRoot: PageNode | null;
  setAttribute(name: string, value: string): void;
  replaceWith(node: PageNode): void;
  querySelector(selector: string): PageNode | null;
}
interface PageGlobals {
  document: {
    createElement(tag: string): PageNode;
    querySelector(selector: string): PageNode | null;
    addEventListener(type: string, listener: (e: { detail: { serviceId: string } }) => void): void;
  };
  MutationObserver: new (
    callback: () => void,
  ) => { observe(node: PageNode, options: Record<string, boolean>): void };
  changes: number;
  chosen: string;
}

interface WidgetAttributes {
  sku?: string;
  postal?: string;
  country?: string;
  locale?: string;
  quantity?: number;
}

/** A page at `width` px with the browser's clock at the service's instant and one widget. */
async function widgetPage(width: number, attrs: WidgetAttributes = {}): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height: 640 } });
  page.on("request", (request) => {
    if (
      request.method() === "POST" &&
      request.url().endsWith("/promise.v1.PromiseService/Estimate")
    ) {
      estimateCalls++;
    }
  });
  await page.clock.install({ time: new Date(NOW_ISO) });
  await page.goto(`${base}/widget/demo.html`);
  await page.evaluate(
    ({ endpoint, a }) => {
      const { document } = globalThis as unknown as PageGlobals;
      const w = document.createElement("promise-estimate");
      w.id = "under-test";
      w.setAttribute("sku", a.sku ?? "SKU-A");
      w.setAttribute("postal-code", a.postal ?? "10110");
      w.setAttribute("country", a.country ?? "TH");
      w.setAttribute("locale", a.locale ?? "en-GB");
      if (a.quantity !== undefined) w.setAttribute("quantity", String(a.quantity));
      w.setAttribute("endpoint", endpoint);
      // In place of the demo page's own widget.
      document.querySelector("promise-estimate")!.replaceWith(w);
    },
    { endpoint: base, a: attrs },
  );
  await page.clock.runFor(50);
  // Its first answer is in (not only the loading message): a test that moves the clock while the
  // first Estimate is still in flight would see options rendered at the later instant, and no
  // order-by passing while they were shown (seen as a flake under a loaded CI run).
  await page.locator("#under-test:not([aria-busy])").waitFor();
  await page.locator("#under-test").locator("[part=countdown], [part=message]").first().waitFor();
  return page;
}

const shadow = (page: Page, selector: string) => page.locator("#under-test").locator(selector);

async function waitForText(page: Page, selector: string, text: string): Promise<void> {
  await expect.poll(() => shadow(page, selector).first().textContent()).toBe(text);
}

describe("<promise-estimate> in Chromium", () => {
  it("shows each option's window and price, and the countdown to Kerry's 14:00 order-by (wide)", async () => {
    const page = await widgetPage(1200);
    await waitForText(page, "[part=countdown]", "Order within 30 min to get it Fri 27 Nov");
    expect(await shadow(page, "[part=window]").allTextContents()).toEqual([
      "Fri 27 Nov",
      "Sat 28 Nov - Tue 1 Dec",
    ]);
    expect(await shadow(page, "[part=price]").allTextContents()).toEqual([
      "THB\u00a040.00",
      "THB\u00a032.00",
    ]);
    await page.screenshot({ path: `${DOCS}widget-wide.png`, fullPage: true });
    await page.close();
  });

  it("moves the countdown to EMS when Kerry's order-by passes, and asks the service again", async () => {
    const page = await widgetPage(360);
    const calls = estimateCalls;
    // 31 minutes later it is 14:01: EMS ships Friday, order by Friday 13:00 (22 h 59 min).
    await page.clock.runFor(31 * 60_000);
    await waitForText(
      page,
      "[part=countdown]",
      "Order within 22 h 59 min to get it Sat 28 Nov - Tue 1 Dec",
    );
    await expect.poll(() => estimateCalls, { timeout: 5_000 }).toBeGreaterThan(calls);
    // The live region said the new promise once, at the tick it moved (14:00:00 to 14:00:01,
    // 23 h before Friday 13:00), and not again when the countdown reached 22 h 59 min.
    await expect
      .poll(() => shadow(page, "[aria-live=polite]").textContent())
      .toBe("Order within 23 h to get it Sat 28 Nov - Tue 1 Dec");
    await page.close();
  });

  it("announces the promise in its live region, not every second", async () => {
    const page = await widgetPage(360);
    const live = shadow(page, "[aria-live=polite]");
    await expect.poll(() => live.textContent()).toBe("Order within 30 min to get it Fri 27 Nov");
    // Count the live region's changes over five minutes of one-second ticks.
    await page.evaluate(() => {
      const g = globalThis as unknown as PageGlobals;
      const region = g.document
        .querySelector("#under-test")!
        .shadowRoot!.querySelector("[aria-live]")!;
      g.changes = 0;
      new g.MutationObserver(() => {
        g.changes++;
      }).observe(region, { childList: true, characterData: true, subtree: true });
    });
    await page.clock.runFor(5 * 60_000);
    expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).changes)).toBe(0);
    await waitForText(page, "[part=countdown]", "Order within 25 min to get it Fri 27 Nov");
    await page.close();
  });

  it("is usable from the keyboard: arrows choose an option, Enter opens its reasons in words", async () => {
    const page = await widgetPage(1200);
    await waitForText(page, "[part=countdown]", "Order within 30 min to get it Fri 27 Nov");
    await page.evaluate(() => {
      const g = globalThis as unknown as PageGlobals;
      g.document.addEventListener("promise-select", (e) => {
        g.chosen = e.detail.serviceId;
      });
    });
    await page.locator("body").click({ position: { x: 1, y: 1 } });
    await page.keyboard.press("Tab");
    await page.keyboard.press("ArrowDown");
    expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).chosen)).toBe(
      "thpost-ems",
    );
    // Tab goes from the radio group to the first "Why these dates?" (EMS has reasons).
    await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    const reasons = shadow(page, "details[open] li");
    expect(await reasons.allTextContents()).toEqual([
      "Ordered after the warehouse's cut-off on Thu 26 Nov",
      "No deliveries on Sun 29 Nov",
    ]);
    await page.close();
  });

  it("speaks Thai for th-TH and Vietnamese for vi-VN, dates and reasons from the service", async () => {
    const thai = await widgetPage(360, { locale: "th-TH" });
    await waitForText(thai, "[part=countdown]", "สั่งภายใน 30 นาที เพื่อรับสินค้า ศุกร์ 27 พ.ย.");
    expect(await shadow(thai, "[part=reasons] li").allTextContents()).toEqual([
      "สั่งซื้อหลังเวลาตัดรอบของคลังสินค้า (พฤหัส 26 พ.ย.)",
      "ไม่มีการจัดส่งพัสดุ (อาทิตย์ 29 พ.ย.)",
    ]);
    await thai.close();
    const vietnamese = await widgetPage(360, { locale: "vi-VN" });
    await waitForText(
      vietnamese,
      "[part=countdown]",
      "Đặt trong 30 phút để nhận hàng Thứ 6, 27 thg 11",
    );
    // The narrow screenshot: Vietnamese, with EMS's reasons open (this machine has no Thai font).
    await shadow(vietnamese, "summary").first().click();
    await vietnamese.screenshot({ path: `${DOCS}widget-narrow.png`, fullPage: true });
    await vietnamese.close();
  });

  it("says plainly when there is no stock, and when the address is not served", async () => {
    const empty = await widgetPage(360, { quantity: 6 });
    await waitForText(
      empty,
      "[part=message]",
      "Out of stock: no delivery date can be promised right now.",
    );
    await empty.close();
    const nowhere = await widgetPage(360, { postal: "ABCDE" });
    await waitForText(nowhere, "[part=message]", "We don't deliver to ABCDE.");
    await nowhere.close();
    const thaiNowhere = await widgetPage(360, { country: "FR", postal: "75001", locale: "th-TH" });
    await waitForText(thaiNowhere, "[part=message]", "ยังไม่มีบริการจัดส่งไปยัง 75001");
    await thaiNowhere.close();
  });
});
