import { LRUCache } from "lru-cache";
import type { SkuIndex, ZoneIndex } from "../engine/network-index.js";

/**
 * Everything an estimate depends on, so that a key can never match a stale answer:
 * - `network`: the generation of the compiled network (changes on every reload or recompile);
 * - `skuIndex` and `skuStamp`: the SKU and its stock stamp (changes on any stock change of it);
 * - `capacityVersion`: the capacity view's version;
 * - `quantity`, `zoneIndex`, the cart value (`cartCurrency` empty when none) and `locale`: the
 *   request;
 * - `window`: the time window the order instant falls in (see TimeWindows), so the key changes at
 *   every cut-off and every warehouse midnight;
 * - `high`: HIGH confidence was asked for (learned lanes promise another quantile).
 */
export function estimateKey(
  network: number,
  skuIndex: SkuIndex,
  skuStamp: number,
  capacityVersion: number,
  quantity: number,
  zoneIndex: ZoneIndex,
  cartCurrency: string,
  cartCents: number,
  locale: string,
  window: number,
  high = false,
): string {
  const key =
    network +
    ":" +
    skuIndex +
    ":" +
    skuStamp +
    ":" +
    capacityVersion +
    ":" +
    quantity +
    ":" +
    zoneIndex +
    ":" +
    cartCurrency +
    cartCents +
    ":" +
    window +
    ":" +
    locale;
  return high ? `${key}:H` : key;
}

/**
 * An LRU cache of ready-to-send estimate answers with hit and miss counters, bounded both in
 * entries and in bytes: `sizeOf(value)` is what one answer costs (the estimate cache counts its
 * encoded reply plus the objects behind it, see `estimateEntryBytes`), and the key's characters
 * are added to it. The least recently used answers leave first when either limit is reached. A
 * limit of 0 turns it into a cache that never holds anything.
 */
export class EstimateCache<V extends {}> {
  private readonly lru: LRUCache<string, V> | undefined;
  hits = 0;
  misses = 0;

  constructor(
    readonly maxEntries: number,
    readonly maxBytes: number = Number.MAX_SAFE_INTEGER,
    sizeOf: (value: V) => number = () => 0,
  ) {
    this.lru =
      maxEntries > 0 && maxBytes > 0
        ? new LRUCache<string, V>({
            max: maxEntries,
            maxSize: maxBytes,
            // An entry that alone exceeds the limit is simply not kept.
            sizeCalculation: (value, key) => Math.max(1, sizeOf(value) + 2 * key.length),
          })
        : undefined;
  }

  /** The bytes the cached entries are counted at (at most maxBytes). */
  get bytes(): number {
    return this.lru?.calculatedSize ?? 0;
  }

  get(key: string): V | undefined {
    const value = this.lru?.get(key);
    if (value === undefined) this.misses++;
    else this.hits++;
    return value;
  }

  /**
   * The cached value counted as a hit, or undefined counting nothing: for a caller that looks the
   * key up again with `get` when it misses (so each call counts one hit or one miss).
   */
  getIfHit(key: string): V | undefined {
    const value = this.lru?.get(key);
    if (value !== undefined) this.hits++;
    return value;
  }

  set(key: string, value: V): void {
    this.lru?.set(key, value);
  }

  clear(): void {
    this.lru?.clear();
  }

  get size(): number {
    return this.lru?.size ?? 0;
  }

  /** hits / (hits + misses), 0 before the first lookup. */
  get hitRate(): number {
    const total = this.hits + this.misses;
    return total === 0 ? 0 : this.hits / total;
  }
}
