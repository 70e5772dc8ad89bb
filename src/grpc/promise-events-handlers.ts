import type * as grpc from "@grpc/grpc-js";
import { DomainError, echoValue, invalidArgument } from "../domain/domain-error.js";
import { parseIsoDay } from "../engine/day.js";
import { readPageToken, signPageToken } from "../events/page-token.js";
import type {
  PromiseEvent,
  PromiseFilter,
  PromiseListItem,
} from "../events/promise-event-store.js";
import type { PromiseEventsFeed } from "../events/promise-events-feed.js";
import type { StoredPromise } from "../store/store.js";
import { asyncUnary } from "./async-unary.js";
import { toProtoPromise } from "./cart-to-proto.js";
import { toStatus } from "./error-status.js";
import type { AdminServiceHandlers } from "./generated/promise/v1/AdminService.js";
import type { DeliveryPromise } from "./generated/promise/v1/DeliveryPromise.js";
import type { WatchPromiseEventsResponse as ProtoEvent } from "./generated/promise/v1/WatchPromiseEventsResponse.js";
import { encodePromiseEvent } from "./promise-event-encoder.js";
import { toProtoRisk } from "./promise-risk-to-proto.js";
import { msToTimestamp } from "./request-fields.js";

/** Events a stream reads at a time, unless the feed says (PROMISE_EVENT_STREAM_PAGE). */
const READ_BATCH = 1_000;
const STATUS_OF_PROTO: Readonly<Record<string, string>> = {
  PROMISE_STATUS_CONFIRMED: "confirmed",
  PROMISE_STATUS_CANCELLED: "cancelled",
  PROMISE_STATUS_FULFILLED: "fulfilled",
  PROMISE_STATUS_DELIVERED: "delivered",
};

export function toProtoEvent(e: PromiseEvent): ProtoEvent {
  return {
    sequence: e.seq,
    promiseId: e.promiseId,
    kind: `PROMISE_EVENT_KIND_${e.kind}` as NonNullable<ProtoEvent["kind"]>,
    status: `PROMISE_STATUS_${e.status.toUpperCase()}` as NonNullable<ProtoEvent["status"]>,
    risk: e.risk === null ? null : toProtoRisk(e.risk),
    occurredAt: msToTimestamp(e.atMs),
  };
}

function toProtoListed(p: PromiseListItem): DeliveryPromise {
  const stored: StoredPromise = {
    id: p.id,
    idempotencyKey: p.idempotencyKey,
    requestHash: "",
    status: p.status as StoredPromise["status"],
    payload: p.payload,
    createdAtMs: p.createdAtMs,
    cancelledAtMs: p.cancelledAtMs,
    fulfilledAtMs: p.fulfilledAtMs,
    stock: [],
    capacity: [],
    pickups: [],
  };
  return { ...toProtoPromise(stored), risk: p.risk === null ? null : toProtoRisk(p.risk) };
}

/**
 * AdminService.WatchPromiseEvents and ListPromises over the outbox. A stream reads the outbox
 * after its cursor a batch at a time, writes it, waits while the connection drains, then waits for the
 * next commit (or a short poll); memory per consumer is one batch plus gRPC's write buffer. A
 * consumer whose connection does not drain for `stallMs` while more than `bufferLimit` events wait
 * for it is ended with RESOURCE_EXHAUSTED naming the sequence to resume after; others carry on.
 */
export function createPromiseEventsHandlers(
  o: PromiseEventsFeed,
): Pick<AdminServiceHandlers, "WatchPromiseEvents" | "ListPromises"> {
  const waiters = new Set<() => void>();
  let subscribed = false;
  const wake = () => {
    for (const w of [...waiters]) w();
  };
  const nextChange = (ms: number) =>
    new Promise<void>((resolve) => {
      if (!subscribed) {
        subscribed = true;
        o.onChange(wake); // for the life of the store
      }
      const done = () => {
        clearTimeout(timer);
        waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      waiters.add(done);
    });

  async function stream(
    call: grpc.ServerWritableStream<{ afterSequence: number }, ProtoEvent>,
  ): Promise<void> {
    const after = Number(call.request.afterSequence);
    if (!Number.isSafeInteger(after) || after < 0) {
      throw invalidArgument("after_sequence", "must be 0 or a positive sequence number");
    }
    const newest = await o.events.latestSeq();
    if (after > newest) {
      throw invalidArgument(
        "after_sequence",
        `${echoValue(String(after))} is beyond the newest event (${newest})`,
      );
    }
    const oldest = await o.events.oldestSeq();
    if (after > 0 && oldest > 0 && after < oldest - 1) {
      throw new DomainError(
        "FAILED_PRECONDITION",
        `events after ${after} up to ${oldest - 1} are past the retention; the oldest kept is ${oldest}`,
        "after_sequence",
      );
    }
    let cursor = after;
    while (!call.cancelled) {
      const batch = await o.events.readEvents(cursor, o.readBatch ?? READ_BATCH);
      if (batch.length === 0) {
        await nextChange(o.pollMs ?? 200);
        continue;
      }
      // A whole batch is written at once (gRPC's own buffer holds at most one batch), then the
      // stream waits for the connection to drain before it reads the next one.
      let flowing = true;
      for (const e of batch) {
        if (call.cancelled) return;
        // The event's bytes (the method's serializer passes them through).
        flowing = call.write(encodePromiseEvent(e) as unknown as ProtoEvent);
        cursor = e.seq;
      }
      if (!flowing) await drained(call, cursor);
    }
  }

  /**
   * Waits until gRPC's buffer for the call has emptied (the 'drain' event, or its length seen at
   * 0 on a 50 ms check); ends a consumer whose buffer has not shrunk for `stallMs` while more than
   * `bufferLimit` events wait for it.
   */
  async function drained(
    call: grpc.ServerWritableStream<{ afterSequence: number }, ProtoEvent>,
    cursor: number,
  ): Promise<void> {
    let lastLength = call.writableLength;
    let lastProgress = Date.now();
    for (;;) {
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          call.off("drain", done);
          resolve();
        };
        const timer = setTimeout(done, 50);
        call.once("drain", done);
      });
      if (call.cancelled || call.writableLength === 0 || !call.writableNeedDrain) return;
      const now = Date.now();
      if (call.writableLength < lastLength) {
        lastLength = call.writableLength;
        lastProgress = now;
        continue;
      }
      if (now - lastProgress < o.stallMs) continue;
      const behind = (await o.events.latestSeq()) - cursor;
      if (behind > o.bufferLimit) {
        throw new DomainError(
          "RESOURCE_EXHAUSTED",
          `the consumer is too slow: it read nothing for ${o.stallMs} ms and ${behind} events wait for it (limit ${o.bufferLimit}); resume with after_sequence=${cursor}`,
        );
      }
      lastProgress = now;
    }
  }

  return {
    WatchPromiseEvents: (call) => {
      stream(call).then(
        () => {
          if (!call.cancelled) call.end();
        },
        (err: unknown) => {
          if (call.cancelled) return;
          const status = toStatus(err, o.logger, "WatchPromiseEvents");
          call.emit("error", status);
        },
      );
    },
    ListPromises: asyncUnary("ListPromises", o.logger, async (req) => {
      const filter = filterOf(req);
      const size = req.pageSize === 0 ? 100 : req.pageSize;
      if (!Number.isInteger(size) || size < 1 || size > 500) {
        throw invalidArgument("page_size", "must be from 1 to 500 (0: 100)");
      }
      const key = JSON.stringify(filter);
      const now = o.clock();
      const after =
        req.pageToken === ""
          ? undefined
          : readPageToken(req.pageToken, key, o.pageTokenSecret, now);
      const rows = await o.events.listPromises(filter, after, size + 1);
      const page = rows.slice(0, size);
      const last = page[page.length - 1];
      return {
        promises: page.map(toProtoListed),
        nextPageToken:
          rows.length > size && last !== undefined
            ? signPageToken(
                { createdAtMs: last.createdAtMs, id: last.id },
                key,
                o.pageTokenSecret,
                now,
              )
            : "",
      };
    }),
  };
}

function filterOf(req: {
  statuses: readonly (string | number)[];
  riskStatuses: readonly (string | number)[];
  warehouseId: string;
  serviceId: string;
  shipDateFrom: string;
  shipDateTo: string;
}): PromiseFilter {
  const statuses = req.statuses.map((s, i) => {
    const v = STATUS_OF_PROTO[String(s)];
    if (v === undefined) throw invalidArgument(`statuses[${i}]`, "unknown promise status");
    return v;
  });
  const riskStatuses = req.riskStatuses.map((s, i) => {
    const text = String(s);
    if (!text.startsWith("RISK_STATUS_") || text === "RISK_STATUS_UNSPECIFIED") {
      throw invalidArgument(`risk_statuses[${i}]`, "unknown risk status");
    }
    return text.slice("RISK_STATUS_".length);
  });
  const date = (text: string, field: string) => {
    if (text === "") return undefined;
    if (parseIsoDay(text) === undefined) throw invalidArgument(field, "expected a date YYYY-MM-DD");
    return text;
  };
  const shipFrom = date(req.shipDateFrom, "ship_date_from");
  const shipTo = date(req.shipDateTo, "ship_date_to");
  if (shipFrom !== undefined && shipTo !== undefined && shipTo < shipFrom) {
    throw invalidArgument("ship_date_to", "must not be before ship_date_from");
  }
  return {
    statuses,
    riskStatuses,
    warehouseId: req.warehouseId === "" ? undefined : req.warehouseId,
    serviceId: req.serviceId === "" ? undefined : req.serviceId,
    shipFrom,
    shipTo,
  };
}
