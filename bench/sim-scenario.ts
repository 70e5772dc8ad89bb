/**
 * The simulator benchmark's scenario: 30 days of `orders` orders on the sample network (Thai and
 * Vietnamese demand, 10% two-line carts, capacity-aware promising, real throughput below capacity
 * at bkk-1). Shared by bench/sim-bench.ts and the bench's simulator figures.
 */
import { fileURLToPath } from "node:url";
import type { ScenarioInput } from "../src/sim/scenario-schema.js";

/** The folder of the sample network the scenario names. */
export const SAMPLES_DIR = fileURLToPath(new URL("../samples/", import.meta.url));

export function benchScenario(orders: number): ScenarioInput {
  const days = 30;
  const start = Date.UTC(2026, 10, 1);
  // Exactly `orders` orders: the remainder goes to the first days.
  const perDay: Record<string, number> = {};
  for (let d = 0; d < days; d++) {
    const date = new Date(start + d * 86_400_000).toISOString().slice(0, 10);
    perDay[date] = Math.floor(orders / days) + (d < orders % days ? 1 : 0);
  }
  const skus = [
    "SKU-TSHIRT-001",
    "SKU-MUG-001",
    "SKU-PHONECASE-001",
    "SKU-CHARGER-001",
    "SKU-BOTTLE-001",
    "SKU-LAMP-001",
  ];
  const scenario: ScenarioInput = {
    version: 1,
    name: `benchmark: ${orders.toLocaleString("en-US")} orders in ${days} days`,
    seed: 42,
    network: "network.yaml",
    start: "2026-11-01",
    days,
    demand: {
      time_zone: "Asia/Bangkok",
      orders_per_day: perDay,
      hourly_profile: [
        1, 1, 0.5, 0.3, 0.3, 0.5, 1, 2, 3, 4, 4, 4, 5, 5, 4, 4, 4, 4, 5, 6, 7, 6, 4, 2,
      ],
    },
    mix: {
      skus: skus.map((sku, i) => ({ sku, weight: 6 - i })),
      quantities: [
        { quantity: 1, weight: 85 },
        { quantity: 2, weight: 12 },
        { quantity: 5, weight: 3 },
      ],
      lines: [
        { count: 1, weight: 90 },
        { count: 2, weight: 10 },
      ],
      destinations: [
        { country: "TH", postal_code: "10110", weight: 30 },
        { country: "TH", postal_code: "50200", weight: 20 },
        { country: "TH", postal_code: "84320", weight: 3 },
        { country: "VN", postal_code: "70000", weight: 25 },
        { country: "VN", postal_code: "10000", weight: 15 },
        { country: "VN", postal_code: "50000", weight: 7 },
      ],
    },
    stock: {
      from_network: false,
      rows: skus.flatMap((sku) => [
        { sku, warehouse: "bkk-1", on_hand: 4_000_000 },
        { sku, warehouse: "hcm-1", on_hand: 4_000_000 },
      ]),
    },
    capacity_changes: [
      {
        warehouse: "bkk-1",
        from: "2026-11-01",
        to: "2026-12-15",
        capacity: Math.round(orders / 35),
      },
      {
        warehouse: "hcm-1",
        from: "2026-11-01",
        to: "2026-12-15",
        capacity: Math.round(orders / 40),
      },
    ],
    actual: {
      transit: {
        default: { "0": 0.85, "1": 0.12, "2": 0.03 },
      },
      throughput: { "bkk-1": { factor: 0.95 } },
    },
    policy: { capacity_aware: true, choice: { fastest: 0.6, cheapest: 0.4 } },
  };
  return scenario;
}
