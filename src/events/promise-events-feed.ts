import type { Logger } from "pino";
import type { PromiseEventStore } from "./promise-event-store.js";

/**
 * What a transport needs to serve the promise events (AdminService.WatchPromiseEvents and
 * ListPromises): the outbox, the store's commit notices and the stream's limits. Built by the
 * lifecycle, read by the gRPC handlers; it names no transport type.
 */
export interface PromiseEventsFeed {
  readonly events: PromiseEventStore;
  /** Called with a function run on every committed change (the store's onChange). */
  readonly onChange: (listener: () => void) => () => void;
  readonly logger: Logger;
  readonly clock: () => number;
  /** Events a consumer may be behind while its connection does not drain, before it is ended. */
  readonly bufferLimit: number;
  /** How long a connection may not drain (while more than bufferLimit behind) before it is ended. */
  readonly stallMs: number;
  /** Events a stream reads from the outbox at a time (default 1,000). */
  readonly readBatch?: number;
  /** The HMAC key of ListPromises page tokens. */
  readonly pageTokenSecret: Buffer;
  /** How often a caught-up stream looks for events nobody signalled (default 200 ms). */
  readonly pollMs?: number;
}
