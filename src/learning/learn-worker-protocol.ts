import type { Day } from "../engine/day.js";
import type { NetworkFile } from "../network/network-schema.js";
import type { OpenStoreOptions } from "../store/open-store.js";
import type { LearnedFromStore } from "./learn-from-store.js";

/** What a learned-transit worker is given (structured-cloned: plain data only). */
export interface LearnWorkerInput {
  /** How to open the store (no logger: the worker logs nothing). */
  readonly store: Omit<OpenStoreOptions, "logger">;
  readonly file: NetworkFile;
  readonly todayDay: Day;
  readonly range: { readonly fromDay: Day; readonly toDay: Day; readonly weekFrom: Day };
  readonly version: number;
}

export type LearnWorkerMessage =
  | { readonly type: "done"; readonly result: LearnedFromStore }
  | { readonly type: "failed"; readonly message: string; readonly stack: string | undefined };
