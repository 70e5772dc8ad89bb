import type { StoreLogger } from "./store-logger.js";

/**
 * The listeners of a store's change feed. `emit` coalesces: a sequence number not greater than
 * the last one reported is dropped, so listeners see strictly increasing numbers.
 */
export class ChangeListeners {
  readonly #listeners = new Set<(seq: number) => void>();
  #lastSeq = -1;

  constructor(private readonly logger: StoreLogger) {}

  get size(): number {
    return this.#listeners.size;
  }

  /** The last sequence number reported (or seen, see `observe`); -1 before any. */
  get lastSeq(): number {
    return this.#lastSeq;
  }

  /** Records a sequence number as known without reporting it (the state listeners started from). */
  observe(seq: number): void {
    if (seq > this.#lastSeq) this.#lastSeq = seq;
  }

  add(listener: (seq: number) => void): () => void {
    const wrapped = (seq: number) => listener(seq);
    this.#listeners.add(wrapped);
    return () => {
      this.#listeners.delete(wrapped);
    };
  }

  emit(seq: number): void {
    if (seq <= this.#lastSeq) return;
    this.#lastSeq = seq;
    for (const listener of this.#listeners) {
      try {
        listener(seq);
      } catch (err) {
        this.logger.error({ err }, "store change listener threw");
      }
    }
  }

  clear(): void {
    this.#listeners.clear();
  }
}
