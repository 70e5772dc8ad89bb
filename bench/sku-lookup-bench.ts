/**
 * The SKU index against the Map it replaced, in one process (run with --expose-gc):
 *
 *   node --expose-gc --import tsx bench/sku-lookup-bench.ts SKUS ROUNDS
 *
 * Builds both over the same SKUS synthetic SKUs, measures the memory each holds (V8 heap after a
 * full GC for the Map and its strings; the SkuTable's own buffers), then times lookups of fresh
 * strings (as a decoded request brings them, with no cached hash) in alternating rounds, and
 * prints one JSON line with the medians in nanoseconds per lookup.
 */
import { SkuTable } from "../src/view/sku-table.js";
import { catalogSku } from "./catalog.js";

export interface SkuLookupResult {
  readonly skus: number;
  readonly mapNs: number;
  readonly indexNs: number;
  readonly mapBytesPerSku: number;
  readonly indexBytesPerSku: number;
  readonly rounds: number;
}

const gc = (globalThis as { gc?: () => void }).gc;

function heapAfterGc(): number {
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed;
}

/**
 * Fresh flat copies of `count` SKUs spread over the catalog, decoded from bytes as a request's
 * strings are (no hash cached yet).
 */
function freshQueries(skus: number, count: number, offset: number): string[] {
  const out: string[] = new Array(count);
  for (let i = 0; i < count; i++) {
    out[i] = Buffer.from(catalogSku((offset + i * 7919) % skus), "latin1").toString("latin1");
  }
  return out;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

export function runSkuLookupBench(skus: number, rounds: number): SkuLookupResult {
  const before = heapAfterGc();
  const map = new Map<string, number>();
  const list: string[] = [];
  for (let i = 0; i < skus; i++) {
    const sku = catalogSku(i);
    map.set(sku, i);
    list.push(sku);
  }
  const mapBytes = heapAfterGc() - before;
  const index = new SkuTable(1024);
  for (let i = 0; i < skus; i++) index.add(catalogSku(i));
  const perRound = 200_000;
  const mapTimes: number[] = [];
  const indexTimes: number[] = [];
  let check = 0;
  for (let r = 0; r < rounds; r++) {
    const a = freshQueries(skus, perRound, r);
    const b = freshQueries(skus, perRound, r);
    let t = performance.now();
    for (const q of a) check += map.get(q) ?? -1;
    mapTimes.push(((performance.now() - t) * 1e6) / perRound);
    t = performance.now();
    for (const q of b) check -= index.get(q);
    indexTimes.push(((performance.now() - t) * 1e6) / perRound);
  }
  if (check !== 0) throw new Error("the SkuTable and the Map disagree");
  return {
    skus,
    mapNs: median(mapTimes),
    indexNs: median(indexTimes),
    mapBytesPerSku: mapBytes / skus,
    indexBytesPerSku: index.byteLength / skus,
    rounds,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [skus, rounds] = process.argv.slice(2).map(Number);
  process.stdout.write(`${JSON.stringify(runSkuLookupBench(skus!, rounds!))}\n`);
}
