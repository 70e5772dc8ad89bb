/**
 * A mixed product-page load for the memory figures: 90% Estimate, 10% EstimateBatch of 20 items,
 * over many distinct SKUs of the synthetic catalog, eight Thai postal codes of different zones,
 * quantities 1-3 and two locales, so the estimate cache fills up the way a real catalog fills it.
 *
 *   node --import tsx bench/mixed-load.ts PORT SECONDS SKUS
 *
 * 16 calls in flight over 4 connections; prints one JSON line with the calls made and failed.
 * Stops by itself after SECONDS.
 */
import { catalogSku } from "./catalog.js";
import {
  callRawOn,
  encodeEstimateBatchRequest,
  encodeEstimateRequest,
  ownConnectionClient,
} from "./grpc-frames.js";

const POSTAL_CODES = ["10110", "10200", "10500", "20000", "40000", "50000", "83000", "90110"];

export interface MixedLoadResult {
  readonly calls: number;
  readonly failed: number;
}

export async function runMixedLoad(
  port: number,
  seconds: number,
  skus: number,
): Promise<MixedLoadResult> {
  const clients = Array.from({ length: 4 }, () => ownConnectionClient(port));
  const endAt = Date.now() + seconds * 1000;
  let seed = 12345;
  const random = (n: number) => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return (seed >>> 8) % n;
  };
  let calls = 0;
  let failed = 0;
  const worker = async (i: number) => {
    const client = clients[i % clients.length]!;
    while (Date.now() < endAt) {
      const destination = {
        countryCode: "TH",
        postalCode: POSTAL_CODES[random(POSTAL_CODES.length)]!,
      };
      const locale = random(2) === 0 ? "th-TH" : "en";
      try {
        if (random(10) === 0) {
          const items = Array.from({ length: 20 }, () => ({
            sku: catalogSku(random(skus)),
            quantity: 1,
          }));
          await callRawOn(
            client,
            "EstimateBatch",
            encodeEstimateBatchRequest({ items, destination, locale }),
          );
        } else {
          const request = { sku: catalogSku(random(skus)), quantity: 1 + random(3), destination };
          await callRawOn(client, "Estimate", encodeEstimateRequest({ ...request, locale }));
        }
        calls++;
      } catch {
        failed++;
      }
    }
  };
  await Promise.all(Array.from({ length: 16 }, (_, i) => worker(i)));
  for (const client of clients) client.close();
  return { calls, failed };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [port, seconds, skus] = process.argv.slice(2).map(Number);
  const result = await runMixedLoad(port!, seconds!, skus!);
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(0);
}
