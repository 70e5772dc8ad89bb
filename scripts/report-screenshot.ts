/**
 * Renders a peak-planner report in headless Chromium and saves the top of the page as a PNG (the
 * picture in docs/peak-planner.md):
 *
 *   npx promise simulate samples/scenarios/th-mega-sale.yaml --report /tmp/th.html
 *   node --import tsx scripts/report-screenshot.ts /tmp/th.html docs/report.png [height]
 *
 * The page is opened from the file with every network request refused (the report is offline).
 */
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const [input, output, heightArg] = process.argv.slice(2);
if (input === undefined || output === undefined) {
  console.error(
    "usage: node --import tsx scripts/report-screenshot.ts <report.html> <out.png> [height]",
  );
  process.exit(2);
}
const height = Number(heightArg ?? 2400);
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
});
try {
  const page = await browser.newPage({ viewport: { width: 1040, height } });
  const url = pathToFileURL(resolve(input)).href;
  await page.route("**/*", (route) =>
    route.request().url() === url ? route.continue() : route.abort(),
  );
  await page.goto(url);
  await page.screenshot({ path: output, clip: { x: 0, y: 0, width: 1040, height } });
  console.log(`${output}: 1040 x ${height}`);
} finally {
  await browser.close();
}
