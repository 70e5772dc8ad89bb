import type * as grpc from "@grpc/grpc-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/config.js";
import { isoDay } from "../../src/engine/day.js";
import { createLogger, type RunningService, startService } from "../../src/main.js";
import { CALL_DURATION_BUCKETS, CallStats } from "../../src/observability/call-stats.js";
import { createMetrics } from "../../src/observability/metrics.js";
import { FIXTURE_NETWORK, NOW_ISO } from "../grpc/grpc-test-helpers.js";
import { encodeRequest, rawClient, rawUnary } from "../grpc/hardening-helpers.js";
import { tempSqlitePath } from "../support/temp-dir.js";

const ESTIMATE = "/promise.v1.PromiseService/Estimate";
const estimateOf = (sku: string) =>
  encodeRequest(ESTIMATE, {
    sku,
    quantity: 1,
    destination: { countryCode: "TH", postalCode: "10110" },
  });

function configWith(env: Record<string, string>) {
  return loadConfig({
    PROMISE_ADDRESS: "127.0.0.1:0",
    PROMISE_SQLITE_PATH: tempSqlitePath(),
    PROMISE_NETWORK_FILE: FIXTURE_NETWORK,
    PROMISE_FIXED_NOW: NOW_ISO,
    PROMISE_LOG_LEVEL: "silent",
    ...env,
  });
}

describe("the /metrics endpoint of a running service", () => {
  let service: RunningService;
  let client: grpc.Client;
  let url: string;

  beforeAll(async () => {
    const config = configWith({ PROMISE_METRICS_ADDRESS: "127.0.0.1:0" });
    service = await startService(config, createLogger(config));
    client = rawClient(`127.0.0.1:${service.port}`);
    url = `http://127.0.0.1:${service.metricsServer!.port}`;
  });

  afterAll(async () => {
    client.close();
    await service.stop(1000);
  });

  const scrape = async () => {
    const res = await fetch(`${url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/plain");
    return res.text();
  };

  it("counts and times calls by method and status", async () => {
    await rawUnary(client, ESTIMATE, estimateOf("SKU-A"));
    await rawUnary(client, ESTIMATE, estimateOf("SKU-A"));
    await rawUnary(client, ESTIMATE, estimateOf("NO-SUCH-SKU"));
    const text = await scrape();
    const ok = 'method="promise.v1.PromiseService/Estimate",code="OK"';
    const notFound = 'method="promise.v1.PromiseService/Estimate",code="NOT_FOUND"';
    expect(text).toContain(`promise_grpc_calls_total{${ok}} 2\n`);
    expect(text).toContain(`promise_grpc_calls_total{${notFound}} 1\n`);
    expect(text).toContain("# TYPE promise_grpc_call_duration_seconds histogram");
    expect(text).toContain(`promise_grpc_call_duration_seconds_bucket{${ok},le="+Inf"} 2\n`);
    expect(text).toContain(`promise_grpc_call_duration_seconds_count{${ok}} 2\n`);
    expect(text).toContain(`promise_grpc_call_duration_seconds_count{${notFound}} 1\n`);
  });

  it("reports the estimate cache's hits and misses", async () => {
    const cache = service.server.promiseService.cache;
    await rawUnary(client, ESTIMATE, estimateOf("SKU-C"));
    await rawUnary(client, ESTIMATE, estimateOf("SKU-C"));
    const text = await scrape();
    expect(cache.hits).toBeGreaterThan(0);
    expect(text).toContain(`promise_estimate_cache_hits_total ${cache.hits}\n`);
    expect(text).toContain(`promise_estimate_cache_misses_total ${cache.misses}\n`);
    expect(text).toContain(`promise_estimate_cache_hit_ratio ${cache.hitRate}\n`);
    expect(cache.bytes).toBeGreaterThan(512);
    expect(text).toContain(`promise_estimate_cache_bytes ${cache.bytes}\n`);
  });

  it("reports capacity used and limits per warehouse and date", async () => {
    service.live.capacity.setCapacity("bkk", 30);
    service.live.capacity.setExternalLoad("bkk", isoDay("2026-11-23"), 7);
    const text = await scrape();
    expect(text).toContain('promise_capacity_used_orders{warehouse="bkk",date="2026-11-23"} 7\n');
    expect(text).toContain('promise_capacity_limit_orders{warehouse="bkk",date="2026-11-23"} 30\n');
    expect(text).toContain('promise_capacity_used_orders{warehouse="hcm",date="2026-11-23"} 0\n');
    // the window: the day before "today" (20 Nov 2026) to 14 days after
    expect(text).toContain('promise_capacity_used_orders{warehouse="bkk",date="2026-11-19"} 0\n');
    expect(text).toContain('promise_capacity_used_orders{warehouse="bkk",date="2026-12-04"} 0\n');
    expect(text).not.toContain('date="2026-12-05"');
  });

  it("reports each warehouse's backlog and learned throughput factor", async () => {
    // Thursday 19 November: 50 promised at bkk, 20 shipped; it is Friday, so 30 are behind.
    const thursday = isoDay("2026-11-19");
    service.live.capacity.setPromisedLoad("bkk", thursday, 50);
    service.live.capacity.setShippedLoad("bkk", thursday, 20, 20);
    const text = await scrape();
    expect(text).toContain('promise_warehouse_backlog_orders{warehouse="bkk"} 30\n');
    // hcm reports no shipments: not tracked, no backlog figure.
    expect(text).not.toContain('promise_warehouse_backlog_orders{warehouse="hcm"}');
    // One day with work is too little to learn from: factor 1.
    expect(text).toContain('promise_warehouse_throughput_factor{warehouse="bkk"} 1\n');
    expect(text).toContain('promise_warehouse_throughput_factor{warehouse="hcm"} 1\n');
    service.live.capacity.setPromisedLoad("bkk", thursday, 0);
    service.live.capacity.setShippedLoad("bkk", thursday, 0, 0);
  });

  it("reports view staleness once a source is set, and promises by outcome and reason", async () => {
    service.metrics.setStalenessSource(() => 2.5);
    service.metrics.promises.inc({ outcome: "failed", reason: "OUT_OF_STOCK" });
    service.metrics.promises.inc({ outcome: "confirmed", reason: "" });
    const text = await scrape();
    expect(text).toContain("promise_view_staleness_seconds 2.5\n");
    expect(text).toContain('promise_promises_total{outcome="failed",reason="OUT_OF_STOCK"} 1\n');
    expect(text).toContain('promise_promises_total{outcome="confirmed",reason=""} 1\n');
    expect(text).toContain("process_cpu_user_seconds_total");
  });

  it("answers 404 anywhere but /metrics", async () => {
    expect((await fetch(`${url}/`)).status).toBe(404);
    expect((await fetch(`${url}/metrics/x`)).status).toBe(404);
  });
});

describe("metrics endpoint off", () => {
  it("serves no metrics endpoint when PROMISE_METRICS_ADDRESS is unset", async () => {
    const config = configWith({});
    const service = await startService(config, createLogger(config));
    try {
      expect(service.metricsServer).toBeUndefined();
    } finally {
      await service.stop(1000);
    }
  });
});

describe("Metrics", () => {
  it("reports no staleness value until a source says how stale the view is", async () => {
    const metrics = createMetrics({ processMetrics: false });
    expect(await metrics.text()).not.toMatch(/^promise_view_staleness_seconds /m);
    let staleness: number | undefined;
    metrics.setStalenessSource(() => staleness);
    expect(await metrics.text()).not.toMatch(/^promise_view_staleness_seconds /m);
    staleness = 0;
    expect(await metrics.text()).toMatch(/^promise_view_staleness_seconds 0$/m);
  });

  it("keeps a registry of its own, so several services can run in one process", () => {
    const a = createMetrics({ processMetrics: false });
    const b = createMetrics({ processMetrics: false });
    expect(a.registry).not.toBe(b.registry);
  });
});

describe("CallStats", () => {
  it("puts each duration in the first bucket whose bound it does not exceed, cumulatively", async () => {
    const stats = new CallStats();
    stats.record("a/B", 0, 0.0003); // <= 0.0005
    stats.record("a/B", 0, 0.0005); // <= 0.0005 (bounds are inclusive)
    stats.record("a/B", 0, 1000); // only +Inf
    const view = await stats.histogram("h", "help").get();
    const bucket = (le: number | string) =>
      view.values.find((v) => v.metricName === "h_bucket" && v.labels["le"] === le)?.value;
    expect(bucket(0.00025)).toBe(0);
    expect(bucket(0.0005)).toBe(2);
    expect(bucket(CALL_DURATION_BUCKETS.at(-1)!)).toBe(2);
    expect(bucket("+Inf")).toBe(3);
    expect(view.values.find((v) => v.metricName === "h_sum")?.value).toBeCloseTo(1000.0008, 6);
    expect(view.values.find((v) => v.metricName === "h_count")?.value).toBe(3);
  });

  it("counts calls through a method's kept series after a reset, from zero", async () => {
    const stats = new CallStats();
    const kept = stats.forMethod("a/B");
    kept.record(0, 0.001);
    kept.record(5, 0.002);
    expect(stats.forMethod("a/B")).toBe(kept);
    stats.reset();
    expect(stats.count("a/B", 0)).toBe(0);
    expect((await stats.counter("c", "help").get()).values).toEqual([]);
    kept.record(0, 0.001);
    kept.record(0, 0.003);
    expect(stats.count("a/B", 0)).toBe(2);
    expect(stats.count("a/B", 5)).toBe(0);
    expect((await stats.counter("c", "help").get()).values).toEqual([
      { labels: { method: "a/B", code: "OK" }, value: 2 },
    ]);
  });
});
