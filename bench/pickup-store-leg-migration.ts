/**
 * Migration 0022's cost at start-up: a store migrated to 0021 holding `n` confirmed promises, one
 * in five a transfer-only pick-up (payloads shaped like the checkout's, about 700 bytes), then
 * 0022 applied; prints the wall time and this process's CPU time (on SQLite the migration runs
 * in this process; on PostgreSQL in the server, after VACUUM ANALYZE of the inserted promises).
 *
 *   npx tsx bench/pickup-store-leg-migration.ts sqlite 1000000
 *   npx tsx bench/pickup-store-leg-migration.ts postgres 1000000   (TEST_DATABASE_URL, a schema of its own)
 */
import { readFileSync } from "node:fs";
import Database from "better-sqlite3";
import { Kysely, type Migration, Migrator, SqliteDialect, sql } from "kysely";
import pg from "pg";
import { CurrentSchemaPostgresDialect } from "../src/store/current-schema-dialect.js";
import { storeMigrations } from "../src/store/store-migrations.js";
import { createTestSchema, TEST_DATABASE_URL } from "../test/support/postgres.js";
import { tempDir } from "../test/support/temp-dir.js";

const engine = process.argv[2] === "postgres" ? "postgres" : "sqlite";
const n = Number(process.argv[3] ?? 1_000_000);

const destination = { countryCode: "TH", postalCode: "10110", province: "" };
const shipment = (serviceId: string, lines: unknown) => ({
  warehouseId: "bkk",
  serviceId,
  shipDate: "2026-11-24",
  deliveryEarliest: "2026-11-25",
  deliveryLatest: "2026-11-25",
  lines,
  priceCents: 0,
  backorder: false,
});
const lamp = [{ sku: "LAMP", quantity: 1 }];
const tee = [{ sku: "TEE", quantity: 1 }];
const window = { deliveryEarliest: "2026-11-25", deliveryLatest: "2026-11-25", orderByMs: 0 };
const PICKUP = JSON.stringify({
  lines: lamp,
  destination,
  serviceId: "",
  serviceName: "Siam",
  carrier: "",
  shipments: [shipment("pickup", lamp)],
  ...window,
  priceCents: 0,
  currency: "THB",
  reasons: [],
  pickup: {
    storeId: "siam",
    storeName: "Siam",
    address: "991 Rama I Rd",
    readyAtMs: 0,
    readyDate: "2026-11-25",
    pickUpUntilMs: 0,
    transfer: true,
  },
});
const SHIPPING = JSON.stringify({
  lines: tee,
  destination,
  serviceId: "kerry",
  serviceName: "Kerry",
  carrier: "Kerry",
  shipments: [shipment("kerry", tee)],
  ...window,
  priceCents: 4500,
  currency: "THB",
  reasons: [{ code: "FREE_SHIPPING" }],
});

let db: Kysely<unknown>;
let options: { migrationTableSchema?: string } = {};
let cleanUp: () => Promise<void>;
if (engine === "sqlite") {
  const dir = tempDir("promise-bench-0022-");
  db = new Kysely<unknown>({
    dialect: new SqliteDialect({ database: new Database(`${dir.path}/promise.db`) }),
  });
  cleanUp = async () => dir.remove();
} else {
  const schema = await createTestSchema(TEST_DATABASE_URL);
  const pool = new pg.Pool({
    connectionString: TEST_DATABASE_URL,
    max: 1,
    options: `-c search_path=${schema.name}`,
  });
  db = new Kysely<unknown>({ dialect: new CurrentSchemaPostgresDialect({ pool }) });
  options = { migrationTableSchema: schema.name };
  cleanUp = () => schema.drop();
}
const all = storeMigrations(engine);
const upTo = (last: string): Record<string, Migration> =>
  Object.fromEntries(Object.entries(all).filter(([name]) => name <= last));
try {
  await new Migrator({
    db,
    provider: { getMigrations: async () => upTo("0021") },
    ...options,
  }).migrateToLatest();
  if (engine === "sqlite") {
    await sql`with recursive i(k) as (select 1 union all select k + 1 from i where k < ${n})
      insert into promise (id, idempotency_key, request_hash, status, payload, created_at_ms)
      select printf('p%08d', k), printf('p%08d', k), 'h', 'confirmed',
        case when k % 5 = 0 then ${PICKUP} else ${SHIPPING} end, k from i`.execute(db);
  } else {
    await sql`insert into promise (id, idempotency_key, request_hash, status, payload,
        created_at_ms)
      select 'p' || lpad(k::text, 8, '0'), 'p' || lpad(k::text, 8, '0'), 'h', 'confirmed',
        case when k % 5 = 0 then ${PICKUP} else ${SHIPPING} end, k
      from generate_series(1, ${n}) k`.execute(db);
    // A table long in use: hint bits set and statistics known (the first read of freshly
    // inserted rows would otherwise write every page again, inside the timed migration).
    await sql`vacuum (analyze) promise`.execute(db);
  }
  // PostgreSQL: the server process's CPU time too, when it runs on this machine (/proc).
  const backend =
    engine === "postgres"
      ? Number(
          (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(db)).rows[0]?.pid,
        )
      : undefined;
  const backendCpuMs = (): number | undefined => {
    if (backend === undefined) return undefined;
    try {
      const fields = readFileSync(`/proc/${backend}/stat`, "utf8").split(") ")[1]!.split(" ");
      return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, 100 Hz
    } catch {
      return undefined;
    }
  };
  const backendBefore = backendCpuMs();
  const cpu = process.cpuUsage();
  const start = performance.now();
  const result = await new Migrator({
    db,
    provider: { getMigrations: async () => all },
    ...options,
  }).migrateToLatest();
  const wallMs = performance.now() - start;
  const used = process.cpuUsage(cpu);
  const backendAfter = backendCpuMs();
  if (result.error !== undefined) throw result.error;
  const rows = await sql<{ n: number | string }>`select count(*) as n from promise_leg
    where warehouse_id = 'siam'`.execute(db);
  console.log(
    JSON.stringify({
      engine,
      promises: n,
      applied: result.results?.map((r) => r.migrationName),
      storeRows: Number(rows.rows[0]?.n),
      wallMs: Math.round(wallMs),
      processCpuMs: Math.round((used.user + used.system) / 1000),
      serverCpuMs:
        backendBefore === undefined || backendAfter === undefined
          ? undefined
          : Math.round(backendAfter - backendBefore),
    }),
  );
} finally {
  await db.destroy();
  await cleanUp();
}
