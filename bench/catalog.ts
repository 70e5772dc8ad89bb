/**
 * A synthetic catalog written through the store (the same `upsertStock` the stock feed and the
 * UpsertStock admin RPC use), for the scale figures: N SKUs in every warehouse of the sample
 * network.
 */
import { rmSync } from "node:fs";
import { openStore } from "../src/store/open-store.js";
import type { StockUpsert } from "../src/store/store.js";

export const SAMPLE_WAREHOUSES = ["bkk-1", "hcm-1", "ams-1"] as const;

/** The i-th synthetic SKU (fixed width, so every SKU string has the same length). */
export function catalogSku(i: number): string {
  return `BENCH-SKU-${String(i).padStart(7, "0")}`;
}

export interface CatalogOptions {
  readonly skus: number;
  readonly warehouses?: readonly string[];
  /** On hand per row (default 1,000,000: confirms never run a row out). */
  readonly onHand?: number;
  /** Rows per upsertStock call (one transaction each). */
  readonly chunk?: number;
}

/**
 * Writes `skus` x warehouses stock rows into a fresh SQLite file at `path` (deleted first, with
 * its -wal and -shm); resolves with the seconds it took.
 */
export async function writeSqliteCatalog(path: string, options: CatalogOptions): Promise<number> {
  for (const suffix of ["", "-wal", "-shm"]) rmSync(path + suffix, { force: true });
  const started = performance.now();
  const store = await openStore({ sqlitePath: path });
  try {
    await writeCatalog(store.upsertStock.bind(store), options);
  } finally {
    await store.close();
  }
  return (performance.now() - started) / 1000;
}

/** Calls `upsert` with the catalog's rows, chunk by chunk. */
export async function writeCatalog(
  upsert: (rows: readonly StockUpsert[]) => Promise<unknown>,
  options: CatalogOptions,
): Promise<void> {
  const warehouses = options.warehouses ?? SAMPLE_WAREHOUSES;
  const chunk = options.chunk ?? 50_000;
  const onHand = options.onHand ?? 1_000_000;
  let rows: StockUpsert[] = [];
  for (let i = 0; i < options.skus; i++) {
    const sku = catalogSku(i);
    for (const warehouseId of warehouses) {
      rows.push({ sku, warehouseId, onHand, safetyStock: 0, inbound: [], version: 1 });
    }
    if (rows.length >= chunk) {
      await upsert(rows);
      rows = [];
    }
  }
  if (rows.length > 0) await upsert(rows);
}
