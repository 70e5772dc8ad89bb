import Database from "better-sqlite3";

const db = new Database("/tmp/i12prof/acc-300000.db", { readonly: true });
const t = (name: string, f: () => number) => {
  for (let k = 0; k < 3; k++) {
    const s = performance.now();
    const n = f();
    console.log(name, n, (performance.now() - s).toFixed(0), "ms");
  }
};
const json = db
  .prepare(
    `select json_group_array(json_array(1, warehouse_id, service_id, country_code, postal_code, ship_day, delivered_day, null, promised_latest_day, null, id)) from (select * from imported_delivery where ship_day between ? and ? and id > ? order by id limit ?)`,
  )
  .pluck();
t("json pages", () => {
  let after = 0,
    n = 0;
  for (;;) {
    const page = JSON.parse(json.get(0, 1e9, after, 5000) as string) as unknown[][];
    if (page.length === 0) break;
    n += page.length;
    after = page[page.length - 1]![10] as number;
    if (page.length < 5000) break;
  }
  return n;
});
const raw = db
  .prepare(
    `select warehouse_id, service_id, country_code, postal_code, ship_day, delivered_day, promised_latest_day, id from imported_delivery where ship_day between ? and ? and id > ? order by id limit ?`,
  )
  .raw();
t("raw pages", () => {
  let after = 0,
    n = 0;
  for (;;) {
    const page = raw.all(0, 1e9, after, 5000) as unknown[][];
    if (page.length === 0) break;
    n += page.length;
    after = page[page.length - 1]![7] as number;
    if (page.length < 5000) break;
  }
  return n;
});
const grouped = db
  .prepare(
    `select warehouse_id, service_id, country_code, postal_code, ship_day, delivered_day, promised_latest_day, count(*) from imported_delivery where ship_day between ? and ? group by 1,2,3,4,5,6,7`,
  )
  .raw();
t("grouped", () => (grouped.all(0, 1e9) as unknown[][]).length);
const scan = db
  .prepare(`select count(*) from imported_delivery where ship_day between ? and ?`)
  .pluck();
t("count scan", () => scan.get(0, 1e9) as number);
