/** The median and the 10th-90th percentile band of one figure over the runs (null: none). */
export interface Band {
  readonly median: number | null;
  readonly p10: number | null;
  readonly p90: number | null;
}

export interface DaySpread {
  readonly date: string;
  readonly onTimeRate: Band;
  readonly broken: Band;
  readonly backlog: Band;
}

/** One policy ("capacity-aware on") over every seed. */
export interface RunSpread {
  readonly label: string;
  readonly onTimeRate: Band;
  readonly broken: Band;
  readonly maxBacklog: Band;
  readonly daysBelowTarget: Band;
  readonly promisedLeadDaysMean: Band;
  /** Per day (all warehouses): on-time rate of the promises made that day, broken, backlog. */
  readonly days: readonly DaySpread[];
}

/** A planner answer that holds in at least the chosen share of the runs. */
export interface ConfidentAnswer {
  readonly kind: "capacity" | "buffer";
  /** A warehouse id (capacity) or a service id (buffer; "" = one extra buffer for every service). */
  readonly id: string;
  /** The smallest value that holds in at least `confidence` of the runs. */
  readonly value: number;
  /** Runs in which it holds (the run's own answer is at most `value`). */
  readonly holdsIn: number;
  readonly runs: number;
  /** Every run's own answer, in seed order. */
  readonly perRun: readonly number[];
  /** False when some run could not reach the target with this kind of answer alone. */
  readonly foundInEveryRun: boolean;
  /** The answer in words: "149 a day at w1 holds 95% on time in 9 of 10 runs". */
  readonly statement: string;
}

export interface SpreadReport {
  readonly runs: number;
  readonly seeds: readonly number[];
  /** The share of runs the confident answers must hold in. */
  readonly confidence: number;
  readonly targetOnTime: number;
  readonly policies: readonly RunSpread[];
  readonly answers: readonly ConfidentAnswer[];
}
