/**
 * Issue 12: GetAccuracy over 1,000,000 tracked shipments of promises (goal <= 1 s), read from
 * migration 0015's counts (`shipment_outcome`).
 *
 * Seeding a million promises through ConfirmPromise and two million events through
 * RecordShipmentEvents would take minutes, so the `shipment` rows are written straight by SQL
 * into a freshly migrated SQLite file, and the counts are then built exactly as migration 0015
 * back-fills them (`SHIPMENT_OUTCOME_BACKFILL`; that statement is timed too). That the events'
 * own maintenance gives the same counts as the backfill is what the store's contract tests show.
 *
 * The rows: one warehouse (bkk-1) for 95% and split carts of two shipments (bkk-1 + hcm-1, each
 * kept with its promise id, so counted one by one) for 5%; three services, nine postal codes, 80
 * ship days from 2026-03-25 (one in seven shipped a day after the promised date), transit 1-3
 * days, one in 33 not delivered yet, promised with one of three probabilities or none. Then
 * `accuracyReport` as GetAccuracy runs it (promises' groups, untracked shipments, imports) by
 * service and ship week, 3 times; the figure is the median wall time, its CPU time beside it.
 */
import { join } from "node:path";
import Database from "better-sqlite3";
import { isoDay } from "../src/engine/day.js";
import { compileNetwork } from "../src/network/compile-network.js";
import { loadNetworkFile } from "../src/network/load-network-file.js";
import { accuracyReport } from "../src/outcomes/accuracy.js";
import { openStore } from "../src/store/open-store.js";
import { SHIPMENT_OUTCOME_BACKFILL } from "../src/store/shipment-outcome-rollup.js";
import { type BenchContext, SAMPLE_NETWORK } from "./bench-context.js";
import { type Figure, figure } from "./figures.js";

const POSTALS = ["10110", "10500", "11000", "12000", "30000", "34000", "40000", "50200", "65000"];
const FROM = isoDay("2026-03-01");
const TO = isoDay("2026-06-30");

/** Writes `n` shipment rows of promises (see above) and counts them as migration 0015 does. */
function seed(path: string, n: number): { seedSeconds: number; backfillSeconds: number } {
  const db = new Database(path);
  try {
    // The rows name promises that are not stored (the accuracy read never joins them).
    db.pragma("foreign_keys = OFF");
    const first = isoDay("2026-03-25");
    const split = Math.floor(n / 20);
    let started = performance.now();
    db.exec(`
      insert into shipment (promise_id, warehouse_id, state, state_at_ms, service_id,
        tracking_number, country_code, postal_code, promised_ship_day, promised_earliest_day,
        promised_latest_day, on_time_probability, shipped_at_ms, ship_day, delivered_at_ms,
        delivered_day, promise_shipments)
      with recursive i(n) as (select 0 union all select n + 1 from i where n < ${n - 1}),
      r as (
        select n, ${first} + n % 80 as promised,
          ${first} + n % 80 + (n % 7 = 0) as shipped,
          case when (n * 7919) % 10 = 0 then 3 when (n * 31) % 3 = 0 then 2 else 1 end as transit
        from i)
      select
        case when n < ${split} then printf('prm-split-%07d', n / 2) else printf('prm-%07d', n) end,
        case when n < ${split} and n % 2 = 1 then 'hcm-1' else 'bkk-1' end,
        case when n % 33 = 0 then 'SHIPPED' else 'DELIVERED' end, 0,
        case n % 3 when 0 then 'thaipost-ems' when 1 then 'kerry-express'
          else 'dhl-th-standard' end,
        null, 'TH',
        json_extract('${JSON.stringify(POSTALS)}', '$[' || ((n * 17) % ${POSTALS.length}) || ']'),
        promised, promised + 1, promised + 3,
        case (n / 7) % 4 when 0 then null when 1 then 0.91 when 2 then 0.95 else 0.88 end,
        0, shipped, 0,
        case when n % 33 = 0 then null else shipped + transit end,
        case when n < ${split} then 2 else 1 end
      from r`);
    db.exec("delete from risk_recheck");
    const seedSeconds = (performance.now() - started) / 1000;
    started = performance.now();
    db.exec("delete from shipment_outcome");
    db.exec(SHIPMENT_OUTCOME_BACKFILL);
    const backfillSeconds = (performance.now() - started) / 1000;
    return { seedSeconds, backfillSeconds };
  } finally {
    db.close();
  }
}

export async function promiseAccuracyFigure(ctx: BenchContext): Promise<Figure> {
  const n = ctx.options.smoke ? 20_000 : 1_000_000;
  const path = join(ctx.scratch, "promise-accuracy.db");
  // A fresh file with every migration, then the rows.
  await (await openStore({ sqlitePath: path })).close();
  const { seedSeconds, backfillSeconds } = seed(path, n);
  const net = compileNetwork(loadNetworkFile(SAMPLE_NETWORK), { todayDay: isoDay("2026-06-17") });
  const store = await openStore({ sqlitePath: path });
  try {
    const counts = new Database(path, { readonly: true });
    const groups = counts
      .prepare("select count(*) as g, sum(n) as n from shipment_outcome")
      .get() as { g: number; n: number };
    counts.close();
    if (groups.n !== n) throw new Error(`shipment_outcome counts ${groups.n} of ${n}`);
    const runs: { seconds: number; cpuSeconds: number }[] = [];
    let reportGroups = 0;
    for (let i = 0; i < 3; i++) {
      const cpu = process.cpuUsage();
      const started = performance.now();
      const report = await accuracyReport(
        net,
        store.loadShipmentOutcomes(FROM, TO),
        ["service", "ship_week"],
        store.loadUntrackedShipments(FROM, TO, { batchSize: 5_000 }),
        store.loadImportedOutcomes(FROM, TO),
      );
      const used = process.cpuUsage(cpu);
      runs.push({
        seconds: (performance.now() - started) / 1000,
        cpuSeconds: (used.user + used.system) / 1e6,
      });
      const undelivered = Math.floor((n - 1) / 33) + 1;
      if (report.total.shipped !== n || report.total.delivered !== n - undelivered) {
        throw new Error(
          `accuracy saw ${report.total.shipped} shipped, ${report.total.delivered} delivered`,
        );
      }
      reportGroups = report.groups.length;
    }
    const median = [...runs].sort((a, b) => a.seconds - b.seconds)[1]!;
    ctx.log(
      `  GetAccuracy over ${n.toLocaleString("en-US")} promise shipments: ${runs.map((r) => `${r.seconds.toFixed(3)} s (${r.cpuSeconds.toFixed(3)} CPU-s)`).join(", ")}; ${groups.g.toLocaleString("en-US")} counted groups; rows seeded by SQL in ${seedSeconds.toFixed(1)} s, counted as migration 0015 back-fills in ${backfillSeconds.toFixed(1)} s`,
    );
    return figure(
      "accuracyPromises1m",
      Number(median.seconds.toFixed(3)),
      `${n.toLocaleString("en-US")} tracked shipments of promises on SQLite (5% in split carts, counted by promise), by service and ship week (${reportGroups} groups) from ${groups.g.toLocaleString("en-US")} rows of migration 0015's counts; median of 3, ${median.cpuSeconds.toFixed(3)} CPU-s. The shipment rows are written by SQL, not through RecordShipmentEvents, and counted by the migration's backfill (${backfillSeconds.toFixed(1)} s)`,
      { runs, groups: groups.g, seedSeconds, backfillSeconds },
    );
  } finally {
    await store.close();
  }
}
