import { addDays, type Day } from "../engine/day.js";
import { storeClosedError } from "./store-error.js";
import type { ShippedTuple } from "./store-rows.js";

/**
 * One keyset-paged read: the rows after a key, at most `limit` of them, in key order. A driver
 * supplies only the query (one statement or SQL text per page); the loop, the closed check and
 * the end of the read are shared.
 */
export interface KeysetRead<Row, Key> {
  /** The key before the first row. */
  readonly first: Key;
  /** The key of a page's last row: the next page starts after it. */
  readonly keyOf: (last: Row) => Key;
  readonly page: (after: Key, limit: number) => readonly Row[] | Promise<readonly Row[]>;
}

/**
 * The pages of a keyset read, each mapped row by row. Stops after a short page (fewer rows than
 * `batchSize`), so a read of n rows costs ceil((n + 1) / batchSize) queries at most. Throws the
 * store's closed error when the store closes between two pages.
 */
export async function* keysetPages<Row, Key, Out>(
  read: KeysetRead<Row, Key>,
  batchSize: number,
  closed: () => boolean,
  map: (row: Row) => Out,
): AsyncGenerator<readonly Out[]> {
  let after = read.first;
  for (;;) {
    if (closed()) throw storeClosedError();
    const page = await read.page(after, batchSize);
    if (page.length === 0) return;
    yield page.map(map);
    if (page.length < batchSize) return;
    after = read.keyOf(page[page.length - 1]!);
  }
}

/** The batch size a load call asked for, at least 1, else the default. */
/**
 * One page per day from `fromDay` to `toDay`, days without rows skipped. Throws the store's closed
 * error when the store closes between two days.
 */
export async function* dailyPages<Out>(
  fromDay: Day,
  toDay: Day,
  closed: () => boolean,
  page: (day: Day) => readonly Out[] | Promise<readonly Out[]>,
): AsyncGenerator<readonly Out[]> {
  for (let day = fromDay; day <= toDay; day = addDays(day, 1)) {
    if (closed()) throw storeClosedError();
    const rows = await page(day);
    if (rows.length > 0) yield rows;
  }
}

export function batchSizeOf(options: { batchSize?: number }, fallback: number): number {
  return Math.max(1, Math.floor(options.batchSize ?? fallback));
}

/**
 * Which day a read of outcomes selects on: the delivered day (loadDeliveries, for learning) or
 * the ship day, the promise's when no SHIPPED event came (loadShipped, for accuracy).
 */
export type OutcomeDay = "delivered" | "shipped";

/** The column (or expression) each outcome read selects on, in `shipment` and `imported_delivery`. */
export const OUTCOME_DAY_COLUMNS: Readonly<
  Record<OutcomeDay, { readonly shipment: string; readonly imported: string }>
> = {
  delivered: { shipment: "delivered_day", imported: "delivered_day" },
  shipped: { shipment: "coalesce(ship_day, promised_ship_day)", imported: "ship_day" },
};

/**
 * What a driver supplies for one read of outcomes (its days and day column already chosen): a
 * page query over promised shipments (keyed by promise id and warehouse) and one over imported
 * deliveries (keyed by id), each returning ShippedTuples whose last entry is that key's id.
 */
export interface OutcomeQueries {
  readonly shipments: KeysetRead<ShippedTuple, readonly [string, string]>["page"];
  readonly imports: KeysetRead<ShippedTuple, number>["page"];
}

/**
 * The outcomes of one read: promised shipments first, then imported deliveries (none when
 * `promisesOnly`), in pages of at most `batchSize`.
 */
export async function* outcomePages<Out>(
  queries: OutcomeQueries,
  options: { batchSize: number; promisesOnly: boolean; closed: () => boolean },
  map: (row: ShippedTuple) => Out,
): AsyncGenerator<readonly Out[]> {
  const { batchSize, closed } = options;
  yield* keysetPages(
    {
      first: ["", ""] as const,
      keyOf: (last) => [String(last[10]), last[1]] as const,
      page: queries.shipments,
    },
    batchSize,
    closed,
    map,
  );
  if (options.promisesOnly) return;
  yield* keysetPages(
    { first: 0, keyOf: (last) => Number(last[10]), page: queries.imports },
    batchSize,
    closed,
    map,
  );
}
