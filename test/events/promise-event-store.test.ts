import Database from "better-sqlite3";
import pg from "pg";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isoDay } from "../../src/engine/day.js";
import type { PromiseEvent, StoredRisk } from "../../src/events/promise-event-store.js";
import { listPromisesSql } from "../../src/events/promise-filter-sql.js";
import { PROMISE_RISK_STATUS_INDEX } from "../../src/store/promise-risk-status-index-migration.js";
import { confirmBare, type Engines, openEngines, payloadOf, pgTests } from "./support.js";

const risk = (status: string, sinceMs: number, reasons: string[] = []): StoredRisk => ({
  status,
  reasons,
  expectedEarliest: "2026-11-26",
  expectedLatest: "2026-11-26",
  sinceMs,
});

const brief = (events: readonly PromiseEvent[]) =>
  events.map(
    (e) => `${e.seq} ${e.promiseId} ${e.kind} ${e.status} ${e.risk?.status ?? "-"} ${e.atMs}`,
  );

for (const engine of ["sqlite", "postgres"] as const) {
  describe.skipIf(engine === "postgres" && !pgTests.run && pgTests.failure === undefined)(
    `the promise outbox on ${engine}`,
    () => {
      let db: Engines;
      beforeEach(async () => {
        db = await openEngines(engine);
      });
      afterEach(async () => {
        await db.close();
      });

      it("writes every promise change with its event, in commit order", async () => {
        await confirmBare(db.store, "p1", 1000);
        await confirmBare(db.store, "p2", 2000);
        await db.store.cancelPromise("p1", 3000);
        await db.store.fulfilPromise("p2", 4000);
        await db.store.cancelPromise("p1", 5000); // already cancelled: no change, no event
        expect(brief(await db.events.readEvents(0, 100))).toEqual([
          "1 p1 CONFIRMED confirmed - 1000",
          "2 p2 CONFIRMED confirmed - 2000",
          "3 p1 CANCELLED cancelled - 3000",
          "4 p2 SHIPPED fulfilled - 4000",
        ]);
        expect(await db.events.latestSeq()).toBe(4);
        expect(brief(await db.events.readEvents(2, 1))).toEqual([
          "3 p1 CANCELLED cancelled - 3000",
        ]);
      });

      it("numbers the CONFIRMED events of 4 confirms committed together 2 to 5 in the order they were asked, each in its promise's lane", async () => {
        await confirmBare(db.store, "p0", 500);
        const outcomes = await Promise.all(
          ["g1", "g2", "g3", "g4"].map((id, i) => confirmBare(db.store, id, 1001 + i)),
        );
        // One commit (one change number) for the four.
        expect(outcomes.map((o) => o.seq)).toEqual([2, 2, 2, 2]);
        await db.store.cancelPromise("g2", 2000);
        expect(brief(await db.events.readEvents(0, 100))).toEqual([
          "1 p0 CONFIRMED confirmed - 500",
          "2 g1 CONFIRMED confirmed - 1001",
          "3 g2 CONFIRMED confirmed - 1002",
          "4 g3 CONFIRMED confirmed - 1003",
          "5 g4 CONFIRMED confirmed - 1004",
          "6 g2 CANCELLED cancelled - 2000",
        ]);
        expect(await db.events.latestSeq()).toBe(6);
        // Each event's lane, as a publisher of each lane finds them (in order within the lane).
        const lanes: string[] = [];
        for (let lane = 0; lane < db.events.lanes; lane++) {
          await db.events.publishLane(
            lane,
            100,
            async (events) => {
              lanes.push(`${lane}: ${events.map((e) => e.seq).join(" ")}`);
            },
            9000,
          );
        }
        // SQLite has one lane. PostgreSQL's lane is mod(abs(hashtext(id)), 16): p0 8, g1 13,
        // g2 7 (both of its events), g3 7, g4 10.
        expect(lanes).toEqual(
          engine === "sqlite" ? ["0: 1 2 3 4 5 6"] : ["7: 3 4 6", "8: 1", "10: 5", "13: 2"],
        );
      });

      it("numbers the risk events of one write moving several promises consecutively in the order written, each in its promise's lane, and writes none for a row whose status stays", async () => {
        for (const [i, id] of ["a", "b", "c", "d", "e"].entries()) {
          await confirmBare(db.store, id, 1000 + i);
        }
        const atRisk = risk("AT_RISK", 2000, ["STOCK_SHORT"]);
        // One outcome (one statement) for a, b and d; e's first assessment is ON_TRACK: a row, no event.
        expect(
          await db.events.applyRisks([
            { promiseId: "a", risk: atRisk },
            { promiseId: "b", risk: atRisk },
            { promiseId: "d", risk: atRisk },
            { promiseId: "e", risk: risk("ON_TRACK", 2000) },
          ]),
        ).toBe(4);
        // One statement updating four rows: a, b and d back on track, e's since moved (its
        // status stays ON_TRACK: the row changes, no event).
        const onTrack = risk("ON_TRACK", 3000);
        expect(
          await db.events.applyRisks(
            ["a", "b", "d", "e"].map((promiseId) => ({ promiseId, risk: onTrack })),
          ),
        ).toBe(4);
        // The same risk again: nothing written, no event, no number taken.
        expect(await db.events.applyRisks([{ promiseId: "a", risk: onTrack }])).toBe(0);
        await db.store.cancelPromise("b", 4000);
        const events = await db.events.readEvents(5, 100);
        expect(events).toEqual([
          {
            seq: 6,
            promiseId: "a",
            kind: "AT_RISK",
            status: "confirmed",
            risk: atRisk,
            atMs: 2000,
          },
          {
            seq: 7,
            promiseId: "b",
            kind: "AT_RISK",
            status: "confirmed",
            risk: atRisk,
            atMs: 2000,
          },
          {
            seq: 8,
            promiseId: "d",
            kind: "AT_RISK",
            status: "confirmed",
            risk: atRisk,
            atMs: 2000,
          },
          ...["a", "b", "d"].map((promiseId, i) => ({
            seq: 9 + i,
            promiseId,
            kind: "BACK_ON_TRACK",
            status: "confirmed",
            risk: onTrack,
            atMs: 3000,
          })),
          {
            seq: 12,
            promiseId: "b",
            kind: "CANCELLED",
            status: "cancelled",
            risk: onTrack,
            atMs: 4000,
          },
        ]);
        expect(await db.events.latestSeq()).toBe(12);
        const lanes: string[] = [];
        for (let lane = 0; lane < db.events.lanes; lane++) {
          await db.events.publishLane(
            lane,
            100,
            async (published) => {
              lanes.push(`${lane}: ${published.map((e) => e.seq).join(" ")}`);
            },
            9000,
          );
        }
        // SQLite has one lane. PostgreSQL's lane is mod(abs(hashtext(id)), 16): a 1, b 0, c 10,
        // d 10, e 2 (CONFIRMED 1-5, then a 6 9, b 7 10 12, d 8 11).
        expect(lanes).toEqual(
          engine === "sqlite"
            ? ["0: 1 2 3 4 5 6 7 8 9 10 11 12"]
            : ["0: 2 7 10 12", "1: 1 6 9", "2: 5", "10: 3 4 8 11"],
        );
      });

      it("reads a confirmed promise never assessed as ON_TRACK with its own window since its confirm, from its promise_leg rows", async () => {
        await confirmBare(db.store, "p1", 1000, {
          ...payloadOf("bkk", "flash-std", "2026-11-24"),
          deliveryEarliest: "2026-11-25",
          deliveryLatest: "2026-11-26",
        });
        expect(await db.events.riskOf("p1")).toEqual({
          status: "ON_TRACK",
          reasons: [],
          expectedEarliest: "2026-11-25",
          expectedLatest: "2026-11-26",
          sinceMs: 1000,
        });
        await db.store.cancelPromise("p1", 2000);
        expect(await db.events.riskOf("p1")).toBeNull();
        expect(await db.events.riskOf("nobody")).toBeNull();
      });

      it("sends a risk change as AT_RISK and back as BACK_ON_TRACK; a first ON_TRACK is no event", async () => {
        await confirmBare(db.store, "p1", 1000);
        await confirmBare(db.store, "p2", 1500);
        expect(
          await db.events.applyRisks([{ promiseId: "p2", risk: risk("ON_TRACK", 1600) }]),
        ).toBe(1);
        expect(
          await db.events.applyRisks([
            { promiseId: "p1", risk: risk("AT_RISK", 2000, ["STOCK_SHORT"]) },
            { promiseId: "p2", risk: risk("ON_TRACK", 1600) }, // unchanged: nothing written
          ]),
        ).toBe(1);
        await db.events.applyRisks([{ promiseId: "p1", risk: risk("ON_TRACK", 3000) }]);
        const events = await db.events.readEvents(2, 100);
        expect(brief(events)).toEqual([
          "3 p1 AT_RISK confirmed AT_RISK 2000",
          "4 p1 BACK_ON_TRACK confirmed ON_TRACK 3000",
        ]);
        expect(events[0]!.risk).toEqual(risk("AT_RISK", 2000, ["STOCK_SHORT"]));
      });

      it("writes a promise named twice in one batch once, with its last risk and at most one event", async () => {
        await confirmBare(db.store, "p1", 1000);
        const atRisk = risk("AT_RISK", 2000, ["STOCK_SHORT"]);
        expect(
          await db.events.applyRisks([
            { promiseId: "p1", risk: atRisk },
            { promiseId: "p1", risk: atRisk },
          ]),
        ).toBe(1);
        // Back on track, then at risk for another reason, in one batch: the last one counts (the
        // status stays AT_RISK: the row changes, no event).
        expect(
          await db.events.applyRisks([
            { promiseId: "p1", risk: risk("ON_TRACK", 3000) },
            { promiseId: "p1", risk: risk("AT_RISK", 2000, ["NETWORK_CHANGED"]) },
          ]),
        ).toBe(1);
        expect(brief(await db.events.readEvents(1, 100))).toEqual([
          "2 p1 AT_RISK confirmed AT_RISK 2000",
        ]);
        expect((await db.events.riskOf("p1"))?.reasons).toEqual(["NETWORK_CHANGED"]);
      });

      it("lists promises newest first with filters on risk, warehouse, service and ship date", async () => {
        await confirmBare(db.store, "a", 1000, payloadOf("bkk", "flash-std", "2026-11-24"));
        await confirmBare(db.store, "b", 2000, payloadOf("bkk", "kerry-nd", "2026-11-25"));
        await confirmBare(db.store, "c", 3000, payloadOf("hcm", "ghn-std", "2026-11-25"));
        await db.events.applyRisks([{ promiseId: "b", risk: risk("AT_RISK", 2500) }]);
        const ids = async (filter: Parameters<typeof db.events.listPromises>[0]) =>
          (await db.events.listPromises(filter, undefined, 10)).map((p) => p.id);
        expect(await ids({})).toEqual(["c", "b", "a"]);
        expect(await ids({ riskStatuses: ["AT_RISK"] })).toEqual(["b"]);
        expect(await ids({ riskStatuses: ["ON_TRACK"] })).toEqual(["c", "a"]);
        expect(await ids({ warehouseId: "bkk" })).toEqual(["b", "a"]);
        expect(await ids({ serviceId: "ghn-std" })).toEqual(["c"]);
        expect(await ids({ shipFrom: "2026-11-25", shipTo: "2026-11-25" })).toEqual(["c", "b"]);
        expect(await ids({ statuses: ["cancelled"] })).toEqual([]);
        const page = await db.events.listPromises({}, { createdAtMs: 2000, id: "b" }, 10);
        expect(page.map((p) => p.id)).toEqual(["a"]);
      });

      it("counts an origin's pickups of a ship day and reads only the newest confirmed promises beyond a limit, ties at the boundary included", async () => {
        const day = "2026-11-24";
        const at = (id: string, ms: number, service = "flash-std", shipDate = day) =>
          confirmBare(db.store, id, ms, {
            ...payloadOf("bkk", service, shipDate),
            deliveryEarliest: shipDate,
            deliveryLatest: shipDate,
          });
        await at("a", 1000);
        await at("b", 2000);
        await at("c", 3000);
        await at("d", 4000);
        await at("e", 4000);
        await at("f", 5000);
        await at("g", 6000, "kerry-nd"); // another service
        await at("h", 6000, "flash-std", "2026-11-25"); // another day
        await at("i", 7000);
        await db.store.fulfilPromise("c", 8000); // shipped: a pickup taken, but it cannot move
        await db.store.cancelPromise("i", 8000); // no pickup any more
        const cell = async (limit: number) => {
          const r = await db.events.pickupHolders("bkk", "flash-std", isoDay(day), limit);
          return `${r.taken}: ${r.holders
            .map((h) => `${h.promiseId}@${h.createdAtMs}`)
            .sort()
            .join(" ")}`;
        };
        // a, b, c (shipped), d, e, f: 6 taken.
        expect(await cell(6)).toBe("6: ");
        expect(await cell(9)).toBe("6: ");
        expect(await cell(5)).toBe("6: f|bkk@5000");
        // 2 beyond: f and one of d, e (both confirmed at 4000): both come back.
        expect(await cell(4)).toBe("6: d|bkk@4000 e|bkk@4000 f|bkk@5000");
        expect(await cell(3)).toBe("6: d|bkk@4000 e|bkk@4000 f|bkk@5000");
        expect(await cell(2)).toBe("6: b|bkk@2000 d|bkk@4000 e|bkk@4000 f|bkk@5000");
        // 6 beyond, but only 5 can move: all confirmed ones.
        expect(await cell(0)).toBe("6: a|bkk@1000 b|bkk@2000 d|bkk@4000 e|bkk@4000 f|bkk@5000");
      });

      it("lists by risk status from the index on promise_risk's status, ON_TRACK included as never assessed", async () => {
        await confirmBare(db.store, "a", 1000, payloadOf("bkk", "flash-std", "2026-11-24"));
        await confirmBare(db.store, "b", 2000, payloadOf("bkk", "kerry-nd", "2026-11-25"));
        await confirmBare(db.store, "c", 3000, payloadOf("hcm", "ghn-std", "2026-11-25"));
        await confirmBare(db.store, "d", 4000, payloadOf("hcm", "ghn-std", "2026-11-26"));
        await db.events.applyRisks([
          { promiseId: "b", risk: risk("AT_RISK", 2500) },
          { promiseId: "c", risk: risk("LATE", 3500) },
          { promiseId: "d", risk: risk("ON_TRACK", 4500) },
        ]);
        const ids = async (riskStatuses: string[]) =>
          (await db.events.listPromises({ riskStatuses }, undefined, 10)).map((p) => p.id);
        expect(await ids(["AT_RISK"])).toEqual(["b"]);
        expect(await ids(["AT_RISK", "LATE"])).toEqual(["c", "b"]);
        // d was assessed ON_TRACK, a never was: both are ON_TRACK.
        expect(await ids(["ON_TRACK"])).toEqual(["d", "a"]);
        expect(await ids(["ON_TRACK", "LATE"])).toEqual(["d", "c", "a"]);
        expect(await ids(["BROKEN"])).toEqual([]);
        // The at-risk list is found from the index, not by a look-up per promise.
        const { text, params } = listPromisesSql(
          engine,
          { riskStatuses: ["AT_RISK"] },
          undefined,
          10,
        );
        let plan: string;
        if (engine === "sqlite") {
          const file = new Database(db.location, { readonly: true });
          plan = (file.prepare(`explain query plan ${text}`).all(...params) as { detail: string }[])
            .map((r) => r.detail)
            .join("\n");
          file.close();
        } else {
          const client = new pg.Client({ connectionString: pgTests.url });
          await client.connect();
          try {
            await client.query(`set search_path to "${db.location}"`);
            // (A table of four rows is read whole otherwise; what matters is that the index applies.)
            await client.query("set enable_seqscan = off");
            const r = await client.query<{ "QUERY PLAN": string }>(`explain ${text}`, params);
            plan = r.rows.map((x) => x["QUERY PLAN"]).join("\n");
          } finally {
            await client.end();
          }
        }
        expect(plan).toContain(PROMISE_RISK_STATUS_INDEX);
      });

      it("publishes each lane in order, marks what the publisher acknowledged, and keeps what failed", async () => {
        for (let i = 0; i < 5; i++) await confirmBare(db.store, `p${i}`, 1000 + i);
        const sent: number[] = [];
        let failed = false;
        for (let lane = 0; lane < db.events.lanes; lane++) {
          await db.events
            .publishLane(
              lane,
              100,
              async (events) => {
                if (!failed) {
                  failed = true;
                  throw new Error("broker down");
                }
                sent.push(...events.map((e) => e.seq));
              },
              9000,
            )
            .catch(() => {});
        }
        for (let lane = 0; lane < db.events.lanes; lane++) {
          await db.events.publishLane(
            lane,
            100,
            async (events) => {
              sent.push(...events.map((e) => e.seq));
            },
            9000,
          );
        }
        expect([...sent].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5]);
        // Published rows are pruned by age; unpublished ones only when publishedOnly is false.
        await confirmBare(db.store, "late", 20_000);
        expect(await db.events.prune(10_000, true)).toBe(5);
        expect(brief(await db.events.readEvents(0, 100))).toEqual([
          "6 late CONFIRMED confirmed - 20000",
        ]);
        expect(await db.events.oldestSeq()).toBe(6);
      });
    },
  );
}
