import * as grpc from "@grpc/grpc-js";

/** Upper bounds (seconds) of the call latency buckets: estimates take well under a millisecond. */
export const CALL_DURATION_BUCKETS = [
  0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
  30, 60, 300,
] as const;

/** Status code -> its name ("OK", "INVALID_ARGUMENT", ...), for labels and logs. */
export const STATUS_NAMES: readonly string[] = (() => {
  const names: string[] = [];
  for (const [name, code] of Object.entries(grpc.status)) {
    if (typeof code === "number") names[code] = name;
  }
  return names;
})();

export function statusName(code: number): string {
  return STATUS_NAMES[code] ?? String(code);
}

/** One (method, status) series: per-bucket counts (not cumulative), count and sum. */
class Series {
  readonly buckets = new Float64Array(CALL_DURATION_BUCKETS.length);
  count = 0;
  sum = 0;
  constructor(
    readonly method: string,
    readonly code: string,
  ) {}
}

interface MetricValue {
  readonly labels: Record<string, string | number>;
  readonly value: number;
  readonly metricName?: string;
}

/** The shape prom-client's Registry reads from a metric (`get`) and resets (`reset`). */
export interface CollectableMetric {
  readonly name: string;
  readonly help: string;
  readonly type: "histogram" | "counter";
  readonly aggregator: "sum";
  get(): Promise<{
    name: string;
    help: string;
    type: string;
    aggregator: string;
    values: MetricValue[];
  }>;
  reset(): void;
}

/**
 * One method's series by status code, made once per method and status: a call is recorded with
 * an array index, a bucket search over 19 bounds and three additions (no lookup by name, no
 * allocation).
 */
export class MethodCalls {
  /** Indexed by status code. */
  readonly byCode: Array<Series | undefined> = [];

  constructor(readonly method: string) {}

  record(code: number, seconds: number): void {
    let series = this.byCode[code];
    if (series === undefined) {
      series = new Series(this.method, statusName(code));
      this.byCode[code] = series;
    }
    series.count++;
    series.sum += seconds;
    const bounds = CALL_DURATION_BUCKETS;
    for (let i = 0; i < bounds.length; i++) {
      if (seconds <= bounds[i]!) {
        series.buckets[i]!++;
        break;
      }
    }
  }
}

/**
 * Calls by method and status with their latency, recorded on the hot path with no allocation
 * once a (method, status) pair has been seen. A caller that records many calls of one method
 * keeps its `forMethod` (the gRPC call interceptor does, per method); `record` looks the method
 * up by name. prom-client reads it at scrape time through `histogram()` and `counter()`.
 */
export class CallStats {
  private readonly byMethod = new Map<string, MethodCalls>();

  /** The method's series (the same object until `reset`). */
  forMethod(method: string): MethodCalls {
    let calls = this.byMethod.get(method);
    if (calls === undefined) {
      calls = new MethodCalls(method);
      this.byMethod.set(method, calls);
    }
    return calls;
  }

  record(method: string, code: number, seconds: number): void {
    this.forMethod(method).record(code, seconds);
  }

  /** Calls seen for a method and status (tests, diagnostics). */
  count(method: string, code: number): number {
    return this.byMethod.get(method)?.byCode[code]?.count ?? 0;
  }

  /** Forgets every count; a method's MethodCalls stays the one in use (callers keep it). */
  reset(): void {
    for (const calls of this.byMethod.values()) calls.byCode.length = 0;
  }

  private *series(): Generator<Series> {
    for (const calls of this.byMethod.values()) {
      for (const s of calls.byCode) if (s !== undefined) yield s;
    }
  }

  /** A prom-client histogram view (`<name>_bucket`, `_sum`, `_count`, labels method and code). */
  histogram(name: string, help: string): CollectableMetric {
    return {
      name,
      help,
      type: "histogram",
      aggregator: "sum",
      get: async () => {
        const values: MetricValue[] = [];
        for (const s of this.series()) {
          let cumulative = 0;
          for (let i = 0; i < CALL_DURATION_BUCKETS.length; i++) {
            cumulative += s.buckets[i]!;
            values.push({
              labels: { method: s.method, code: s.code, le: CALL_DURATION_BUCKETS[i]! },
              value: cumulative,
              metricName: `${name}_bucket`,
            });
          }
          const labels = { method: s.method, code: s.code };
          values.push({
            labels: { ...labels, le: "+Inf" },
            value: s.count,
            metricName: `${name}_bucket`,
          });
          values.push({ labels, value: s.sum, metricName: `${name}_sum` });
          values.push({ labels, value: s.count, metricName: `${name}_count` });
        }
        return { name, help, type: "histogram", aggregator: "sum", values };
      },
      reset: () => this.reset(),
    };
  }

  /** A prom-client counter view of the same calls (labels method and code). */
  counter(name: string, help: string): CollectableMetric {
    return {
      name,
      help,
      type: "counter",
      aggregator: "sum",
      get: async () => {
        const values: MetricValue[] = [];
        for (const s of this.series()) {
          values.push({ labels: { method: s.method, code: s.code }, value: s.count });
        }
        return { name, help, type: "counter", aggregator: "sum", values };
      },
      reset: () => this.reset(),
    };
  }
}
