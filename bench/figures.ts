/**
 * The figures of issue 5 and their targets (on a 2-core machine), and a measured figure.
 */

export interface Target {
  readonly op: ">=" | "<=";
  readonly value: number;
}

export interface FigureSpec {
  readonly label: string;
  readonly unit: string;
  /** Undefined: reported without a target. */
  readonly target: Target | undefined;
}

export const FIGURES = {
  estimateThroughput: {
    label: "Estimate (1 SKU, sample network) throughput / echo throughput",
    unit: "x",
    target: { op: ">=", value: 0.8 },
  },
  estimateP99: {
    label: "Estimate p99 latency at 16 in flight / echo p99",
    unit: "x",
    target: { op: "<=", value: 1.5 },
  },
  estimateUncached: {
    label: "the same with the estimate cache off (PROMISE_ESTIMATE_CACHE_SIZE=0) / echo",
    unit: "x",
    target: undefined,
  },
  httpEstimate: {
    label: "Estimate over HTTP/1.1 Connect JSON / native gRPC Estimate throughput (same run)",
    unit: "x",
    target: { op: ">=", value: 0.7 },
  },
  batchItems: {
    label: "EstimateBatch of 50 SKUs: items/s / echo requests/s",
    unit: "x",
    target: { op: ">=", value: 5 },
  },
  catalogScale: {
    label: "Estimate throughput, 1,000,000 SKUs x 3 warehouses / 1,000 SKUs",
    unit: "x",
    target: { op: ">=", value: 0.9 },
  },
  catalogRss: {
    label: "RSS of a process holding 1,000,000 SKUs x 3 warehouses",
    unit: "MB",
    target: { op: "<=", value: 600 },
  },
  catalogStartup: {
    label: "start-up to serving with that catalog in the store",
    unit: "s",
    target: { op: "<=", value: 15 },
  },
  memoryRss: {
    label: "RSS with 1,000,000 SKUs x 3 under 60 s+ of mixed Estimate/EstimateBatch (cache full)",
    unit: "MB",
    target: { op: "<=", value: 450 },
  },
  memorySoak: {
    label: "RSS growth over a 5-minute soak of that load, after its first minute",
    unit: "MB",
    target: { op: "<=", value: 20 },
  },
  skuLookup: {
    label: "SKU lookup, SkuIndex / Map<string, number> (same run, 1,000,000 SKUs)",
    unit: "x",
    target: { op: "<=", value: 1.25 },
  },
  confirmSqlite: {
    label: "ConfirmPromise/s, embedded SQLite, 16 in flight",
    unit: "/s",
    target: { op: ">=", value: 2000 },
  },
  confirmPostgres: {
    label: "ConfirmPromise/s, 2 processes on one PostgreSQL, 32 in flight, no oversell",
    unit: "/s",
    target: { op: ">=", value: 1000 },
  },
  confirmEcho: {
    label:
      "grpc-js alone: echo answering ConfirmPromise frames with a real reply, same raw client, 16 in flight: server CPU per call (issue 18)",
    unit: "us",
    target: undefined,
  },
  confirmPathSqlite: {
    label:
      "confirm path without gRPC (Checkout.confirm, SQLite store, view sync, events), 1 process on core 0, 16 in flight: CPU per confirm (issue 18)",
    unit: "us",
    target: undefined,
  },
  confirmCeilingSqlite: {
    label:
      "implied one-core SQLite ceiling, 1e6 / (echo + confirm path us) (issue 18 goal: 4,500/s)",
    unit: "/s",
    target: undefined,
  },
  confirmPathPostgres: {
    label:
      "confirm path without gRPC on PostgreSQL, 2 processes x 16 in flight: their CPU + PostgreSQL's per confirm (issue 18)",
    unit: "us",
    target: undefined,
  },
  confirmCeilingPostgres: {
    label:
      "implied two-core PostgreSQL ceiling, 2e6 / (echo + path + PostgreSQL us) (issue 18 goal: 2,500/s)",
    unit: "/s",
    target: undefined,
  },
  engine: {
    label: "engine alone: estimates/s per core (sample: 3 warehouses x 8 services; issue: x 4)",
    unit: "/s",
    target: { op: ">=", value: 200_000 },
  },
  workers: {
    label: "Estimate throughput, PROMISE_WORKERS=2 / 1 (node:cluster, one port)",
    unit: "x",
    target: undefined,
  },
  backlogUpdate: {
    label: "backlog brought up to date after 10,000 ship events (capacity view, a read after each)",
    unit: "ms",
    target: { op: "<=", value: 1000 },
  },
  recordEventsSqlite: {
    label: "RecordShipmentEvents events/s, SQLite (issue 12)",
    unit: "/s",
    target: { op: ">=", value: 20_000 },
  },
  recordEventsPostgres: {
    label: "RecordShipmentEvents events/s, PostgreSQL (issue 12)",
    unit: "/s",
    target: undefined,
  },
  learnedRebuild: {
    label: "learned-transit rebuild over 1,000,000 deliveries (issue 12)",
    unit: "s",
    target: { op: "<=", value: 5 },
  },
  accuracy1m: {
    label: "GetAccuracy over 1,000,000 shipments (issue 12)",
    unit: "s",
    target: { op: "<=", value: 1 },
  },
  accuracyPromises1m: {
    label: "GetAccuracy over 1,000,000 promise shipments (issue 12)",
    unit: "s",
    target: { op: "<=", value: 1 },
  },
  import1m: {
    label: "`promise import-shipments` of 1,000,000 rows, SQLite (issue 12)",
    unit: "s",
    target: { op: "<=", value: 60 },
  },
  rebuildEstimateP99Ratio: {
    label: "Estimate p99 during the learned-transit rebuild / quiet p99 (issue 12)",
    unit: "x",
    target: { op: "<=", value: 2 },
  },
  simCpu: {
    label: "peak planner: CPU time of one 1,000,000-order, 30-day simulation (issue 16)",
    unit: "s",
    target: { op: "<=", value: 10 },
  },
  simRuns: {
    label: "peak planner: --runs 2 on worker threads, wall / one run's wall (issue 16)",
    unit: "x",
    target: undefined,
  },
  riskSweep: {
    label:
      "risk pass after a network reload moving 1,000,000 promises, SQLite, real service (issue 13; Estimate p99 ratio in the note, goal <= 2x)",
    unit: "s",
    target: { op: "<=", value: 10 },
  },
  eventsStream: {
    label: "WatchPromiseEvents events/s to one stream (issue 13)",
    unit: "/s",
    target: { op: ">=", value: 20_000 },
  },
  pickupEstimate: {
    label: "Estimate with pick-up options (2 stores) / the same Estimate without (issue 15)",
    unit: "x",
    target: { op: ">=", value: 0.9 },
  },
  pickupEchoBytes: {
    label:
      "echo answering the Estimate reply with pick-ups / the echo answering the reply without (issue 15: what the larger reply alone costs the transport)",
    unit: "x",
    target: undefined,
  },
  pickupCpuPerCall: {
    label:
      "service CPU per Estimate call without / with pick-up options at a fixed 2,000 calls/s through gRPC (issue 15)",
    unit: "x",
    target: undefined,
  },
  pickupEstimateCpu: {
    label:
      "CPU per Estimate without / with pick-up options, Estimator and encoding in one process (issue 15; a lower bound of the end-to-end ratio)",
    unit: "x",
    target: undefined,
  },
} as const satisfies Record<string, FigureSpec>;

export type FigureId = keyof typeof FIGURES;

export interface Figure {
  readonly id: FigureId;
  readonly label: string;
  readonly unit: string;
  readonly target: Target | undefined;
  /** Undefined when not measured (see `skipped`). */
  readonly value: number | undefined;
  /** Met the target; undefined without a target or a value. */
  readonly pass: boolean | undefined;
  /** How it was measured and the noise seen (ranges of the pairs, CPU, flags). */
  readonly note: string;
  /** Why it was not measured. */
  readonly skipped?: string;
  /** Anything else worth keeping in the JSON (per-run samples, ...). */
  readonly data?: unknown;
}

export function meets(target: Target | undefined, value: number): boolean | undefined {
  if (target === undefined || !Number.isFinite(value)) return undefined;
  return target.op === ">=" ? value >= target.value : value <= target.value;
}

export function figure(
  id: FigureId,
  value: number | undefined,
  note: string,
  data?: unknown,
  pass?: boolean,
): Figure {
  const spec: FigureSpec = FIGURES[id];
  const met = value === undefined ? undefined : meets(spec.target, value);
  return {
    id,
    label: spec.label,
    unit: spec.unit,
    target: spec.target,
    value,
    pass: met === undefined ? met : met && (pass ?? true),
    note,
    data,
  };
}

export function skipped(id: FigureId, reason: string): Figure {
  const spec: FigureSpec = FIGURES[id];
  return {
    id,
    label: spec.label,
    unit: spec.unit,
    target: spec.target,
    value: undefined,
    pass: undefined,
    note: "",
    skipped: reason,
  };
}
