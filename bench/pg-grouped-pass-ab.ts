/**
 * Branch pgrisk's A/B of PostgreSQL's bulk risk pass: one by one (A, main's path) against
 * grouped (B, riskPages and applyRiskRows), in one run, alternating.
 *
 *   node --import tsx bench/pg-grouped-pass-ab.ts [promises=100000] [rounds=3]
 *
 * Two schemas, each with N confirmed promises copied from one real confirm (Kerry Express from
 * bkk-1 to 30000, the risk bench's promises). Each round, for each schema in turn (the order
 * alternates): a pass after Kerry's lane lengthens (every promise AT_RISK, written) and one after
 * it is back (every one BACK_ON_TRACK), each `assessSelected` over every open promise with pages
 * of 5,000 as a bulk pass reads them, through an event store with one connection. Figures: this
 * process's CPU, the event store's PostgreSQL backend's CPU (/proc), wall time.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { parse } from "yaml";
import { Checkout } from "../src/checkout/checkout.js";
import { PostgresPromiseEventStore } from "../src/events/postgres-promise-event-store.js";
import { networkFileSchema } from "../src/network/network-schema.js";
import { assessSelected, RiskPass } from "../src/risk/risk-pass.js";
import { openStore } from "../src/store/open-store.js";
import { LiveView } from "../src/view/live-view.js";
import { StoreSync } from "../src/view/store-sync.js";
import { REPO_DIR } from "./bench-context.js";

const url = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const promises = Number(process.argv[2] ?? 100_000);
const rounds = Number(process.argv[3] ?? 3);
const NOW = Date.parse("2026-06-17T03:00:00Z");
const LANE =
  "        to: [th-bkk-metro, th-upcountry, th-remote]\n        transit_days: { min: 1, max: 1 }";
const LONGER =
  "        to: [th-bkk-metro, th-upcountry, th-remote]\n        transit_days: { min: 1, max: 2 }";

async function schemaWithPromises(schema: string, yaml: string): Promise<void> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`drop schema if exists ${schema} cascade`);
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const store = await openStore({ databaseUrl: url, pgSchema: schema });
  const clock = () => NOW;
  const file = networkFileSchema.parse(parse(yaml));
  const live = new LiveView({ file, clock, seedStock: false });
  const sync = new StoreSync({ store, live, clock });
  let sourceId: string;
  try {
    await sync.start(file);
    await store.upsertStock([
      {
        sku: "SKU-TSHIRT-001",
        warehouseId: "bkk-1",
        onHand: 10_000_000,
        safetyStock: 0,
        inbound: [],
        version: NOW,
      },
    ]);
    await sync.refresh();
    const { promise } = await new Checkout({ live, store, clock }).confirm({
      idempotencyKey: "bench-source",
      lines: [{ sku: "SKU-TSHIRT-001", quantity: 1 }],
      destination: { countryCode: "TH", postalCode: "30000", province: "" },
      serviceId: "kerry-express",
    });
    sourceId = promise.id;
  } finally {
    sync.stop();
    await store.close();
  }
  const c = new pg.Client({ connectionString: url, options: `-c search_path=${schema}` });
  await c.connect();
  await c.query(
    `insert into promise (id, idempotency_key, request_hash, status, payload, created_at_ms)
     select 'bench-' || lpad(i::text, 7, '0'), 'bench-' || i, s.request_hash, 'confirmed',
       s.payload, s.created_at_ms + i
     from generate_series(1, $1::int) as i, promise s where s.id = $2`,
    [promises - 1, sourceId],
  );
  await c.query(
    `insert into promise_leg (promise_id, warehouse_id, service_id, ship_day, earliest_day,
       latest_day, country_code, postal_code, province, promise_earliest_day, promise_latest_day)
     select 'bench-' || lpad(i::text, 7, '0'), l.warehouse_id, l.service_id, l.ship_day,
       l.earliest_day, l.latest_day, l.country_code, l.postal_code, l.province,
       l.promise_earliest_day, l.promise_latest_day
     from generate_series(1, $1::int) as i, promise_leg l where l.promise_id = $2`,
    [promises - 1, sourceId],
  );
  await c.query("vacuum analyze");
  await c.end();
}

/** CPU-ms of a PostgreSQL backend (user + system, /proc). */
function backendCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return ((Number(f[11]) + Number(f[12])) * 1000) / 100;
}

/**
 * The backend of the event store's one connection: the one that has just answered its
 * latestSeq() (the pool may have replaced an idle connection since the last pass).
 */
async function storeBackend(admin: pg.Client, events: PostgresPromiseEventStore): Promise<number> {
  await events.latestSeq();
  const r = await admin.query<{ pid: number }>(
    `select pid from pg_stat_activity where application_name = 'promise-outbox'
       and state = 'idle' and query = 'select seq from promise_event_counter where id = 1'
     order by state_change desc limit 1`,
  );
  return r.rows[0]!.pid;
}

async function main(): Promise<void> {
  const yaml = readFileSync(join(REPO_DIR, "samples/network.yaml"), "utf8");
  if (!yaml.includes(LANE)) throw new Error("samples/network.yaml: Kerry's lane moved");
  const variants = [
    { name: "A one by one", schema: `bench_gpass_a_${process.pid}`, grouped: false },
    { name: "B grouped", schema: `bench_gpass_b_${process.pid}`, grouped: true },
  ];
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  const stores = new Map<string, PostgresPromiseEventStore>();
  for (const v of variants) {
    await schemaWithPromises(v.schema, yaml);
    stores.set(
      v.name,
      new PostgresPromiseEventStore({
        databaseUrl: url,
        schema: v.schema,
        poolSize: 1,
        timeoutMs: 600_000,
      }),
    );
  }
  const texts = [
    { label: "AT_RISK", text: yaml.replace(LANE, LONGER) },
    { label: "BACK_ON_TRACK", text: yaml },
  ];
  let at = NOW + 3_600_000;
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? variants : [...variants].reverse();
    for (const v of order) {
      const events = stores.get(v.name)!;
      const parts: string[] = [];
      for (const { label, text } of texts) {
        const live = new LiveView({
          file: networkFileSchema.parse(parse(text)),
          clock: () => NOW,
          seedStock: false,
        });
        const pass = new RiskPass({
          net: live.network,
          atMs: at,
          cuts: { short: new Map(), capacity: new Set(), pickup: new Set() },
          events,
          shipGraceMinutes: 60,
        });
        at += 60_000;
        const pid = await storeBackend(admin, events);
        const pgBefore = backendCpuMs(pid);
        const cpuBefore = process.cpuUsage();
        const t0 = performance.now();
        await assessSelected(pass, events, { kind: "all" }, 5_000, v.grouped);
        const result = await pass.done();
        const wall = (performance.now() - t0) / 1000;
        const cpu = process.cpuUsage(cpuBefore);
        const nodeS = (cpu.user + cpu.system) / 1e6;
        const pgS = (backendCpuMs(pid) - pgBefore) / 1000;
        parts.push(
          `${label} ${result.changed}/${result.promises}: node ${nodeS.toFixed(2)} CPU-s, PostgreSQL ${pgS.toFixed(2)} CPU-s, ${wall.toFixed(2)} s`,
        );
      }
      const load = (await import("node:os")).loadavg()[0]!.toFixed(1);
      console.log(`round ${round + 1}, load ${load}, ${v.name}: ${parts.join("; ")}`);
    }
  }
  for (const events of stores.values()) await events.close();
  for (const v of variants) await admin.query(`drop schema if exists ${v.schema} cascade`);
  await admin.end();
}

await main();
