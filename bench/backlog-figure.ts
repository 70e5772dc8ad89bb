/**
 * Issue 19: how long the view takes to bring the backlog up to date after a burst of 10,000 ship
 * events (FulfilPromise / SHIPPED, as Checkout mirrors them into the capacity view), on the sample
 * network: 10,000 promises due over the last 5 working days at bkk-1, then 10,000 shipments
 * recorded one by one, each followed by a capacity read (the worst case: every event makes the
 * next estimate recompute the warehouse's projection). Measured in this process, a few times;
 * the figure is the median.
 */
import { addDays, isoDay } from "../src/engine/day.js";
import { compileNetwork } from "../src/network/compile-network.js";
import { loadNetworkFile } from "../src/network/load-network-file.js";
import { CapacityView } from "../src/view/capacity-view.js";
import { type BenchContext, SAMPLE_NETWORK } from "./bench-context.js";
import { type Figure, figure } from "./figures.js";
import { median } from "./paired-runs.js";

const EVENTS = 10_000;
/** Wednesday 2026-11-25 09:00 in Bangkok. */
const NOW = Date.parse("2026-11-25T02:00:00Z");

export interface BacklogRun {
  /** 10,000 events, a read after each (ms). */
  readonly perEventReadMs: number;
  /** 10,000 events, then one read (ms). */
  readonly batchMs: number;
  readonly backlogAfter: number;
}

export function runBacklogBench(): BacklogRun {
  const file = loadNetworkFile(SAMPLE_NETWORK);
  const today = isoDay("2026-11-25");
  const net = compileNetwork(file, { todayDay: today });
  const w = net.warehouseById.get("bkk-1")!;
  const dueDays = [5, 4, 3, 2, 1].map((n) => addDays(today, -n));
  const fresh = () => {
    const view = new CapacityView(net);
    view.setCapacity("bkk-1", 2_500);
    for (const d of dueDays) view.setPromisedLoad("bkk-1", d, EVENTS / dueDays.length + 500);
    view.setNow(NOW);
    view.remaining(w.index, today);
    return view;
  };
  let view = fresh();
  let sink = 0;
  let t = performance.now();
  for (let i = 0; i < EVENTS; i++) {
    view.recordShipment("bkk-1", dueDays[i % dueDays.length]!, today);
    sink += view.remaining(w.index, addDays(today, 1));
  }
  const perEventReadMs = performance.now() - t;
  view = fresh();
  t = performance.now();
  for (let i = 0; i < EVENTS; i++)
    view.recordShipment("bkk-1", dueDays[i % dueDays.length]!, today);
  sink += view.remaining(w.index, addDays(today, 1));
  const batchMs = performance.now() - t;
  if (sink < 0) throw new Error("unreachable");
  return { perEventReadMs, batchMs, backlogAfter: view.backlogOf(w.index)!.backlog };
}

export function backlogFigure(ctx: BenchContext): Figure {
  const runs = ctx.options.smoke ? 1 : 5;
  const results: BacklogRun[] = [];
  for (let i = 0; i < runs; i++) {
    const r = runBacklogBench();
    ctx.log(
      `  backlog run ${i + 1}: ${r.perEventReadMs.toFixed(1)} ms with a read after each event, ${r.batchMs.toFixed(1)} ms for the burst then one read (backlog left ${r.backlogAfter})`,
    );
    results.push(r);
  }
  const values = results.map((r) => r.perEventReadMs);
  return figure(
    "backlogUpdate",
    median(values),
    `median of ${runs}; 10,000 FulfilPromise events into the capacity view, each followed by a capacity read (projection recomputed each time); burst then one read: ${median(results.map((r) => r.batchMs)).toFixed(1)} ms`,
    results,
  );
}
