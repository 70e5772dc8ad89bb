import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { dayNumber, isoDay } from "../../src/engine/day.js";
import { compileNetwork } from "../../src/network/compile-network.js";
import { loadNetworkFile } from "../../src/network/load-network-file.js";
import { accuracyReport } from "../../src/outcomes/accuracy.js";
import { ImportKeys } from "../../src/outcomes/import-keys.js";
import { shipmentTerms } from "../../src/outcomes/shipment-terms.js";
import { openStore } from "../../src/store/open-store.js";
import type { ImportedDelivery, Store } from "../../src/store/store.js";
import { createTestSchema, postgresForTests } from "../support/postgres.js";
import { tempSqlitePath } from "../support/temp-dir.js";

const pgTests = await postgresForTests("outcome-store");
if (pgTests.failure !== undefined) {
  const failure = pgTests.failure;
  describe("outcomes on PostgreSQL", () => {
    it("needs PostgreSQL", () => {
      throw new Error(failure);
    });
  });
}

const net = compileNetwork(loadNetworkFile("samples/network.yaml"), {
  todayDay: isoDay("2026-06-17"),
});
// "Now" for the events: Wednesday 17 June 2026, 10:00 in Bangkok.
const NOW = Date.parse("2026-06-17T03:00:00Z");
const CONFIRMED_AT = Date.parse("2026-05-31T03:00:00Z");

const engines: {
  name: string;
  run: boolean;
  open: () => Promise<{ store: Store; drop(): Promise<void> }>;
}[] = [
  {
    name: "SQLite",
    run: true,
    async open() {
      const store = await openStore({ sqlitePath: tempSqlitePath() });
      return { store, drop: async () => {} };
    },
  },
  {
    name: "PostgreSQL",
    run: pgTests.run,
    async open() {
      const schema = await createTestSchema(pgTests.url);
      const store = await openStore({
        databaseUrl: pgTests.url,
        pgSchema: schema.name,
        poolSize: 3,
      });
      return { store, drop: () => schema.drop() };
    },
  },
];

function row(postalCode: string, ship: string, delivered: string, key?: string): ImportedDelivery {
  return {
    warehouseId: "bkk-1",
    serviceId: "kerry-express",
    countryCode: "TH",
    postalCode,
    shipDay: isoDay(ship),
    deliveredDay: isoDay(delivered),
    promisedLatestDay: isoDay(delivered),
    ...(key === undefined ? {} : { importKey: key }),
  };
}

for (const engine of engines) {
  describe.skipIf(!engine.run)(`outcomes in the store, on ${engine.name}`, () => {
    let store: Store;
    let drop: () => Promise<void>;
    beforeEach(async () => {
      ({ store, drop } = await engine.open());
    });
    afterEach(async () => {
      await store.close();
      await drop();
    });

    /** A promise of one bkk-1 shipment by `serviceId`, to be shipped on `ship`. */
    async function promise(key: string, serviceId: string, postalCode: string, ship: string) {
      const outcome = await store.confirm(
        {
          idempotencyKey: key,
          requestHash: key,
          skus: [],
          fromDay: dayNumber(0),
          toDay: dayNumber(0),
        },
        () => ({
          ok: true,
          promise: {
            id: `prm-${key}`,
            createdAtMs: CONFIRMED_AT,
            payload: {
              destination: { countryCode: "TH", postalCode, province: "" },
              shipments: [
                {
                  warehouseId: "bkk-1",
                  serviceId,
                  shipDate: ship,
                  deliveryEarliest: "2026-06-02",
                  deliveryLatest: "2026-06-02",
                  lines: [],
                  priceCents: 0,
                  backorder: false,
                },
              ],
            },
          },
          stock: [],
          capacity: [{ warehouseId: "bkk-1", day: isoDay(ship), limit: -1 }],
        }),
      );
      if (outcome.kind !== "confirmed") throw new Error(outcome.kind);
      return outcome.promise.id;
    }

    it("counts every confirmed promise in accuracy, tracked or not, and no cancelled one", async () => {
      // Kerry: p1 tracked (shipped Mon 1 June, delivered Tue 2 June, promised by 2 June), p2
      // confirmed and never tracked, p4 cancelled, p5 ships after the range, one import.
      // Thailand Post: p3 never tracked, p6 fulfilled by FulfilPromise without any event.
      const p1 = await promise("p1", "kerry-express", "10110", "2026-06-01");
      await promise("p2", "kerry-express", "10110", "2026-06-02");
      await promise("p3", "thaipost-ems", "30000", "2026-06-03");
      const p4 = await promise("p4", "kerry-express", "10110", "2026-06-02");
      await promise("p5", "kerry-express", "10110", "2026-06-09");
      const p6 = await promise("p6", "thaipost-ems", "30000", "2026-06-04");
      await store.cancelPromise(p4, CONFIRMED_AT + 1);
      await store.fulfilPromise(p6, Date.parse("2026-06-04T05:00:00Z"));
      const events = await store.recordShipmentEvents(
        [
          {
            eventId: "e1",
            promiseId: p1,
            warehouseId: "bkk-1",
            kind: "SHIPPED",
            occurredAtMs: Date.parse("2026-06-01T05:00:00Z"),
            day: isoDay("2026-06-01"),
          },
          {
            eventId: "e2",
            promiseId: p1,
            warehouseId: "bkk-1",
            kind: "DELIVERED",
            occurredAtMs: Date.parse("2026-06-02T05:00:00Z"),
            day: isoDay("2026-06-02"),
          },
        ],
        NOW,
        shipmentTerms,
      );
      expect(events.applied).toBe(2);
      // Two identical imported parcels (accuracy counts them as one group of 2).
      expect(
        await store.importDeliveries([
          row("10110", "2026-06-01", "2026-06-02", "k1"),
          row("10110", "2026-06-01", "2026-06-02", "k2"),
        ]),
      ).toBe(2);

      const from = isoDay("2026-06-01");
      const to = isoDay("2026-06-07");
      const untracked = [];
      for await (const page of store.loadUntrackedShipments(from, to, { batchSize: 1 })) {
        untracked.push(...page);
      }
      expect(untracked.map((u) => [u.promiseId, u.serviceId, u.postalCode, u.shipDay])).toEqual([
        ["prm-p2", "kerry-express", "10110", isoDay("2026-06-02")],
        ["prm-p3", "thaipost-ems", "30000", isoDay("2026-06-03")],
        ["prm-p6", "thaipost-ems", "30000", isoDay("2026-06-04")],
      ]);

      const groups = [];
      for await (const page of store.loadImportedOutcomes(from, to)) groups.push(...page);
      expect(groups).toEqual([
        {
          warehouseId: "bkk-1",
          serviceId: "kerry-express",
          countryCode: "TH",
          postalCode: "10110",
          shipDay: isoDay("2026-06-01"),
          deliveredDay: isoDay("2026-06-02"),
          promisedLatestDay: isoDay("2026-06-02"),
          count: 2,
        },
      ]);
      // As GetAccuracy reads them: promises' shipments, untracked ones, imports in groups.
      const report = await accuracyReport(
        net,
        store.loadShipmentOutcomes(from, to),
        ["service"],
        store.loadUntrackedShipments(from, to, { batchSize: 2 }),
        store.loadImportedOutcomes(from, to),
      );
      expect(
        report.groups.map((g) => [
          g.key.service,
          g.promises,
          g.shipped,
          g.delivered,
          g.judged,
          g.onTime,
        ]),
      ).toEqual([
        // p1, p2 and the two imports; p1 and the imports shipped and arrived on time.
        ["kerry-express", 4, 3, 3, 3, 3],
        // p3 and p6: promised, no tracking event, so not counted as shipped.
        ["thaipost-ems", 2, 0, 0, 0, 0],
      ]);
      expect([report.total.promises, report.total.shipped]).toEqual([6, 3]);
    });

    it("imports history idempotently: a stored key is skipped, in a later batch and in the same one", async () => {
      expect(
        await store.importDeliveries([
          row("10110", "2026-06-01", "2026-06-02", "a#1"),
          row("10110", "2026-06-01", "2026-06-02", "a#2"),
          row("10110", "2026-06-01", "2026-06-02", "a#2"),
        ]),
      ).toBe(2);
      expect(
        await store.importDeliveries([
          row("10110", "2026-06-01", "2026-06-02", "a#1"),
          row("30000", "2026-06-01", "2026-06-03", "b#1"),
          // No key (rows imported before keys existed): always stored.
          row("30000", "2026-06-01", "2026-06-03"),
          row("30000", "2026-06-01", "2026-06-03"),
        ]),
      ).toBe(3);
      const stored = [];
      for await (const page of store.loadDeliveries(isoDay("2026-06-01"), isoDay("2026-06-30"))) {
        stored.push(...page);
      }
      expect(stored.map((d) => d.postalCode)).toEqual([
        "10110",
        "10110",
        "30000",
        "30000",
        "30000",
      ]);
    });
  });
}

describe("import keys", () => {
  const parcel = row("10110", "2026-06-01", "2026-06-02");

  it("numbers identical rows in order, and gives the same keys to the same rows next time", () => {
    const first = new ImportKeys();
    const a = [first.keyOf(parcel, "2026-06-02"), first.keyOf(parcel, "2026-06-02")];
    const second = new ImportKeys();
    const b = [second.keyOf(parcel, "2026-06-02"), second.keyOf(parcel, "2026-06-02")];
    expect(a).toEqual(b);
    expect(a[0]!.endsWith("#1")).toBe(true);
    expect(a[1]).toBe(`${a[0]!.slice(0, -2)}#2`);
  });

  it("tells apart a delivered date from an instant on it, and another postal code", () => {
    const keys = new ImportKeys();
    const date = keys.keyOf(parcel, "2026-06-02");
    const instant = keys.keyOf(parcel, "2026-06-02T09:00:00+07:00");
    const other = keys.keyOf({ ...parcel, postalCode: "10500" }, "2026-06-02");
    expect(new Set([date, instant, other]).size).toBe(3);
    expect([instant.endsWith("#1"), other.endsWith("#1")]).toEqual([true, true]);
  });

  it("uses the caller's own parcel id when given", () => {
    expect(new ImportKeys().keyOf(parcel, "2026-06-02", "KEX0001")).toBe("id:KEX0001");
  });
});
