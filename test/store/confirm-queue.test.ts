import { describe, expect, it } from "vitest";
import { dayNumber } from "../../src/engine/day.js";
import { ConfirmQueue, type QueuedConfirm } from "../../src/store/confirm-queue.js";
import type { ConfirmRequest } from "../../src/store/store.js";

function request(key: string): ConfirmRequest {
  return {
    idempotencyKey: key,
    requestHash: "h",
    skus: ["A"],
    fromDay: dayNumber(0),
    toDay: dayNumber(0),
  };
}

const refuse = () => ({ ok: false as const, reason: "NO" });

/** A queue whose groups are recorded (by keys) and answered at once. */
function recordingQueue(maxGroup: number, run?: (group: readonly QueuedConfirm[]) => void) {
  const groups: string[][] = [];
  const queue = new ConfirmQueue({
    maxGroup,
    run: (group) => {
      groups.push(group.map((g) => g.request.idempotencyKey));
      if (run !== undefined) return run(group);
      for (const g of group) g.resolve({ kind: "rejected", reason: "NO" });
    },
  });
  return { queue, groups };
}

describe("the confirm queue (group commit of both engines)", () => {
  it("puts the confirms of one turn in one group, in arrival order", async () => {
    const { queue, groups } = recordingQueue(10);
    await Promise.all(["a", "b", "c"].map((k) => queue.push(request(k), refuse)));
    expect(groups).toEqual([["a", "b", "c"]]);
  });

  it("splits 5 confirms into groups of at most 2", async () => {
    const { queue, groups } = recordingQueue(2);
    await Promise.all(["a", "b", "c", "d", "e"].map((k) => queue.push(request(k), refuse)));
    expect(groups).toEqual([["a", "b"], ["c", "d"], ["e"]]);
  });

  it("sends a twin of a key to the next group", async () => {
    const { queue, groups } = recordingQueue(10);
    await Promise.all(["a", "a", "b", "a"].map((k) => queue.push(request(k), refuse)));
    expect(groups).toEqual([["a", "b"], ["a"], ["a"]]);
  });

  it("waits for an asynchronous group before starting the next, which holds what arrived meanwhile", async () => {
    let release = () => {};
    const groups: string[][] = [];
    const queue = new ConfirmQueue({
      maxGroup: 10,
      run: (group) => {
        groups.push(group.map((g) => g.request.idempotencyKey));
        return new Promise<void>((resolve) => {
          release = () => {
            for (const g of group) g.resolve({ kind: "rejected", reason: "NO" });
            resolve();
          };
        });
      },
    });
    const first = queue.push(request("a"), refuse);
    await new Promise((resolve) => setImmediate(resolve));
    const later = [queue.push(request("b"), refuse), queue.push(request("c"), refuse)];
    expect(groups).toEqual([["a"]]);
    release();
    await first;
    await new Promise((resolve) => setImmediate(resolve));
    expect(groups).toEqual([["a"], ["b", "c"]]);
    release();
    await Promise.all(later);
  });

  it("refuses a confirm whose time ran out while it waited, without running it", async () => {
    const { queue, groups } = recordingQueue(10);
    const late = queue.push(request("late"), refuse, Date.now() + 50);
    const onTime = queue.push(request("ok"), refuse);
    await expect(late).rejects.toMatchObject({ kind: "UNAVAILABLE" });
    await onTime;
    expect(groups).toEqual([["ok"]]);
  });

  it("answers the confirms already asked when closed, and refuses later ones as UNAVAILABLE", async () => {
    const { queue, groups } = recordingQueue(10);
    const asked = queue.push(request("a"), refuse);
    await queue.close();
    expect(groups).toEqual([["a"]]);
    await expect(asked).resolves.toEqual({ kind: "rejected", reason: "NO" });
    await expect(queue.push(request("b"), refuse)).rejects.toMatchObject({ kind: "UNAVAILABLE" });
  });

  it("rejects every confirm of a group whose run throws, with the store's error", async () => {
    const { queue } = recordingQueue(10, () => {
      throw new Error("disk on fire");
    });
    const outcomes = await Promise.allSettled([
      queue.push(request("a"), refuse),
      queue.push(request("b"), refuse),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(["rejected", "rejected"]);
  });
});

describe("the confirm queue with two groups in flight", () => {
  /** A queue whose groups wait until released (by keys), answered with a refusal. */
  function heldQueue(deferOnce?: string) {
    const groups: string[][] = [];
    const releases: (() => void)[] = [];
    let deferred = false;
    const queue = new ConfirmQueue({
      maxGroup: 10,
      maxInFlight: 2,
      run: (group) => {
        groups.push(group.map((g) => g.request.idempotencyKey));
        return new Promise<QueuedConfirm[]>((resolve) => {
          releases.push(() => {
            const again: QueuedConfirm[] = [];
            for (const g of group) {
              if (g.request.idempotencyKey === deferOnce && !deferred) {
                deferred = true;
                again.push(g);
              } else g.resolve({ kind: "rejected", reason: "NO" });
            }
            resolve(again);
          });
        });
      },
    });
    return { queue, groups, release: () => releases.shift()!() };
  }

  const turn = () => new Promise((resolve) => setImmediate(resolve));

  it("starts a second group while the first is written, and holds a twin of a key in flight until its group is done", async () => {
    const { queue, groups, release } = heldQueue();
    const a = queue.push(request("a"), refuse);
    await turn();
    const later = [queue.push(request("b"), refuse), queue.push(request("a"), refuse)];
    await turn();
    expect(groups).toEqual([["a"], ["b"]]);
    release();
    await a;
    await turn();
    expect(groups).toEqual([["a"], ["b"], ["a"]]);
    release();
    release();
    await Promise.all(later);
  });

  it("runs a deferred confirm again alone once no other group is in flight", async () => {
    const { queue, groups, release } = heldQueue("b");
    const first = queue.push(request("a"), refuse);
    await turn();
    const b = queue.push(request("b"), refuse);
    await turn();
    expect(groups).toEqual([["a"], ["b"]]);
    release(); // a answered
    await first;
    release(); // b deferred
    await turn();
    const c = queue.push(request("c"), refuse);
    await turn();
    // b runs alone: c waits although two groups may be in flight.
    expect(groups).toEqual([["a"], ["b"], ["b"]]);
    release();
    await b;
    await turn();
    expect(groups).toEqual([["a"], ["b"], ["b"], ["c"]]);
    release();
    await c;
  });
});
