import type { Day } from "../engine/day.js";
import type { LearnedTransit } from "../engine/learned-transit.js";
import type { NetworkFile } from "../network/network-schema.js";
import type { StockShortfall } from "./rank-shortfalls.js";
import type { RiskPassResult } from "./risk-pass.js";

/** How the risk pass worker opens the outbox (its own connection). */
export interface RiskWorkerInput {
  readonly sqlitePath?: string | undefined;
  readonly databaseUrl?: string | undefined;
  readonly pgSchema?: string | undefined;
  readonly timeoutMs?: number | undefined;
  /** The thread's and its writer's CPU priority (nice); default RISK_PASS_NICE. */
  readonly nice?: number | undefined;
}

/** Nice 10 by default: about a tenth of a nice-0 thread's share of a busy core (19, the lowest, starves it). */
export const RISK_PASS_NICE = 10;

/** One bulk pass (structured-cloned: plain data, Maps and Sets). */
export interface RiskWorkerJob {
  readonly id: number;
  /** The network to assess against; absent: the one of the previous job. */
  readonly network?:
    | {
        readonly file: NetworkFile;
        readonly todayDay: Day;
        readonly learned: LearnedTransit | undefined;
      }
    | undefined;
  readonly atMs: number;
  readonly shipGraceMinutes: number;
  readonly writeBatch: number;
  readonly pageSize: number;
  readonly cuts: {
    readonly short: ReadonlyMap<string, StockShortfall>;
    readonly capacity: ReadonlySet<string>;
    readonly pickup: ReadonlySet<string>;
    readonly room?: ReadonlyMap<string, number> | undefined;
    readonly pickupsLeft?: ReadonlyMap<string, number> | undefined;
  };
  /**
   * Every open promise, or only those with a shipment from an origin (`warehouseId|serviceId`)
   * changed on or before their latest day (the day it changed from), except `skip`.
   */
  readonly select:
    | { readonly kind: "all" }
    | {
        readonly kind: "origins";
        readonly origins: ReadonlyMap<string, Day>;
        readonly skip: ReadonlySet<string>;
      };
}

export type RiskWorkerReply =
  | { readonly id: number; readonly type: "done"; readonly result: RiskPassResult }
  | {
      readonly id: number;
      readonly type: "failed";
      readonly message: string;
      readonly code: string | undefined;
      readonly stack: string | undefined;
    };
