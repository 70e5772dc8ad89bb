import { describe, expect, it } from "vitest";
import { isoDay } from "../../src/engine/day.js";
import { ClaimState, planClaims } from "../../src/store/claim-plan.js";
import { decideConfirmGroup, type GroupSnapshot } from "../../src/store/confirm-group.js";
import type { QueuedConfirm } from "../../src/store/confirm-queue.js";
import { PendingClaims } from "../../src/store/pending-claims.js";
import type {
  ConfirmDecision,
  ConfirmOutcome,
  ConfirmSnapshot,
  StoredPromise,
} from "../../src/store/store.js";
import { prepareClaims } from "../../src/store/store-input.js";

const TUE = isoDay("2025-11-25");
const WED = isoDay("2025-11-26");

/** 5 on hand, 1 safety stock, 1 reserved: room for 3; one load row (Tuesday, 2 taken). */
const snapshot: GroupSnapshot = {
  existing: [],
  stock: [
    {
      sku: "A",
      warehouseId: "BKK",
      onHand: 5,
      safetyStock: 1,
      reserved: 1,
      inbound: [],
      version: 1,
      changeSeq: 1,
    },
  ],
  capacity: [],
  overrides: [],
  loads: [
    {
      warehouseId: "BKK",
      day: TUE,
      external: 1,
      promised: 1,
      shipped: 0,
      shippedOn: 0,
      changeSeq: 1,
    },
  ],
  pickups: [],
};

/** A plan in flight: 2 units of A at BKK, one order on Tuesday and one on Wednesday. */
function pendingPlan() {
  const claims = prepareClaims(
    [{ sku: "A", warehouseId: "BKK", quantity: 2 }],
    [
      { warehouseId: "BKK", day: TUE, limit: -1 },
      { warehouseId: "BKK", day: WED, limit: -1 },
    ],
  );
  return planClaims(new ClaimState(snapshot), [
    { promise: { id: "p0" } as StoredPromise, payload: "null", legs: [], claims },
  ]);
}

/** A queued confirm of `quantity` units of A at BKK; records its answer. */
function confirmOf(key: string, quantity: number, answers: Map<string, ConfirmOutcome | string>) {
  const item: QueuedConfirm = {
    request: { idempotencyKey: key, requestHash: "h", skus: ["A"], fromDay: TUE, toDay: WED },
    writeBy: Number.POSITIVE_INFINITY,
    decide: (view: ConfirmSnapshot): ConfirmDecision => {
      const a = view.stock[0]!;
      return a.onHand - a.reserved - a.safetyStock >= quantity
        ? {
            ok: true,
            promise: { id: key, payload: null, createdAtMs: 0 },
            stock: [{ sku: "A", warehouseId: "BKK", quantity }],
            capacity: [],
          }
        : { ok: false, reason: "NO_STOCK" };
    },
    resolve: (outcome) => answers.set(key, outcome),
    reject: (err) => answers.set(key, String(err)),
  };
  return item;
}

describe("the pending claims of groups still being written", () => {
  it("adds 2 reserved units to the stock row, 1 order to Tuesday's row and a Wednesday row of 1", () => {
    const pending = new PendingClaims();
    pending.add(pendingPlan());
    const seen = pending.overlay(snapshot);
    expect(seen.stock.map((r) => r.reserved)).toEqual([3]);
    expect(seen.loads.map((l) => [l.day, l.external, l.promised])).toEqual([
      [TUE, 1, 2],
      [WED, 0, 1],
    ]);
  });

  it("leaves the snapshot as it is once the plan is deleted", () => {
    const pending = new PendingClaims();
    const plan = pendingPlan();
    pending.add(plan);
    pending.delete(plan);
    expect(pending.overlay(snapshot)).toBe(snapshot);
  });

  it("decides a group on the pending claims: 1 unit fits (room 3 - 2), 2 more units are deferred, not refused, because the committed rows alone have room", () => {
    const pending = new PendingClaims();
    pending.add(pendingPlan());
    const answers = new Map<string, ConfirmOutcome | string>();
    const decided = decideConfirmGroup(
      [confirmOf("one", 1, answers), confirmOf("two", 2, answers)],
      snapshot,
      pending,
    );
    expect(decided.accepted.map((a) => a.item.request.idempotencyKey)).toEqual(["one"]);
    expect(decided.deferred.map((d) => d.request.idempotencyKey)).toEqual(["two"]);
    expect(answers.size).toBe(0);
  });

  it("refuses 4 units at once when even the committed rows have room for 3 only", () => {
    const pending = new PendingClaims();
    pending.add(pendingPlan());
    const answers = new Map<string, ConfirmOutcome | string>();
    const decided = decideConfirmGroup([confirmOf("four", 4, answers)], snapshot, pending);
    expect(decided.accepted).toEqual([]);
    expect(decided.deferred).toEqual([]);
    expect(answers.get("four")).toEqual({ kind: "rejected", reason: "NO_STOCK" });
  });
});
