import { connect, type NatsConnection, StringCodec } from "nats";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { NATS_STREAM, NatsPublisher } from "../../src/events/nats-publisher.js";
import { natsServerAvailable, TestNatsServer } from "../support/nats-server.js";
import { confirmBare, type Engines, openEngines, pgTests } from "./support.js";

/** Every message of the stream, as "sequence kind promise (Nats-Msg-Id)". */
async function streamed(nc: NatsConnection): Promise<string[]> {
  const jsm = await nc.jetstreamManager();
  const info = await jsm.streams.info(NATS_STREAM);
  const out: string[] = [];
  const codec = StringCodec();
  for (
    let seq = info.state.first_seq;
    seq <= info.state.last_seq && info.state.messages > 0;
    seq++
  ) {
    const m = await jsm.streams.getMessage(NATS_STREAM, { seq });
    const body = JSON.parse(codec.decode(m.data)) as {
      sequence: number;
      kind: string;
      promiseId: string;
    };
    out.push(`${body.sequence} ${body.kind} ${body.promiseId} (${m.header.get("Nats-Msg-Id")})`);
  }
  return out;
}

for (const engine of ["sqlite", "postgres"] as const) {
  describe.skipIf(
    !natsServerAvailable ||
      (engine === "postgres" && !pgTests.run && pgTests.failure === undefined),
  )(`publishing promise events to NATS JetStream from ${engine}`, () => {
    let db: Engines;
    let nats: TestNatsServer;
    let publisher: NatsPublisher;
    let reader: NatsConnection | undefined;

    beforeEach(async () => {
      db = await openEngines(engine);
      nats = await TestNatsServer.create();
      publisher = new NatsPublisher({
        events: db.events,
        url: nats.url,
        clock: Date.now,
        onChange: (l) => db.store.onChange(l),
        pollMs: 100,
      });
    });

    afterEach(async () => {
      await publisher.stop();
      await reader?.close();
      reader = undefined;
      await nats.dispose();
      await db.close();
    });

    it("sends every event once with its sequence as the dedupe id, and a broker that is down delays them and loses none", async () => {
      await confirmBare(db.store, "p1", 1000);
      await confirmBare(db.store, "p2", 2000);
      await publisher.start();
      reader = await connect({ servers: nats.url });
      await vi.waitFor(async () => expect(await streamed(reader!)).toHaveLength(2), {
        timeout: 5_000,
      });
      await reader.close();
      reader = undefined;

      await nats.stop(); // the broker dies
      await db.store.cancelPromise("p1", 3000);
      await confirmBare(db.store, "p3", 4000);
      // A period, not a wait: nothing may be published while the broker is down (6 polls of 100 ms).
      await new Promise((r) => setTimeout(r, 600));
      expect(publisher.published).toBe(2);

      await nats.start(); // and comes back
      reader = await connect({ servers: nats.url });
      await vi.waitFor(async () => expect(await streamed(reader!)).toHaveLength(4), {
        timeout: 15_000,
      });
      // In order per promise (PostgreSQL's lanes may interleave different promises).
      const all = await streamed(reader);
      expect(all.filter((m) => m.includes(" p1 "))).toEqual([
        "1 CONFIRMED p1 (1)",
        "3 CANCELLED p1 (3)",
      ]);
      expect([...all].sort()).toEqual([
        "1 CONFIRMED p1 (1)",
        "2 CONFIRMED p2 (2)",
        "3 CANCELLED p1 (3)",
        "4 CONFIRMED p3 (4)",
      ]);
    }, 30_000);
  });
}
