import type { Day } from "../engine/day.js";
import { type AcceptedClaims, type ClaimPlan, ClaimState, planClaims } from "./claim-plan.js";
import type { QueuedConfirm } from "./confirm-queue.js";
import type { PendingClaims } from "./pending-claims.js";
import { promiseLegs } from "./promise-legs.js";
import type { ConfirmDecision, ConfirmOutcome, ConfirmSnapshot, StoredPromise } from "./store.js";
import { type PreparedClaims, prepareClaims } from "./store-input.js";
import { existingOutcome, newStoredPromise } from "./stored-promise.js";

/** What a driver reads for a group: one snapshot covering every confirm of it. */
export interface GroupReadRequest {
  /** Every SKU of the group (their stock rows, every warehouse). */
  readonly skus: readonly string[];
  /** Locations whose capacity rows are read even without a stock row of the SKUs. */
  readonly locations: readonly string[];
  /** The idempotency keys of the group (the promises already holding them). */
  readonly keys: readonly string[];
  /** The union of the confirms' day ranges. */
  readonly fromDay: Day;
  readonly toDay: Day;
}

/** The snapshot a driver read for a group, and the promises already holding its keys. */
export interface GroupSnapshot extends ConfirmSnapshot {
  readonly existing: readonly StoredPromise[];
}

export interface AcceptedConfirm extends AcceptedClaims {
  readonly item: QueuedConfirm;
}

/** The confirms of a group that need writing, and what to write. */
export interface DecidedGroup {
  readonly accepted: readonly AcceptedConfirm[];
  readonly plan: ClaimPlan;
  /**
   * Confirms refused only on the snapshot with pending claims added (see PendingClaims): not
   * answered; the caller runs them again once no other group is in flight.
   */
  readonly deferred: readonly QueuedConfirm[];
}

export function groupReadRequest(group: readonly QueuedConfirm[]): GroupReadRequest {
  const skus = new Set<string>();
  const locations = new Set<string>();
  let fromDay = group[0]!.request.fromDay;
  let toDay = group[0]!.request.toDay;
  for (const g of group) {
    for (const sku of g.request.skus) skus.add(sku);
    for (const location of g.request.locations ?? []) locations.add(location);
    if (g.request.fromDay < fromDay) fromDay = g.request.fromDay;
    if (g.request.toDay > toDay) toDay = g.request.toDay;
  }
  return {
    skus: [...skus],
    locations: [...locations].sort(),
    keys: group.map((g) => g.request.idempotencyKey),
    fromDay,
    toDay,
  };
}

/**
 * The confirm algorithm of both engines, on a group's snapshot: for each confirm in arrival
 * order, an existing promise answers it; otherwise `decide` runs on the snapshot as the earlier
 * confirms of the group left it, and its claims are taken when they fit (ClaimState). Settles
 * the confirms that need no write (existing promise, refusal, no room, `decide` threw) and
 * returns the others with the group's write plan; the driver writes the plan and answers them
 * after its commit.
 *
 * With `pending` claims (groups still being written), the group is decided on the snapshot with
 * those claims added. A refusal there is answered only when the snapshot alone refuses too (the
 * committed state had no room either); otherwise the confirm is returned in `deferred`.
 */
export function decideConfirmGroup(
  group: readonly QueuedConfirm[],
  snapshot: GroupSnapshot,
  pending?: PendingClaims,
): DecidedGroup {
  const existing = new Map<string, StoredPromise>();
  for (const p of snapshot.existing) existing.set(p.idempotencyKey, p);
  const overlaid = pending === undefined ? snapshot : pending.overlay(snapshot);
  const state = new ClaimState(overlaid);
  let committed: ClaimState | undefined;
  const accepted: AcceptedConfirm[] = [];
  const deferred: QueuedConfirm[] = [];
  for (const item of group) {
    const found = existing.get(item.request.idempotencyKey);
    if (found !== undefined) {
      settle(item, () => existingOutcome(found, item.request));
      continue;
    }
    let decision: ConfirmDecision;
    let claims: PreparedClaims;
    let refusal: ConfirmOutcome | undefined;
    try {
      decision = item.decide(state.viewFor(item.request));
      if (!decision.ok) {
        refusal = refusalOf(decision);
      } else {
        claims = prepareClaims(decision.stock, decision.capacity, decision.pickups);
        refusal = state.take(claims);
      }
      if (refusal !== undefined && overlaid !== snapshot) {
        // Would the committed state alone refuse it too? Then that is the answer.
        committed ??= new ClaimState(snapshot);
        const alone = item.decide(committed.viewFor(item.request));
        refusal = alone.ok
          ? committed.check(prepareClaims(alone.stock, alone.capacity, alone.pickups))
          : refusalOf(alone);
        if (refusal === undefined) {
          deferred.push(item);
          continue;
        }
      }
    } catch (err) {
      item.reject(err);
      continue;
    }
    if (refusal !== undefined || !decision.ok) {
      // `refusal` is set whenever the decision was a refusal.
      item.resolve(refusal!);
      continue;
    }
    const payload = JSON.stringify(decision.promise.payload ?? null);
    accepted.push({
      item,
      payload,
      legs: promiseLegs(decision.promise.payload),
      claims: claims!,
      promise: newStoredPromise(item.request, decision.promise, claims!, payload),
    });
  }
  return { accepted, plan: planClaims(state, accepted), deferred };
}

function refusalOf(decision: ConfirmDecision & { ok: false }): ConfirmOutcome {
  return decision.details === undefined
    ? { kind: "rejected", reason: decision.reason }
    : { kind: "rejected", reason: decision.reason, details: decision.details };
}

/** Answers a confirm with `outcome()`, or with the error it throws. */
export function settle(item: QueuedConfirm, outcome: () => ConfirmOutcome): void {
  try {
    item.resolve(outcome());
  } catch (err) {
    item.reject(err);
  }
}
