import { existsSync } from "node:fs";
import { join } from "node:path";
import { fixedClock } from "../src/config/clock.js";
import { advanceDelivery } from "../src/engine/advance-delivery.js";
import { isoDay } from "../src/engine/day.js";
import { loadNetworkFile } from "../src/network/load-network-file.js";
import { accuracyReport } from "../src/outcomes/accuracy.js";
import { openStore } from "../src/store/open-store.js";
import type { ImportedDelivery } from "../src/store/store.js";
import { LiveView } from "../src/view/live-view.js";

const NOW = Date.parse("2026-06-17T03:00:00Z");
const N = Number(process.argv[2] ?? 300000);
const path = `/tmp/i12prof/acc-${N}.db`;
const fresh = !existsSync(path);
const store = await openStore({ sqlitePath: path });
const live = new LiveView({
  file: loadNetworkFile("/work/wt/i12/samples/network.yaml"),
  clock: fixedClock(NOW),
});
const net = live.network;
if (fresh) {
  const postals = ["30000", "40000", "10110", "50200"];
  const services = ["thaipost-ems", "kerry-express", "dhl-th-standard"];
  const rows: ImportedDelivery[] = [];
  const first = isoDay("2026-03-25");
  for (let i = 0; i < N; i++) {
    const service = net.serviceById.get(services[i % 3]!)!;
    const ship = first + (i % 80);
    const transit = 1 + ((i * 7919) % 10 === 0 ? 2 : (i * 31) % 3 === 0 ? 1 : 0);
    rows.push({
      warehouseId: "bkk-1",
      serviceId: service.id,
      countryCode: "TH",
      postalCode: postals[i % 4]!,
      shipDay: ship,
      deliveredDay: advanceDelivery(service, net.horizon, ship, transit),
      promisedLatestDay: advanceDelivery(service, net.horizon, ship, 2),
    });
  }
  for (let i = 0; i < rows.length; i += 50000)
    await store.importDeliveries(rows.slice(i, i + 50000));
}
for (let k = 0; k < 3; k++) {
  const t = performance.now();
  const r = await accuracyReport(
    net,
    store.loadShipped(isoDay("2026-03-01"), isoDay("2026-06-30"), {
      batchSize: 5000,
      promisesOnly: true,
    }),
    ["service", "ship_week"],
    store.loadUntrackedShipments(isoDay("2026-03-01"), isoDay("2026-06-30"), { batchSize: 5000 }),
    store.loadImportedOutcomes(isoDay("2026-03-01"), isoDay("2026-06-30")),
  );
  console.log(
    `accuracy ${N}: ${(performance.now() - t).toFixed(0)} ms, shipped ${r.total.shipped}, groups ${r.groups.length}`,
  );
}
await store.close();
// Same run: the row-by-row path (every import read as a record) against the grouped one.
{
  const store2 = await openStore({ sqlitePath: path });
  const from = isoDay("2026-03-01"), to = isoDay("2026-06-30");
  const rows: number[] = [], grouped: number[] = [];
  for (let k = 0; k < 3; k++) {
    let t = performance.now();
    await accuracyReport(net, store2.loadShipped(from, to, { batchSize: 5000 }), ["service", "ship_week"]);
    rows.push(performance.now() - t);
    t = performance.now();
    await accuracyReport(net, store2.loadShipped(from, to, { batchSize: 5000, promisesOnly: true }), ["service", "ship_week"], store2.loadUntrackedShipments(from, to), store2.loadImportedOutcomes(from, to));
    grouped.push(performance.now() - t);
  }
  console.log(`row by row ${rows.map((x) => x.toFixed(0)).join(", ")} ms; grouped ${grouped.map((x) => x.toFixed(0)).join(", ")} ms`);
  await store2.close();
}
