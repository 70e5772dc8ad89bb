import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { openPromiseEventStore } from "../../src/events/open-promise-event-store.js";
import type { RiskWriteRow, StoredRisk } from "../../src/events/promise-event-store.js";
import { openStore } from "../../src/store/open-store.js";
import { tempDir } from "../support/temp-dir.js";

let dir: ReturnType<typeof tempDir> | undefined;

afterEach(() => {
  dir?.remove();
  dir = undefined;
});

const json = (status: string, sinceMs: number, reasons: string[] = []) =>
  JSON.stringify({
    status,
    reasons,
    expectedEarliest: "2026-11-26",
    expectedLatest: "2026-11-26",
    sinceMs,
  } satisfies StoredRisk);

const AT_RISK = json("AT_RISK", 2000, ["NETWORK_CHANGED"]);
const FIRST_ON_TRACK = json("ON_TRACK", 2000);
const OTHER_REASON = json("AT_RISK", 2000, ["STOCK_SHORT"]);
const BACK = json("ON_TRACK", 3000);
const LATE = json("LATE", 3000, ["PAST_WINDOW"]);
const KEPT = json("KEPT", 4000);

/** Three writes over promises a, b (confirmed) and c (cancelled), and y (no promise). */
const WRITES: RiskWriteRow[][] = [
  [
    ["AT_RISK", AT_RISK, 2000, '["a","b"]'],
    // A first ON_TRACK: a row, no event, so its text is dropped again.
    ["ON_TRACK", FIRST_ON_TRACK, 2000, '["c"]'],
  ],
  [
    // a: other reasons, same status (no event: the text is dropped); b back on track; y LATE.
    ["AT_RISK", OTHER_REASON, 2000, '["a"]'],
    ["ON_TRACK", BACK, 3000, '["b","c"]'],
    ["LATE", LATE, 3000, '["y"]'],
  ],
  [["KEPT", KEPT, 4000, '["a"]']],
];

async function storeFile(path: string): Promise<void> {
  await (await openStore({ sqlitePath: path })).close();
  const db = new Database(path);
  db.exec(`insert into promise (id, idempotency_key, request_hash, status, payload, created_at_ms)
    values ('a', 'a', 'h', 'confirmed', '{}', 1000), ('b', 'b', 'h', 'confirmed', '{}', 1100),
      ('c', 'c', 'h', 'cancelled', '{}', 1200)`);
  db.close();
}

/** The stored layout: each event's (seq, risk column set?, risk_id), and the risk texts. */
function layout(path: string): { events: string[]; texts: string[] } {
  const db = new Database(path, { readonly: true });
  try {
    const events = (
      db
        .prepare("select seq, risk is not null, risk_id from promise_event order by seq")
        .raw()
        .all() as [number, number, number | null][]
    ).map(([seq, own, id]) => `${seq} ${own ? "own" : "-"} ${id ?? "-"}`);
    const texts = (
      db.prepare("select id, risk from promise_event_risk order by id").raw().all() as [
        number,
        string,
      ][]
    ).map(([id, risk]) => `${id} ${risk}`);
    return { events, texts };
  } finally {
    db.close();
  }
}

describe("migration 0021 (a bulk risk write stores each outcome's risk JSON once)", () => {
  for (const bulkWriter of [false, true]) {
    it(`stores one risk text per outcome that wrote events and publishes each event's risk as before (${bulkWriter ? "the bulk writer thread" : "the store's connection"})`, async () => {
      dir = tempDir("promise-migration-0021-");
      const path = `${dir.path}/store.db`;
      await storeFile(path);
      const events = openPromiseEventStore({ sqlitePath: path, bulkWriter });
      try {
        for (const rows of WRITES) await events.applyRiskRows!(rows);
        // b cancelled: its event carries b's risk row (ON_TRACK since 3000) in its own column.
        const db = new Database(path);
        db.prepare(
          "update promise set status = 'cancelled', cancelled_at_ms = 5000 where id = 'b'",
        ).run();
        db.close();

        // Ids: 1 kept (a, b AT_RISK); 2 dropped (c's first ON_TRACK); 2 again dropped (a's
        // other reason); 2 kept (b back); 3 kept (y LATE); 4 kept (a KEPT).
        expect(layout(path)).toEqual({
          events: [
            "1 - -",
            "2 - -",
            "3 - -",
            "4 - 1",
            "5 - 1",
            "6 - 2",
            "7 - 3",
            "8 - 4",
            "9 own -",
          ],
          texts: [`1 ${AT_RISK}`, `2 ${BACK}`, `3 ${LATE}`, `4 ${KEPT}`],
        });
        const published = (await events.readEvents(0, 100)).map(
          (e) =>
            `${e.seq} ${e.promiseId} ${e.kind} ${e.status} ${JSON.stringify(e.risk)} ${e.atMs}`,
        );
        expect(published).toEqual([
          "1 a CONFIRMED confirmed null 1000",
          "2 b CONFIRMED confirmed null 1100",
          "3 c CONFIRMED cancelled null 1200",
          `4 a AT_RISK confirmed ${AT_RISK} 2000`,
          `5 b AT_RISK confirmed ${AT_RISK} 2000`,
          `6 b BACK_ON_TRACK confirmed ${BACK} 3000`,
          `7 y AT_RISK  ${LATE} 3000`,
          `8 a KEPT confirmed ${KEPT} 4000`,
          `9 b CANCELLED cancelled ${BACK} 5000`,
        ]);
        // The publisher's claim reads the same rows.
        const claimed: string[] = [];
        await events.publishLane(
          0,
          100,
          async (batch) => {
            for (const e of batch) claimed.push(`${e.seq} ${JSON.stringify(e.risk)}`);
          },
          6000,
        );
        expect(claimed).toEqual(published.map((p) => `${p.split(" ")[0]} ${p.split(" ").at(-2)}`));
      } finally {
        await events.close();
      }
    });
  }

  it("retention deletes the risk texts older than every one an event still references", async () => {
    dir = tempDir("promise-migration-0021-prune-");
    const path = `${dir.path}/store.db`;
    await storeFile(path);
    const events = openPromiseEventStore({ sqlitePath: path, bulkWriter: false });
    try {
      for (const rows of WRITES) await events.applyRiskRows!(rows);
      // Events at 1000, 1100, 1200, 2000 (text 1), 2000 (1), 3000 (2), 3000 (3), 4000 (4).
      expect(await events.prune(3000, false)).toBe(5);
      expect(layout(path)).toEqual({
        events: ["6 - 2", "7 - 3", "8 - 4"],
        texts: [`2 ${BACK}`, `3 ${LATE}`, `4 ${KEPT}`],
      });
      expect((await events.readEvents(0, 10)).map((e) => e.risk?.status)).toEqual([
        "ON_TRACK",
        "LATE",
        "KEPT",
      ]);
      // Nothing deleted: the texts stay.
      expect(await events.prune(3000, false)).toBe(0);
      expect(layout(path).texts).toHaveLength(3);
      expect(await events.prune(5000, false)).toBe(3);
      expect(layout(path)).toEqual({ events: [], texts: [] });
      // The next outcome's text: id 1 again (no event references any earlier one).
      await events.applyRiskRows!([["AT_RISK", AT_RISK, 6000, '["b"]']]);
      expect(layout(path)).toEqual({ events: ["9 - 1"], texts: [`1 ${AT_RISK}`] });
      expect((await events.readEvents(8, 10)).map((e) => JSON.stringify(e.risk))).toEqual([
        AT_RISK,
      ]);
    } finally {
      await events.close();
    }
  });
});
