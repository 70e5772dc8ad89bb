/**
 * Engine alone, no gRPC: estimates per second on one core over the sample network (3 warehouses),
 * for in-stock SKUs to a mix of destinations and order instants. Prints one JSON line.
 */
import { readFileSync } from "node:fs";
import { utcDayOf } from "../src/engine/day.js";
import { estimate } from "../src/engine/estimate.js";
import { indexAt } from "../src/engine/network-index.js";
import { resolveDestination } from "../src/engine/resolve-destination.js";
import { NO_CAPACITY_LIMIT, type StockReader } from "../src/engine/stock-reader.js";
import { compileNetwork } from "../src/network/compile-network.js";
import { parseNetworkFile } from "../src/network/parse-network-file.js";

export interface EngineBenchResult {
  readonly estimatesPerSecond: number;
  readonly optionsPerEstimate: number;
  readonly warehouses: number;
  readonly services: number;
  /**
   * Issue 20: estimates/s with every option kept (`show`) in slices alternating with the figure's
   * `hide` (the default, which hides dominated options) in the same process, and hide / show: the
   * cost of the dominance pass. Options per estimate with `show`, for the share hidden.
   */
  readonly showEstimatesPerSecond: number;
  readonly hideOverShow: number;
  readonly showOptionsPerEstimate: number;
}

export function runEngineBench(
  seconds = 3,
  networkPath = "samples/network.yaml",
): EngineBenchResult {
  const file = parseNetworkFile(readFileSync(networkPath, "utf8"), networkPath);
  const now = Date.parse("2026-11-23T05:00:00Z");
  const net = compileNetwork(file, { todayDay: utcDayOf(now) });
  const stock: StockReader = {
    skuIndex: () => indexAt(0),
    available: () => 100,
    inbound: () => [],
  };
  const zones = [
    { countryCode: "TH", postalCode: "10110" },
    { countryCode: "TH", postalCode: "50000" },
    { countryCode: "VN", postalCode: "700000" },
    { countryCode: "NL", postalCode: "1011AB" },
  ].map((d) => resolveDestination(net, d));
  const instants = Array.from({ length: 64 }, (_, i) => now + i * 3_600_000 * 7);
  let n = 0;
  let options = 0;
  let mode: "hide" | "show" = "hide";
  const run = (ms: number) => {
    const end = performance.now() + ms;
    while (performance.now() < end) {
      for (let k = 0; k < 1000; k++) {
        const result = estimate(net, stock, NO_CAPACITY_LIMIT, {
          skuIndex: indexAt(0),
          quantity: 1,
          zone: zones[k & 3]!,
          atMs: instants[k & 63]!,
          dominatedOptions: mode,
        });
        options += result.options.length;
        n++;
      }
    }
  };
  run(500); // warm-up
  mode = "show";
  run(250);
  // Alternating slices of each mode, so both see the same machine.
  const totals = { hide: { n: 0, options: 0, s: 0 }, show: { n: 0, options: 0, s: 0 } };
  const slices = 6;
  for (let i = 0; i < 2 * slices; i++) {
    mode = i % 2 === 0 ? "hide" : "show";
    n = 0;
    options = 0;
    const start = performance.now();
    run((seconds * 1000) / slices);
    const t = totals[mode];
    t.s += (performance.now() - start) / 1000;
    t.n += n;
    t.options += options;
  }
  const hideRate = totals.hide.n / totals.hide.s;
  const showRate = totals.show.n / totals.show.s;
  return {
    estimatesPerSecond: Math.round(hideRate),
    optionsPerEstimate: totals.hide.options / totals.hide.n,
    warehouses: net.warehouses.length,
    services: net.services.length,
    showEstimatesPerSecond: Math.round(showRate),
    hideOverShow: hideRate / showRate,
    showOptionsPerEstimate: totals.show.options / totals.show.n,
  };
}

/**
 *   node --import tsx bench/engine-bench.ts [seconds]
 *
 * Prints the result plus `cpuFraction`: CPU time over wall time of the whole run (below 1: the
 * core was shared with another process and the figure is low).
 */
if (import.meta.url === `file://${process.argv[1]}`) {
  const seconds = Number(process.argv[2] ?? 3);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const result = runEngineBench(seconds);
  const cpu = process.cpuUsage(cpu0);
  const cpuFraction = (cpu.user + cpu.system) / 1000 / (performance.now() - t0);
  console.log(JSON.stringify({ ...result, cpuFraction }));
}
