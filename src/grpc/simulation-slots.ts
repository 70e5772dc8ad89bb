import { DomainError } from "../domain/domain-error.js";

/**
 * A cap on simulations running at once (PROMISE_MAX_CONCURRENT_SIMULATIONS). The planner handler
 * takes a slot before it starts and releases it when the run ends, fails or is cancelled:
 *
 *   const release = slots.acquire(); // RESOURCE_EXHAUSTED when all slots are taken
 *   try { ...run... } finally { release(); }
 *
 * Releasing twice is harmless.
 */
export class SimulationSlots {
  private runningCount = 0;

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) {
      throw new RangeError(`expected a limit of at least 1, got ${limit}`);
    }
  }

  get running(): number {
    return this.runningCount;
  }

  /** A release function, or undefined when every slot is taken. */
  tryAcquire(): (() => void) | undefined {
    if (this.runningCount >= this.limit) return undefined;
    this.runningCount++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.runningCount--;
    };
  }

  /** A release function; throws DomainError RESOURCE_EXHAUSTED when every slot is taken. */
  acquire(): () => void {
    const release = this.tryAcquire();
    if (release === undefined) {
      throw new DomainError(
        "RESOURCE_EXHAUSTED",
        `${this.limit} simulation${this.limit === 1 ? " is" : "s are"} already running; try again later`,
      );
    }
    return release;
  }
}
