import type { Day } from "../engine/day.js";
import type { OriginIndex, WarehouseIndex } from "../engine/network-index.js";
import type { CapacityReader } from "../engine/stock-reader.js";

/**
 * A CapacityReader that passes calls through and notes whether an estimate computed with it may
 * differ at other instants of the same time window: that happens only when an expected-full
 * instant falls strictly inside the window (the engine may compare the order instant with it), so
 * such an estimate must not be cached for the whole window.
 *
 * One instance is reused for every request (`begin` resets it); JavaScript runs one estimate at a
 * time, so there is no sharing problem.
 */
export class WindowCapacityReader implements CapacityReader {
  private inner: CapacityReader;
  private windowStart = Number.NEGATIVE_INFINITY;
  private windowEnd = Number.POSITIVE_INFINITY;
  private stable = true;

  constructor(inner: CapacityReader) {
    this.inner = inner;
  }

  /** Starts a computation for an order instant in [windowStart, windowEnd). */
  begin(inner: CapacityReader, windowStart: number, windowEnd: number): this {
    this.inner = inner;
    this.windowStart = windowStart;
    this.windowEnd = windowEnd;
    this.stable = true;
    return this;
  }

  /** Whether the result computed since `begin` holds for every instant of the window. */
  get holdsForWindow(): boolean {
    return this.stable;
  }

  remaining(warehouseIndex: WarehouseIndex, day: Day): number {
    return this.inner.remaining(warehouseIndex, day);
  }

  remainingPickups(originIndex: OriginIndex, day: Day): number {
    return this.inner.remainingPickups(originIndex, day);
  }

  backlog(warehouseIndex: WarehouseIndex, day: Day): number {
    return this.inner.backlog?.(warehouseIndex, day) ?? 0;
  }

  expectedFullAtMs(warehouseIndex: WarehouseIndex, day: Day): number | undefined {
    const at = this.inner.expectedFullAtMs(warehouseIndex, day);
    if (at !== undefined && at > this.windowStart && at < this.windowEnd) this.stable = false;
    return at;
  }
}
