import Database from "better-sqlite3";

const db = new Database("/tmp/i12prof/acc-300000.db", { readonly: true });
const t = (name: string, f: () => number) => {
  for (let k = 0; k < 3; k++) {
    const s = performance.now();
    const n = f();
    console.log(name, n, (performance.now() - s).toFixed(0), "ms");
  }
};
const raw = db
  .prepare(
    `select warehouse_id, service_id, country_code, postal_code, ship_day, delivered_day, promised_latest_day, id from imported_delivery where ship_day between ? and ? and id > ? order by id limit ?`,
  )
  .raw();
const key = db
  .prepare(
    `select warehouse_id || char(0) || service_id || char(0) || country_code || char(0) || postal_code, ship_day, delivered_day, promised_latest_day, id from imported_delivery where ship_day between ? and ? and id > ? order by id limit ?`,
  )
  .raw();
const nums = db
  .prepare(
    `select ship_day, delivered_day, promised_latest_day, id from imported_delivery where ship_day between ? and ? and id > ? order by id limit ?`,
  )
  .raw();
for (const [name, st, idx] of [
  ["raw", raw, 7],
  ["key", key, 4],
  ["nums", nums, 3],
] as const)
  t(name, () => {
    let after = 0,
      n = 0;
    for (;;) {
      const page = st.all(0, 1e9, after, 5000) as unknown[][];
      if (page.length === 0) break;
      n += page.length;
      after = page[page.length - 1]![idx] as number;
      if (page.length < 5000) break;
    }
    return n;
  });
