import pg from "pg";
import { describeStoreFailure } from "./store-error.js";
import type { StoreLogger } from "./store-logger.js";

export interface PostgresChangeListenerOptions {
  readonly config: pg.ClientConfig;
  /** A plain identifier (it is written into `LISTEN`). */
  readonly channel: string;
  readonly logger: StoreLogger;
  readonly onNotification: (payload: string) => void;
  /** After each (re)connection and LISTEN: notifications may have been missed meanwhile. */
  readonly onListening: () => void;
}

const FIRST_BACKOFF_MS = 100;
const MAX_BACKOFF_MS = 2_000;

/**
 * `LISTEN` on a dedicated connection (not from the pool: a pooled connection changes hands).
 * When the connection is lost it reconnects with backoff (100 ms doubling to 2 s) and listens
 * again; `onListening` then lets the owner catch up on what it missed.
 */
export class PostgresChangeListener {
  readonly #options: PostgresChangeListenerOptions;
  #client: pg.Client | undefined;
  #connecting = false;
  #stopped = false;
  #timer: NodeJS.Timeout | undefined;
  #backoffMs = FIRST_BACKOFF_MS;

  constructor(options: PostgresChangeListenerOptions) {
    if (!/^[a-z_][a-z0-9_]*$/.test(options.channel)) {
      throw new Error(`not a plain channel name: ${options.channel}`);
    }
    this.#options = options;
  }

  /** True while a connection is listening. */
  get listening(): boolean {
    return this.#client !== undefined;
  }

  start(): void {
    if (this.#stopped || this.#client !== undefined || this.#connecting) return;
    void this.#connect();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    const client = this.#client;
    this.#client = undefined;
    if (client !== undefined) await client.end().catch(() => {});
  }

  async #connect(): Promise<void> {
    this.#connecting = true;
    const { logger, channel } = this.#options;
    const client = new pg.Client(this.#options.config);
    client.on("error", (err) => {
      logger.warn(
        { channel, ...describeStoreFailure(err) },
        "store change listener connection failed",
      );
      this.#lost(client);
    });
    client.on("end", () => this.#lost(client));
    client.on("notification", (msg) => {
      if (msg.channel === channel && msg.payload !== undefined) {
        this.#options.onNotification(msg.payload);
      }
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${channel}`);
    } catch (err) {
      this.#connecting = false;
      client.end().catch(() => {});
      if (this.#stopped) return;
      // Once per outage (the first failed attempt), not every retry: no log storm.
      if (this.#backoffMs === FIRST_BACKOFF_MS) {
        logger.warn(
          { channel, retryInMs: this.#backoffMs, ...describeStoreFailure(err) },
          "store change listener cannot connect; retrying quietly",
        );
      }
      this.#schedule();
      return;
    }
    this.#connecting = false;
    if (this.#stopped) {
      await client.end().catch(() => {});
      return;
    }
    this.#client = client;
    if (this.#backoffMs > FIRST_BACKOFF_MS)
      logger.info({ channel }, "store change listener is back");
    this.#backoffMs = FIRST_BACKOFF_MS;
    try {
      this.#options.onListening();
    } catch (err) {
      logger.error({ err }, "store change listener callback threw");
    }
  }

  #lost(client: pg.Client): void {
    if (this.#client !== client) return;
    this.#client = undefined;
    client.end().catch(() => {});
    this.#schedule();
  }

  #schedule(): void {
    if (this.#stopped || this.#timer !== undefined) return;
    const delay = this.#backoffMs;
    this.#backoffMs = Math.min(this.#backoffMs * 2, MAX_BACKOFF_MS);
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.#connect();
    }, delay);
    this.#timer.unref();
  }
}
