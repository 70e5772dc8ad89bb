import type { StoredRisk } from "../events/promise-event-store.js";
import type { PromiseRisk } from "./generated/promise/v1/PromiseRisk.js";
import { msToTimestamp } from "./request-fields.js";

/** A stored risk as the proto's PromiseRisk. */
export function toProtoRisk(risk: StoredRisk): PromiseRisk {
  return {
    status: `RISK_STATUS_${risk.status}` as PromiseRisk["status"],
    reasons: [...risk.reasons],
    expectedDeliveryEarliest: risk.expectedEarliest,
    expectedDeliveryLatest: risk.expectedLatest,
    since: msToTimestamp(risk.sinceMs),
  };
}
