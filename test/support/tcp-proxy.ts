import net from "node:net";

/** One client connection and its upstream connection. */
interface Link {
  readonly client: net.Socket;
  upstream: net.Socket | undefined;
  /** Bytes held while the network is partitioned, in order, per direction. */
  readonly toUpstream: Buffer[];
  readonly toClient: Buffer[];
  /** The client ended its side while held: the end follows the held bytes (as a FIN would). */
  clientEnded: boolean;
  upstreamEnded: boolean;
  /** Opened during a partition: it never reached the server (its SYN was lost). */
  closed: boolean;
  /** Bytes or an end came from the server after a partition was healed. */
  answeredAfterHeal: boolean;
  healed: boolean;
}

/** What became of the connection whose chunk started the last `partitionWhen` partition. */
export interface TriggeredLink {
  /** Its client gave up on it (closed or reset it) while the network was partitioned. */
  readonly clientGone: boolean;
  /**
   * The server sent bytes or its end on it after the partition healed: it has read the held
   * chunk (TCP is ordered, and a server answers a statement, or closes, only after reading it).
   */
  readonly serverAnswered: boolean;
}

/**
 * A TCP proxy on 127.0.0.1 in front of a server (for example PostgreSQL), for fault tests. It
 * forwards bytes itself (no pipe), so that it can play three faults:
 * - `cut()` / `refuse()`: open connections are reset and new ones refused (ECONNREFUSED), as if
 *   the server went away;
 * - `partition()`: a network partition that drops packets silently: nothing gets through in
 *   either direction, no error, no reset; new connections get no answer from the server. TCP
 *   retransmits what was sent, so when the network returns (`restore()`), the bytes held so far
 *   are delivered, in order, followed by any end a side sent meanwhile; a connection opened during
 *   the partition whose client gave up is forgotten (its SYN never arrived);
 * - `partitionWhen(match)`: the same partition, starting with the first client-to-server chunk
 *   `match` accepts (that chunk is the first one held), to cut the network at an exact step of a
 *   protocol.
 * `restore()` ends any of them. Loopback only; nothing else is touched.
 */
export class TcpProxy {
  readonly #target: { host: string; port: number };
  readonly #links = new Set<Link>();
  #server: net.Server | undefined;
  #port = 0;
  #partitioned = false;
  #trigger: ((chunk: Buffer) => boolean) | undefined;
  #triggered: Link | undefined;

  private constructor(target: { host: string; port: number }) {
    this.#target = target;
  }

  static async start(target: { host: string; port: number }): Promise<TcpProxy> {
    const proxy = new TcpProxy(target);
    await proxy.#listen(0);
    return proxy;
  }

  get port(): number {
    return this.#port;
  }

  /** True while a partition holds the traffic. */
  get partitioned(): boolean {
    return this.#partitioned;
  }

  /** The connection that started the last `partitionWhen` partition (undefined before one). */
  get triggered(): TriggeredLink | undefined {
    const link = this.#triggered;
    if (link === undefined) return undefined;
    return {
      clientGone: link.clientEnded || link.client.destroyed,
      serverAnswered: link.answeredAfterHeal,
    };
  }

  /** Resets open connections and stops listening (new connections are refused). */
  async refuse(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    this.#partitioned = false;
    this.#trigger = undefined;
    for (const link of this.#links) this.#drop(link, true);
    if (server !== undefined) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** The same as refuse(). */
  cut(): Promise<void> {
    return this.refuse();
  }

  /** Starts a silent partition now. */
  partition(): void {
    this.#trigger = undefined;
    this.#partitioned = true;
  }

  /** Starts a silent partition at the first client-to-server chunk `match` accepts. */
  partitionWhen(match: (chunk: Buffer) => boolean): void {
    this.#trigger = match;
    this.#triggered = undefined;
  }

  /** Ends a partition (delivering what it held) or a refusal (listening again on the port). */
  async restore(): Promise<void> {
    this.#trigger = undefined;
    if (this.#partitioned) {
      this.#partitioned = false;
      for (const link of [...this.#links]) this.#heal(link);
    }
    if (this.#server === undefined) await this.#listen(this.#port);
  }

  async close(): Promise<void> {
    await this.refuse();
  }

  #drop(link: Link, reset: boolean): void {
    if (link.closed) return;
    link.closed = true;
    this.#links.delete(link);
    for (const socket of [link.client, link.upstream]) {
      if (socket === undefined) continue;
      if (reset && !socket.destroyed) socket.resetAndDestroy();
      else socket.destroy();
    }
  }

  #connectUpstream(link: Link): void {
    const upstream = net.connect(this.#target.port, this.#target.host);
    link.upstream = upstream;
    upstream.on("data", (chunk: Buffer) => {
      if (this.#partitioned) link.toClient.push(chunk);
      else {
        if (link.healed) link.answeredAfterHeal = true;
        if (!link.client.destroyed) link.client.write(chunk);
      }
    });
    upstream.on("end", () => {
      if (this.#partitioned) link.upstreamEnded = true;
      else {
        if (link.healed) link.answeredAfterHeal = true;
        link.client.end();
      }
    });
    upstream.on("error", () => this.#drop(link, false));
    upstream.on("close", () => {
      if (!this.#partitioned) this.#drop(link, false);
    });
    for (const chunk of link.toUpstream.splice(0)) upstream.write(chunk);
    if (link.clientEnded) upstream.end();
  }

  /** Delivers what a partition held on a link, and the ends sent meanwhile. */
  #heal(link: Link): void {
    if (link.closed) return;
    link.healed = true;
    if (link.upstream === undefined) {
      // Opened during the partition: if its client gave up, it never existed for the server.
      if (link.client.destroyed || link.clientEnded) {
        this.#drop(link, false);
        return;
      }
      this.#connectUpstream(link);
      return;
    }
    const upstream = link.upstream;
    for (const chunk of link.toUpstream.splice(0)) if (!upstream.destroyed) upstream.write(chunk);
    for (const chunk of link.toClient.splice(0))
      if (!link.client.destroyed) link.client.write(chunk);
    if (link.clientEnded || link.client.destroyed) upstream.end();
    if (link.upstreamEnded || upstream.destroyed) link.client.end();
  }

  async #listen(port: number): Promise<void> {
    const server = net.createServer((client) => {
      const link: Link = {
        client,
        upstream: undefined,
        toUpstream: [],
        toClient: [],
        clientEnded: false,
        upstreamEnded: false,
        closed: false,
        answeredAfterHeal: false,
        healed: false,
      };
      this.#links.add(link);
      client.on("data", (chunk: Buffer) => {
        if (this.#trigger?.(chunk)) {
          this.#trigger = undefined;
          this.#triggered = link;
          this.#partitioned = true;
        }
        if (this.#partitioned || link.upstream === undefined) link.toUpstream.push(chunk);
        else link.upstream.write(chunk);
      });
      client.on("end", () => {
        if (this.#partitioned || link.upstream === undefined) link.clientEnded = true;
        else link.upstream.end();
      });
      client.on("error", () => {
        // Reset by the client: in a partition, its held bytes are still retransmitted by
        // nobody (a reset discards them), so the link is forgotten.
        this.#drop(link, false);
      });
      client.on("close", () => {
        if (this.#partitioned) link.clientEnded = true;
        else this.#drop(link, false);
      });
      if (!this.#partitioned) this.#connectUpstream(link);
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => {
        server.off("error", reject);
        resolve();
      });
    });
    const address = server.address();
    this.#port = typeof address === "object" && address !== null ? address.port : port;
    this.#server = server;
  }
}
