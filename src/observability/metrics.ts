import { Counter, collectDefaultMetrics, Gauge, type Metric, Registry } from "prom-client";
import type { Clock } from "../config/clock.js";
import { addDays, formatIsoDay, utcDayOf } from "../engine/day.js";
import type { CapacityView } from "../view/capacity-view.js";
import type { LiveView } from "../view/live-view.js";
import { CallStats } from "./call-stats.js";

/** What the estimate cache exposes (EstimateCache has these). */
export interface CacheCounters {
  readonly hits: number;
  readonly misses: number;
  readonly size: number;
  readonly bytes: number;
}

/** Capacity is reported from the UTC day before today through this many days after it. */
export const CAPACITY_METRIC_DAYS_AHEAD = 14;

/**
 * Outcomes for `promises`: "confirmed", "failed", "cancelled", "fulfilled" (reason: why it failed,
 * or "").
 */
export type PromiseOutcome = "confirmed" | "failed" | "cancelled" | "fulfilled";

export interface MetricsOptions {
  /** Node.js process metrics (CPU, memory, event loop lag, GC); default true. */
  readonly processMetrics?: boolean | undefined;
}

/**
 * The service's Prometheus metrics, in their own registry (served at `/metrics` when
 * PROMISE_METRICS_ADDRESS is set):
 *
 * - `promise_grpc_calls_total{method,code}` and `promise_grpc_call_duration_seconds{method,code}`
 *   (histogram): every gRPC call, fed by the call interceptor;
 * - `promise_estimate_cache_hits_total`, `_misses_total`, `promise_estimate_cache_hit_ratio`,
 *   `promise_estimate_cache_entries`, `promise_estimate_cache_bytes`: read from the cache at
 *   scrape time (`observeCache`);
 * - `promise_promises_total{outcome,reason}`: incremented by checkout code
 *   (`metrics.promises.inc({ outcome: "failed", reason: "OUT_OF_STOCK" })`);
 * - `promise_capacity_used_orders{warehouse,date}` and `promise_capacity_limit_orders{...}`
 *   (limited days only): read from the capacity view at scrape time (`observeCapacity`);
 * - `promise_view_staleness_seconds`: from a function the store wiring supplies
 *   (`setStalenessSource`); absent while it returns undefined;
 * - `promise_deliveries_total{service,outcome}`: shipments delivered (RecordShipmentEvents), early,
 *   on_time or late against the window confirmed at checkout;
 * - `promise_on_time_rate_7d{service}`: from a function the wiring supplies (`observeOnTime`);
 * - `promise_simulations_running`, `promise_network_reloads_total{result}`;
 * - Node.js process metrics (`process_*`, `nodejs_*`).
 */
export class Metrics {
  readonly registry = new Registry();
  readonly calls = new CallStats();
  readonly promises: Counter<"outcome" | "reason">;
  readonly networkReloads: Counter<"result">;
  readonly deliveries: Counter<"service" | "outcome">;
  private cache: CacheCounters | undefined;
  private capacitySource: { live: LiveView; clock: Clock } | undefined;
  private staleness: (() => number | undefined) | undefined;
  private simulations: { readonly running: number } | undefined;
  private onTimeSource: (() => ReadonlyMap<string, number>) | undefined;

  constructor(options: MetricsOptions = {}) {
    const registry = this.registry;
    const register = (metric: unknown) => registry.registerMetric(metric as Metric);
    register(
      this.calls.counter("promise_grpc_calls_total", "gRPC calls handled, by method and status"),
    );
    register(
      this.calls.histogram(
        "promise_grpc_call_duration_seconds",
        "gRPC call duration from request headers to status, by method and status",
      ),
    );

    this.promises = new Counter({
      name: "promise_promises_total",
      help: "Checkout promises by outcome (confirmed, failed, cancelled, fulfilled) and failure reason",
      labelNames: ["outcome", "reason"] as const,
      registers: [registry],
    });
    this.deliveries = new Counter({
      name: "promise_deliveries_total",
      help: "Delivered shipments of promises by service and outcome against the window promised at checkout (early, on_time, late)",
      labelNames: ["service", "outcome"] as const,
      registers: [registry],
    });
    const metrics = this;
    new Gauge({
      name: "promise_on_time_rate_7d",
      help: "Per service: the share of the last 7 days' deliveries that arrived by their promised latest date (as of the last learned-transit rebuild)",
      labelNames: ["service"] as const,
      registers: [registry],
      collect() {
        this.reset();
        const rates = metrics.onTimeSource?.();
        if (rates !== undefined) for (const [service, rate] of rates) this.set({ service }, rate);
      },
    });
    this.networkReloads = new Counter({
      name: "promise_network_reloads_total",
      help: "Network file reloads by result (reloaded, rejected)",
      labelNames: ["result"] as const,
      registers: [registry],
    });

    const self = this;
    let seenHits = 0;
    let seenMisses = 0;
    new Counter({
      name: "promise_estimate_cache_hits_total",
      help: "Estimates answered from the cache",
      registers: [registry],
      collect() {
        const hits = self.cache?.hits ?? seenHits;
        if (hits > seenHits) this.inc(hits - seenHits);
        seenHits = hits;
      },
    });
    new Counter({
      name: "promise_estimate_cache_misses_total",
      help: "Estimates computed because the cache had no answer",
      registers: [registry],
      collect() {
        const misses = self.cache?.misses ?? seenMisses;
        if (misses > seenMisses) this.inc(misses - seenMisses);
        seenMisses = misses;
      },
    });
    new Gauge({
      name: "promise_estimate_cache_hit_ratio",
      help: "Cache hits / lookups since start (0 before the first lookup)",
      registers: [registry],
      collect() {
        const c = self.cache;
        const total = c === undefined ? 0 : c.hits + c.misses;
        this.set(total === 0 ? 0 : c!.hits / total);
      },
    });
    new Gauge({
      name: "promise_estimate_cache_entries",
      help: "Estimates held in the cache",
      registers: [registry],
      collect() {
        this.set(self.cache?.size ?? 0);
      },
    });
    new Gauge({
      name: "promise_estimate_cache_bytes",
      help: "Bytes the cached estimates are counted at (limit: PROMISE_ESTIMATE_CACHE_BYTES)",
      registers: [registry],
      collect() {
        this.set(self.cache?.bytes ?? 0);
      },
    });

    /** Calls `visit` for each warehouse and date of the capacity window. */
    const eachCapacityDay = (
      visit: (labels: { warehouse: string; date: string }, used: number, limit: number) => void,
    ) => {
      const source = self.capacitySource;
      if (source === undefined) return;
      const capacity = source.live.capacity;
      const warehouses = source.live.network.warehouses;
      const today = utcDayOf(source.clock());
      const last = addDays(today, CAPACITY_METRIC_DAYS_AHEAD);
      for (let day = addDays(today, -1); day <= last; day++) {
        const date = formatIsoDay(day);
        for (const w of warehouses) {
          visit(
            { warehouse: w.id, date },
            capacity.load(w.index, day),
            capacity.capacity(w.index, day),
          );
        }
      }
    };
    new Gauge({
      name: "promise_capacity_used_orders",
      help: "Orders booked for a warehouse's ship date (promised here plus booked elsewhere)",
      labelNames: ["warehouse", "date"] as const,
      registers: [registry],
      collect() {
        this.reset();
        eachCapacityDay((labels, used) => this.set(labels, used));
      },
    });
    new Gauge({
      name: "promise_capacity_limit_orders",
      help: "A warehouse's order capacity for a ship date (days with a limit only)",
      labelNames: ["warehouse", "date"] as const,
      registers: [registry],
      collect() {
        this.reset();
        eachCapacityDay((labels, _used, limit) => {
          if (limit >= 0) this.set(labels, limit);
        });
      },
    });

    /** Calls `visit` with each warehouse's backlog projection (once the view knows the time). */
    const eachBacklog = (
      visit: (
        labels: { warehouse: string },
        p: NonNullable<ReturnType<CapacityView["backlogOf"]>>,
      ) => void,
    ) => {
      const source = self.capacitySource;
      if (source === undefined) return;
      const capacity = source.live.capacity;
      capacity.setNow(source.clock());
      for (const w of source.live.network.warehouses) {
        const p = capacity.backlogOf(w.index);
        if (p !== undefined) visit({ warehouse: w.id }, p);
      }
    };
    new Gauge({
      name: "promise_warehouse_backlog_orders",
      help: "Promises past their ship date's cut-off plus grace that have not shipped (warehouses that report shipments)",
      labelNames: ["warehouse"] as const,
      registers: [registry],
      collect() {
        this.reset();
        eachBacklog((labels, p) => {
          if (p.tracked) this.set(labels, p.backlog);
        });
      },
    });
    new Gauge({
      name: "promise_warehouse_throughput_factor",
      help: "Learned real throughput / capacity applied to unplanned capacity (1: nothing learned)",
      labelNames: ["warehouse"] as const,
      registers: [registry],
      collect() {
        this.reset();
        eachBacklog((labels, p) => this.set(labels, p.factor));
      },
    });

    // A gauge with no value at all while the staleness is unknown (prom-client's Gauge would say 0).
    const staleness = "promise_view_staleness_seconds";
    const stalenessHelp =
      "How far the in-memory view may lag behind the store (absent when unknown)";
    register({
      name: staleness,
      help: stalenessHelp,
      type: "gauge",
      aggregator: "max",
      get: async () => {
        const seconds = self.staleness?.();
        const known = seconds !== undefined && Number.isFinite(seconds);
        return {
          name: staleness,
          help: stalenessHelp,
          type: "gauge",
          aggregator: "max",
          values: known ? [{ labels: {}, value: seconds }] : [],
        };
      },
      reset: () => {},
    });
    new Gauge({
      name: "promise_simulations_running",
      help: "Peak simulations running now",
      registers: [registry],
      collect() {
        this.set(self.simulations?.running ?? 0);
      },
    });

    if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry });
  }

  /** Reports this estimate cache (hits and misses are read at scrape time). */
  observeCache(cache: CacheCounters): void {
    this.cache = cache;
  }

  /** Reports capacity used and limits per warehouse and date from the live view. */
  observeCapacity(live: LiveView, clock: Clock): void {
    this.capacitySource = { live, clock };
  }

  /** How stale the view is, in seconds (undefined: unknown). Called at scrape time only. */
  /** Where the rolling 7-day on-time rate per service comes from (the learned-transit rebuild). */
  observeOnTime(source: () => ReadonlyMap<string, number>): void {
    this.onTimeSource = source;
  }

  setStalenessSource(source: () => number | undefined): void {
    this.staleness = source;
  }

  /** Reports the simulations running now (a SimulationSlots). */
  observeSimulations(slots: { readonly running: number }): void {
    this.simulations = slots;
  }

  /** The Prometheus text exposition. */
  text(): Promise<string> {
    return this.registry.metrics();
  }
}

export function createMetrics(options?: MetricsOptions): Metrics {
  return new Metrics(options);
}
