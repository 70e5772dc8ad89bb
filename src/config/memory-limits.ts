/**
 * The limits of the process-wide caches that product-page calls fill (docs/memory.md). They are
 * settings (src/config/config.ts: PROMISE_DESTINATION_MEMO_SIZE and the rest); `startService`
 * applies the configured ones once at start, before any call is served. Until then, and in
 * tests that start no service, the defaults hold.
 *
 * The caches are module singletons shared by every transport of the process (the native gRPC
 * port, the HTTP edge, the Shopify callback), so their limits are too; each cache reads its limit
 * when it is about to grow, so a limit applied at start holds from the first call on.
 */
export interface MemoryLimits {
  /** Destinations already resolved, per compiled network; the memo starts over when full. */
  readonly destinationMemo: number;
  /** Locale tags remembered (least recently used leave first), and canonical locales. */
  readonly labelLocales: number;
  /** Day, window, reason and "not faster than" labels per locale; each table starts over when full. */
  readonly labelsPerLocale: number;
  /** Pick-up options built and encoded once (store, instants, distance, reasons, locale). */
  readonly pickupOptions: number;
  /** Pick-up ready labels ("Ready today at 11:15"). */
  readonly pickupLabels: number;
  /** Date and time formats behind the pick-up ready labels. */
  readonly pickupLabelFormats: number;
}

export const DEFAULT_MEMORY_LIMITS: MemoryLimits = {
  destinationMemo: 10_000,
  labelLocales: 256,
  labelsPerLocale: 4_096,
  pickupOptions: 4_096,
  pickupLabels: 8_192,
  pickupLabelFormats: 512,
};

let current: MemoryLimits = DEFAULT_MEMORY_LIMITS;

/** The limits in force. */
export function memoryLimits(): MemoryLimits {
  return current;
}

/** Applies configured limits (start-up; tests restore the defaults with `setMemoryLimits({})`). */
export function setMemoryLimits(limits: Partial<MemoryLimits>): void {
  current = { ...DEFAULT_MEMORY_LIMITS, ...limits };
}
