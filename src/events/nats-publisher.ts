import { connect, headers, type JetStreamClient, type NatsConnection, StringCodec } from "nats";
import type { Logger } from "pino";
import type { PromiseEvent, PromiseEventStore } from "./promise-event-store.js";

export const NATS_STREAM = "PROMISE_EVENTS";
export const NATS_SUBJECT_PREFIX = "promise.events";

export interface NatsPublisherOptions {
  readonly events: PromiseEventStore;
  /** nats://host:port */
  readonly url: string;
  readonly clock: () => number;
  readonly logger?: Logger | undefined;
  /** Called on every committed change (the store's onChange): publish soon. */
  readonly onChange?: ((listener: () => void) => () => void) | undefined;
  /** Looks for unpublished events at least this often (default 500 ms). */
  readonly pollMs?: number;
  /** Events per lane per round (default 500). */
  readonly batch?: number;
}

/**
 * The JSON body of a published event: the WatchPromiseEventsResponse message's fields, with the kind
 * and status without their enum prefixes (CONFIRMED, not PROMISE_STATUS_CONFIRMED).
 */
export function eventBody(e: PromiseEvent): string {
  return JSON.stringify({
    sequence: e.seq,
    promiseId: e.promiseId,
    kind: e.kind,
    status: e.status.toUpperCase(),
    risk: e.risk,
    occurredAt: new Date(e.atMs).toISOString(),
  });
}

/**
 * Publishes the outbox to NATS JetStream (stream PROMISE_EVENTS, subjects
 * `promise.events.<kind>`), at least once and in order per promise:
 * - each lane's oldest unpublished events are published in sequence order on one connection and
 *   marked published only after JetStream acknowledged every one of them (stored);
 * - the event's sequence is the `Nats-Msg-Id` header, so a re-send after a crash or a broker
 *   outage inside the stream's duplicate window (2 minutes) is stored once;
 * - a broker that is down fails the round: nothing is marked, the round is retried with backoff,
 *   nothing is lost; the outbox keeps the events (retention deletes only published ones).
 * Several processes share the work by lane (PostgreSQL: FOR UPDATE SKIP LOCKED).
 */
export class NatsPublisher {
  readonly #o: NatsPublisherOptions;
  #nc: NatsConnection | undefined;
  #js: JetStreamClient | undefined;
  #timer: NodeJS.Timeout | undefined;
  #running = false;
  #again = false;
  #stopped = false;
  #failures = 0;
  #unsubscribe: (() => void) | undefined;
  #published = 0;
  readonly #codec = StringCodec();

  constructor(options: NatsPublisherOptions) {
    this.#o = options;
  }

  /** Events this process has had acknowledged. */
  get published(): number {
    return this.#published;
  }

  async start(): Promise<void> {
    this.#unsubscribe = this.#o.onChange?.(() => this.kick());
    this.#schedule(0);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#unsubscribe?.();
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    while (this.#running) await new Promise((r) => setTimeout(r, 10));
    await this.#nc?.close().catch(() => {});
  }

  /** Publish soon. */
  kick(): void {
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#schedule(0);
  }

  #schedule(ms: number): void {
    if (this.#stopped) return;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#round(), ms);
    this.#timer.unref();
  }

  async #round(): Promise<void> {
    if (this.#running || this.#stopped) return;
    this.#running = true;
    let next = this.#o.pollMs ?? 500;
    try {
      const js = await this.#client();
      let sent = 0;
      do {
        sent = 0;
        for (let lane = 0; lane < this.#o.events.lanes && !this.#stopped; lane++) {
          sent += await this.#o.events.publishLane(
            lane,
            this.#o.batch ?? 500,
            (events) => this.#publish(js, events),
            this.#o.clock(),
          );
        }
        this.#published += sent;
      } while (sent > 0 && !this.#stopped);
      this.#failures = 0;
    } catch (err) {
      this.#failures++;
      next = Math.min(250 * 2 ** Math.min(this.#failures, 5), 5_000);
      this.#o.logger?.warn(
        { err: err instanceof Error ? err.message : String(err), retryInMs: next },
        "promise events not published (kept in the outbox; retrying)",
      );
    } finally {
      this.#running = false;
    }
    if (this.#again) {
      this.#again = false;
      next = 0;
    }
    this.#schedule(next);
  }

  async #publish(js: JetStreamClient, events: readonly PromiseEvent[]): Promise<void> {
    // Sent in order on one connection; all acknowledged (stored) before the rows are marked.
    await Promise.all(
      events.map((e) => {
        const h = headers();
        h.set("Promise-Id", e.promiseId);
        return js.publish(
          `${NATS_SUBJECT_PREFIX}.${e.kind.toLowerCase()}`,
          this.#codec.encode(eventBody(e)),
          { msgID: String(e.seq), headers: h, timeout: 5_000 },
        );
      }),
    );
  }

  async #client(): Promise<JetStreamClient> {
    if (this.#js !== undefined && this.#nc !== undefined && !this.#nc.isClosed()) return this.#js;
    const nc = await connect({
      servers: this.#o.url,
      reconnect: true,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 250,
      timeout: 2_000,
      name: "promise-outbox",
    });
    const jsm = await nc.jetstreamManager();
    try {
      await jsm.streams.info(NATS_STREAM);
    } catch {
      await jsm.streams.add({
        name: NATS_STREAM,
        subjects: [`${NATS_SUBJECT_PREFIX}.>`],
        duplicate_window: 120_000_000_000, // 2 minutes, in nanoseconds
      });
    }
    this.#nc = nc;
    this.#js = nc.jetstream();
    return this.#js;
  }
}
