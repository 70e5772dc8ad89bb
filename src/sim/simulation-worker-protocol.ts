import type { DomainErrorKind } from "../engine/domain-error.js";
import type { NetworkFile } from "../network/network-schema.js";
import type { ScenarioFileIssue } from "./scenario-file-error.js";
import type { SimulationReport } from "./sim-result.js";
import type { SimProgress } from "./simulate.js";
import type { StoreHistory } from "./store-history.js";

/** What a simulation worker is started with (structured-cloned into the thread). */
export interface WorkerInput {
  /** The scenario's text; ignored when scenarioPath is set. */
  readonly scenarioYaml: string;
  /** A scenario file to read (the command line): its network path is relative to it. */
  readonly scenarioPath?: string | undefined;
  /** The scenario's name in messages. */
  readonly source: string;
  readonly seed?: number | undefined;
  readonly answerQuestions: boolean;
  /** A folder network paths may point into; undefined: network paths are refused. */
  readonly networkDir?: string | undefined;
  /** The network used when the scenario names none. */
  readonly defaultNetwork?: NetworkFile | undefined;
  /** Refuse scenarios with more orders than this. */
  readonly maxOrders?: number | undefined;
  /** The store's history the scenario asked for, read beforehand (plain data). */
  readonly storeHistory?: StoreHistory | undefined;
}

/** What a simulation worker posts back. */
export type WorkerMessage =
  | { readonly type: "progress"; readonly progress: SimProgress }
  | { readonly type: "done"; readonly report: SimulationReport }
  | {
      readonly type: "scenario-error";
      readonly source: string;
      readonly message: string;
      readonly issues: readonly ScenarioFileIssue[];
    }
  | {
      readonly type: "domain-error";
      readonly kind: DomainErrorKind;
      readonly message: string;
      readonly field: string | undefined;
    }
  | { readonly type: "failed"; readonly message: string; readonly stack: string | undefined };
