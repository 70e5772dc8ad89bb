import * as grpc from "@grpc/grpc-js";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ConfirmPromiseRequest } from "../../src/grpc/generated/promise/v1/ConfirmPromiseRequest.js";
import type { DeliveryPromise__Output } from "../../src/grpc/generated/promise/v1/DeliveryPromise.js";
import type { EstimateBatchResponse__Output } from "../../src/grpc/generated/promise/v1/EstimateBatchResponse.js";
import type { EstimateResponse__Output } from "../../src/grpc/generated/promise/v1/EstimateResponse.js";
import type { QuoteCartResponse__Output } from "../../src/grpc/generated/promise/v1/QuoteCartResponse.js";
import type { UpsertStockResponse__Output } from "../../src/grpc/generated/promise/v1/UpsertStockResponse.js";
import { Sfc32 } from "../../src/sim/prng.js";
import { openStore } from "../../src/store/open-store.js";
import { type ServiceProcess, startServiceProcess } from "../lifecycle/lifecycle-helpers.js";
import { createTestSchema, postgresForTests, type TestSchema } from "../support/postgres.js";
import { type Clients, clientsFor } from "../support/service-clients.js";
import { TcpProxy } from "../support/tcp-proxy.js";
import { CallLog, type CallOutcome, unaryCall } from "./call-log.js";

const pgTests = await postgresForTests("mixed-traffic-faults");

/** How long the traffic runs (env PROMISE_LOAD_SECONDS, default 60; at least 15). */
const RUN_SECONDS = Math.max(15, Number(process.env["PROMISE_LOAD_SECONDS"] ?? 60) || 60);
const RUN_MS = RUN_SECONDS * 1000;
/** One process is SIGKILLed a third into the run, the database cut two thirds in. */
const KILL_AT_MS = RUN_MS / 3;
const CUT_AT_MS = (RUN_MS * 2) / 3;
const CUT_MS = 3_000;
/** After a fault ends: time for clients and connection pools to notice the recovery. */
const GRACE_MS = 2_000;
/** Closed-loop workers, paced to this many calls per second in all. */
const WORKERS = 16;
const TARGET_CALLS_PER_SECOND = 400;
const CALL_TIMEOUT_MS = 10_000;
/** Pause of a worker after a failed call (it would otherwise spin on a dead port). */
const ERROR_PAUSE_MS = 100;
const CONFIRM_RETRY_DELAY_MS = 1_000;

// Wednesday 2026-11-25 10:00 in Bangkok: Kerry ships bkk-1 orders the same day.
const NOW = "2026-11-25T03:00:00Z";
const DESTINATIONS = [
  { countryCode: "TH", postalCode: "30000" },
  { countryCode: "TH", postalCode: "10110" },
];
const SERVICES = ["kerry-express", "thaipost-ems"];
/** SKUs of the run, only at bkk-1, with far more stock than the run can take. */
const LOAD_SKUS = Array.from({ length: 24 }, (_, i) => `LOAD-${String(i).padStart(2, "0")}`);
const ON_HAND = 1_000_000;
/** Read-only extras for estimates: the sample network's own stock. */
const ESTIMATE_SKUS = [...LOAD_SKUS, "SKU-TSHIRT-001", "SKU-MUG-001", "SKU-PHONECASE-001"];

type Expected = "PROMISE_STATUS_CONFIRMED" | "PROMISE_STATUS_CANCELLED" | "unknown";

interface PendingConfirm {
  readonly key: string;
  readonly request: ConfirmPromiseRequest;
  attempts: number;
  notBeforeMs: number;
}

describe.skipIf(!pgTests.run && pgTests.failure === undefined)(
  "mixed traffic against two service processes on PostgreSQL, with a SIGKILL and a database cut",
  () => {
    let schema: TestSchema;
    const proxies: TcpProxy[] = [];
    /** Every process started (for cleanup); `current[slot]` is the one serving a slot. */
    const started: ServiceProcess[] = [];
    const current: ServiceProcess[] = [];
    const clients: Clients[] = [];
    const oldClients: Clients[] = [];
    const incarnation = [0, 0];

    const envFor = (slot: number): Record<string, string> => {
      const viaProxy = new URL(pgTests.url);
      viaProxy.hostname = "127.0.0.1";
      viaProxy.port = String(proxies[slot]!.port);
      return {
        DATABASE_URL: viaProxy.toString(),
        PROMISE_DATABASE_SCHEMA: schema.name,
        PROMISE_FIXED_NOW: NOW,
        PROMISE_INSECURE_ADMIN: "true",
      };
    };

    async function startSlot(slot: number): Promise<void> {
      const { process, port } = await startServiceProcess(envFor(slot));
      started.push(process);
      current[slot] = process;
      const previous = clients[slot];
      if (previous !== undefined) oldClients.push(previous);
      clients[slot] = clientsFor(port);
    }

    beforeAll(async () => {
      if (pgTests.failure !== undefined) throw new Error(pgTests.failure);
      schema = await createTestSchema(pgTests.url);
      const target = new URL(pgTests.url);
      for (let slot = 0; slot < 2; slot++) {
        proxies.push(
          await TcpProxy.start({ host: target.hostname, port: Number(target.port || 5432) }),
        );
      }
      // One at a time: the first migrates the fresh schema.
      await startSlot(0);
      await startSlot(1);
      const admin = clients[0]!.admin;
      const stocked = await unaryCall<UpsertStockResponse__Output>(
        (o, cb) =>
          admin.UpsertStock(
            {
              rows: LOAD_SKUS.map((sku) => ({
                sku,
                warehouseId: "bkk-1",
                onHand: ON_HAND,
                version: 1,
              })),
            },
            o,
            cb,
          ),
        CALL_TIMEOUT_MS,
      );
      if (!stocked.ok) throw new Error(`UpsertStock failed: ${stocked.message}`);
      // Both processes see the new SKUs (the second through NOTIFY) before the traffic starts.
      for (const c of clients) {
        let availability: string | undefined;
        for (
          let attempt = 0;
          attempt < 100 && availability !== "AVAILABILITY_IN_STOCK";
          attempt++
        ) {
          if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 100));
          const reply = await unaryCall<EstimateResponse__Output>(
            (o, cb) =>
              c.promise.Estimate(
                { sku: LOAD_SKUS.at(-1)!, quantity: 1, destination: DESTINATIONS[0]! },
                o,
                cb,
              ),
            CALL_TIMEOUT_MS,
          );
          availability = reply.ok ? reply.value.availability : undefined;
        }
        if (availability !== "AVAILABILITY_IN_STOCK") {
          throw new Error(`a process does not see the run's stock: ${availability}`);
        }
      }
    }, 30_000);

    afterAll(async () => {
      for (const c of [...clients, ...oldClients]) c.close();
      for (const p of started) p.kill();
      await Promise.all(started.map((p) => p.exited));
      for (const proxy of proxies) await proxy.close();
      await schema?.drop();
    });

    it(
      "keeps every acknowledged promise exactly once, reservations matching, and no errors outside the fault windows",
      async () => {
        const log = new CallLog();
        const rng = new Sfc32(20261125);
        const pick = <T>(items: readonly T[]): T => items[Math.floor(rng.next() * items.length)]!;
        const between = (lo: number, hi: number) => lo + Math.floor(rng.next() * (hi - lo + 1));
        const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
        const slotTarget = (slot: number) => ({ slot, incarnation: incarnation[slot]! });

        /** Acknowledged promises by idempotency key, and what each one's status must be now. */
        const acked = new Map<string, { id: string; request: ConfirmPromiseRequest }>();
        const expected = new Map<string, Expected>();
        const cancellable: string[] = [];
        const cancelled: string[] = [];
        const uncertainCancels = new Set<string>();
        const pending: PendingConfirm[] = [];
        const refusedKeys = new Set<string>();
        const anomalies: string[] = [];
        let confirmsRetriedAfterFailure = 0;
        let stockVersion = 1;
        let batchItemErrors = 0;
        let keySeq = 0;

        const confirmOn = (
          slot: number,
          request: ConfirmPromiseRequest,
          kind: "confirm" | "confirmRetry",
        ) => {
          const c = clients[slot]!;
          return log.track(kind, slotTarget(slot), () =>
            unaryCall<DeliveryPromise__Output>(
              (o, cb) =>
                c.promise.ConfirmPromise(request, o, (e, v) => cb(e, v?.promise ?? undefined)),
              CALL_TIMEOUT_MS,
            ),
          );
        };

        const acknowledge = (
          key: string,
          request: ConfirmPromiseRequest,
          p: DeliveryPromise__Output,
        ) => {
          const known = acked.get(key);
          if (known !== undefined) {
            if (known.id !== p.id)
              anomalies.push(`key ${key} answered ${known.id} and then ${p.id}`);
            return;
          }
          if (p.status !== "PROMISE_STATUS_CONFIRMED")
            anomalies.push(`new promise ${p.id} is ${p.status}`);
          if (p.idempotencyKey !== key)
            anomalies.push(`promise ${p.id} has key ${p.idempotencyKey}`);
          acked.set(key, { id: p.id, request });
          expected.set(p.id, "PROMISE_STATUS_CONFIRMED");
          cancellable.push(p.id);
        };

        /** Files a confirmation whose outcome is unknown for a later retry with the same key. */
        const retryLater = (item: PendingConfirm) => {
          item.notBeforeMs = log.now() + CONFIRM_RETRY_DELAY_MS * Math.min(4, item.attempts);
          pending.push(item);
        };

        const settleConfirm = (
          item: PendingConfirm,
          outcome: CallOutcome<DeliveryPromise__Output>,
        ): boolean => {
          if (outcome.ok) {
            acknowledge(item.key, item.request, outcome.value);
            refusedKeys.delete(item.key);
            return true;
          }
          if (outcome.code === grpc.status.FAILED_PRECONDITION) {
            refusedKeys.add(item.key);
            return true;
          }
          return false;
        };

        async function freshConfirm(slot: number): Promise<boolean> {
          const key = `load-${++keySeq}`;
          // One to three lines; now and then two with the same SKU (the store adds them up).
          const skus = Array.from({ length: rng.next() < 0.7 ? 1 : between(2, 3) }, () =>
            pick(LOAD_SKUS.slice(0, 8)),
          );
          const request: ConfirmPromiseRequest = {
            idempotencyKey: key,
            lines: skus.map((sku) => ({ sku, quantity: between(1, 3) })),
            destination: pick(DESTINATIONS),
            serviceId: pick(SERVICES),
          };
          const item: PendingConfirm = { key, request, attempts: 1, notBeforeMs: 0 };
          const twin = rng.next() < 0.05;
          if (twin) {
            // The same checkout sent to both processes at once: one promise, the same answer.
            const [a, b] = await Promise.all([
              confirmOn(slot, request, "confirm"),
              confirmOn(1 - slot, request, "confirmRetry"),
            ]);
            if (a.ok && b.ok && a.value.id !== b.value.id) {
              anomalies.push(`twin confirms of ${key} made ${a.value.id} and ${b.value.id}`);
            }
            if (!settleConfirm(item, a.ok ? a : b) && !settleConfirm(item, a)) retryLater(item);
            return a.ok || b.ok;
          }
          const outcome = await confirmOn(slot, request, "confirm");
          if (!settleConfirm(item, outcome)) {
            retryLater(item);
            return false;
          }
          if (outcome.ok && rng.next() < 0.1) {
            // The reply was "lost": the shop retries with the same key, on the other process.
            const again = await confirmOn(1 - slot, request, "confirmRetry");
            if (again.ok) acknowledge(key, request, again.value);
            else if (again.code === grpc.status.FAILED_PRECONDITION) {
              anomalies.push(`retry of acknowledged ${key} was refused: ${again.message}`);
            }
          }
          return outcome.ok || outcome.code === grpc.status.FAILED_PRECONDITION;
        }

        async function retryConfirm(slot: number, item: PendingConfirm): Promise<boolean> {
          item.attempts++;
          confirmsRetriedAfterFailure++;
          const outcome = await confirmOn(slot, item.request, "confirmRetry");
          if (settleConfirm(item, outcome)) return true;
          retryLater(item);
          return false;
        }

        async function cancel(slot: number): Promise<boolean> {
          const again = cancelled.length > 0 && rng.next() < 0.2;
          let id: string;
          if (again) id = pick(cancelled);
          else {
            if (cancellable.length === 0) return true;
            const at = Math.floor(rng.next() * cancellable.length);
            id = cancellable[at]!;
            cancellable[at] = cancellable.at(-1)!;
            cancellable.pop();
            expected.set(id, "unknown");
          }
          const c = clients[slot]!;
          const outcome = await log.track("cancel", slotTarget(slot), () =>
            unaryCall<DeliveryPromise__Output>(
              (o, cb) =>
                c.promise.CancelPromise({ id }, o, (e, v) => cb(e, v?.promise ?? undefined)),
              CALL_TIMEOUT_MS,
            ),
          );
          if (outcome.ok) {
            if (outcome.value.status !== "PROMISE_STATUS_CANCELLED") {
              anomalies.push(`cancel of ${id} answered ${outcome.value.status}`);
            }
            if (!again) {
              expected.set(id, "PROMISE_STATUS_CANCELLED");
              cancelled.push(id);
            }
            return true;
          }
          if (!again) uncertainCancels.add(id);
          return false;
        }

        async function get(slot: number): Promise<boolean> {
          if (acked.size === 0) return true;
          const ids = [...cancellable.slice(-50), ...cancelled.slice(-50)];
          if (ids.length === 0) return true;
          const id = pick(ids);
          const c = clients[slot]!;
          // Judged against what was acknowledged before the read was sent: a cancel acknowledged
          // while this read is in flight may or may not be in its answer.
          const want = expected.get(id);
          const outcome = await log.track("get", slotTarget(slot), () =>
            unaryCall<DeliveryPromise__Output>(
              (o, cb) => c.promise.GetPromise({ id }, o, (e, v) => cb(e, v?.promise ?? undefined)),
              CALL_TIMEOUT_MS,
            ),
          );
          if (!outcome.ok) return false;
          if (want !== "unknown" && outcome.value.status !== want) {
            anomalies.push(`promise ${id} is ${outcome.value.status}, expected ${want}`);
          }
          return true;
        }

        async function estimate(slot: number): Promise<boolean> {
          const c = clients[slot]!;
          const request = {
            sku: pick(ESTIMATE_SKUS),
            quantity: between(1, 3),
            destination: pick(DESTINATIONS),
          };
          const outcome = await log.track("estimate", slotTarget(slot), () =>
            unaryCall<EstimateResponse__Output>(
              (o, cb) => c.promise.Estimate(request, o, cb),
              CALL_TIMEOUT_MS,
            ),
          );
          return outcome.ok;
        }

        async function estimateBatch(slot: number): Promise<boolean> {
          const c = clients[slot]!;
          const request = {
            items: Array.from({ length: between(5, 20) }, () => ({
              sku: pick(ESTIMATE_SKUS),
              quantity: between(1, 2),
            })),
            destination: pick(DESTINATIONS),
          };
          const outcome = await log.track("estimateBatch", slotTarget(slot), () =>
            unaryCall<EstimateBatchResponse__Output>(
              (o, cb) => c.promise.EstimateBatch(request, o, cb),
              CALL_TIMEOUT_MS,
            ),
          );
          if (outcome.ok) {
            batchItemErrors += outcome.value.results.filter((r) => r.result === "error").length;
          }
          return outcome.ok;
        }

        async function quote(slot: number): Promise<boolean> {
          const c = clients[slot]!;
          const request = {
            lines: Array.from({ length: between(1, 4) }, () => ({
              sku: pick(LOAD_SKUS),
              quantity: between(1, 3),
            })),
            destination: pick(DESTINATIONS),
          };
          const outcome = await log.track("quote", slotTarget(slot), () =>
            unaryCall<QuoteCartResponse__Output>(
              (o, cb) => c.promise.QuoteCart(request, o, cb),
              CALL_TIMEOUT_MS,
            ),
          );
          return outcome.ok;
        }

        async function upsertStock(slot: number): Promise<boolean> {
          const c = clients[slot]!;
          const rows = Array.from({ length: between(1, 4) }, () => ({
            sku: pick(LOAD_SKUS),
            warehouseId: "bkk-1",
            onHand: ON_HAND + between(0, 1000),
            version: ++stockVersion,
          }));
          const outcome = await log.track("upsertStock", slotTarget(slot), () =>
            unaryCall<UpsertStockResponse__Output>(
              (o, cb) => c.admin.UpsertStock({ rows }, o, cb),
              CALL_TIMEOUT_MS,
            ),
          );
          if (outcome.ok && outcome.value.applied + outcome.value.stale !== rows.length) {
            anomalies.push(
              `UpsertStock of ${rows.length} rows answered ${JSON.stringify(outcome.value)}`,
            );
          }
          return outcome.ok;
        }

        async function step(slot: number): Promise<boolean> {
          const due = pending[0];
          if (due !== undefined && due.notBeforeMs <= log.now()) {
            pending.shift();
            return retryConfirm(slot, due);
          }
          const r = rng.next();
          if (r < 0.3) return estimate(slot);
          if (r < 0.42) return estimateBatch(slot);
          if (r < 0.54) return quote(slot);
          if (r < 0.78) return freshConfirm(slot);
          if (r < 0.86) return cancel(slot);
          if (r < 0.92) return get(slot);
          return upsertStock(slot);
        }

        const intervalMs = (1000 * WORKERS) / TARGET_CALLS_PER_SECOND;
        async function worker(index: number): Promise<void> {
          const slot = index % 2;
          let next = log.now();
          while (log.now() < RUN_MS) {
            const fine = await step(slot);
            // Pacing, not a wait: a shop pauses after an error before its next call.
            if (!fine) await sleep(ERROR_PAUSE_MS);
            next += intervalMs;
            const now = log.now();
            // Pacing, not a wait: each worker keeps to its share of the target call rate.
            if (next > now) await sleep(next - now);
            else next = now;
          }
        }

        async function killAndRestart(): Promise<void> {
          // Pacing, not a wait: the fault is scheduled at a fixed time into the run.
          await sleep(KILL_AT_MS - log.now());
          const window = log.openWindow("SIGKILL + restart");
          const victim = current[1]!;
          victim.kill();
          await victim.exited;
          incarnation[1]!++;
          await startSlot(1);
          log.closeWindow(window, GRACE_MS);
        }

        async function cutDatabase(): Promise<void> {
          // Pacing, not a wait: the fault is scheduled at a fixed time into the run.
          await sleep(CUT_AT_MS - log.now());
          const window = log.openWindow("database cut");
          await Promise.all(proxies.map((p) => p.cut()));
          // A period, not a wait: the database stays unreachable for CUT_MS while traffic goes on.
          await sleep(CUT_MS);
          await Promise.all(proxies.map((p) => p.restore()));
          log.closeWindow(window, GRACE_MS);
        }

        await Promise.all([
          ...Array.from({ length: WORKERS }, (_, i) => worker(i)),
          killAndRestart(),
          cutDatabase(),
        ]);
        const runEndMs = log.now();

        // Settle: the shop retries every confirmation and cancellation whose outcome it never
        // learnt, with the same key / id, until it gets an answer.
        for (
          let round = 0;
          round < 10 && (pending.length > 0 || uncertainCancels.size > 0);
          round++
        ) {
          // Pacing, not a wait: the shop's back-off between rounds of retrying unsettled calls.
          if (round > 0) await sleep(500);
          for (const item of pending.splice(0)) {
            item.attempts++;
            confirmsRetriedAfterFailure++;
            const slot = item.attempts % 2;
            const outcome = await confirmOn(slot, item.request, "confirmRetry");
            if (!settleConfirm(item, outcome)) pending.push(item);
          }
          for (const id of [...uncertainCancels]) {
            const slot = round % 2;
            const c = clients[slot]!;
            const outcome = await log.track("cancel", slotTarget(slot), () =>
              unaryCall<DeliveryPromise__Output>(
                (o, cb) =>
                  c.promise.CancelPromise({ id }, o, (e, v) => cb(e, v?.promise ?? undefined)),
                CALL_TIMEOUT_MS,
              ),
            );
            if (outcome.ok) {
              uncertainCancels.delete(id);
              expected.set(id, "PROMISE_STATUS_CANCELLED");
              cancelled.push(id);
            }
          }
        }

        // Every acknowledged promise, by id, from either process.
        const entries = [...acked];
        let checked = 0;
        await Promise.all(
          Array.from({ length: 16 }, async (_, w) => {
            for (let i = w; i < entries.length; i += 16) {
              const [key, { id }] = entries[i]!;
              const c = clients[i % 2]!;
              const outcome = await log.track("get", slotTarget(i % 2), () =>
                unaryCall<DeliveryPromise__Output>(
                  (o, cb) =>
                    c.promise.GetPromise({ id }, o, (e, v) => cb(e, v?.promise ?? undefined)),
                  CALL_TIMEOUT_MS,
                ),
              );
              checked++;
              if (!outcome.ok) {
                anomalies.push(
                  `GetPromise ${id} failed: ${grpc.status[outcome.code]} ${outcome.message}`,
                );
              } else {
                if (outcome.value.idempotencyKey !== key) {
                  anomalies.push(
                    `promise ${id} has key ${outcome.value.idempotencyKey}, not ${key}`,
                  );
                }
                const want = expected.get(id);
                if (outcome.value.status !== want) {
                  anomalies.push(`promise ${id} is ${outcome.value.status}, expected ${want}`);
                }
              }
            }
          }),
        );

        // The store: exactly one promise per acknowledged key, and no promise nobody was told of.
        const db = new pg.Client({ connectionString: pgTests.url });
        db.on("error", () => {});
        await db.connect();
        let rows: { idempotency_key: string; id: string; status: string }[];
        try {
          rows = (
            await db.query<{ idempotency_key: string; id: string; status: string }>(
              `select idempotency_key, id, status from ${schema.name}.promise`,
            )
          ).rows;
        } finally {
          await db.end();
        }
        const byKey = new Map<string, string[]>();
        for (const row of rows)
          byKey.set(row.idempotency_key, [...(byKey.get(row.idempotency_key) ?? []), row.id]);
        const duplicated = [...byKey].filter(([, ids]) => ids.length !== 1);
        const missing = entries.filter(([key, { id }]) => {
          const ids = byKey.get(key);
          return ids === undefined || !ids.includes(id);
        });
        const unannounced = [...byKey.keys()].filter((key) => !acked.has(key));
        const storeCancelled = rows
          .filter((r) => r.status === "cancelled")
          .map((r) => r.id)
          .sort();

        const store = await openStore({ databaseUrl: pgTests.url, pgSchema: schema.name });
        let report: Awaited<ReturnType<typeof store.checkReservations>>;
        try {
          report = await store.checkReservations();
        } finally {
          await store.close();
        }

        const errors = log.errors();
        console.log(
          [
            log.summary(
              `mixed traffic with faults: ${RUN_SECONDS} s (ran ${(runEndMs / 1000).toFixed(1)} s), 2 processes on PostgreSQL, ${WORKERS} workers at ${TARGET_CALLS_PER_SECOND} calls/s`,
            ),
            `promises: ${acked.size} acknowledged (${confirmsRetriedAfterFailure} confirm retries after a failure), ${cancelled.length} cancelled, ${refusedKeys.size} refused (stock or capacity ran out), ${pending.length} unresolved; store: ${report.confirmed} confirmed + ${report.cancelled} cancelled; batch item errors ${batchItemErrors}`,
            ...errors.outside
              .slice(0, 10)
              .map(
                (r) =>
                  `error outside the windows: ${r.kind} slot ${r.slot}.${r.incarnation} at ${(r.startMs / 1000).toFixed(2)}-${(r.endMs / 1000).toFixed(2)} s: ${grpc.status[r.code]} ${r.message ?? ""}`,
              ),
            ...anomalies.slice(0, 10).map((a) => `anomaly: ${a}`),
          ].join("\n"),
        );

        // The surviving process never went down; the restarted one still serves.
        expect(current.map((p) => p.child.exitCode ?? p.child.signalCode)).toEqual([null, null]);
        expect(log.windows.every((w) => w.toMs !== undefined)).toBe(true);
        expect(anomalies).toEqual([]);
        expect(pending.map((p) => p.key)).toEqual([]);
        expect(uncertainCancels.size).toBe(0);
        expect(checked).toBe(acked.size);
        expect(acked.size).toBeGreaterThan(100);
        expect(duplicated).toEqual([]);
        expect(missing.map(([key]) => key)).toEqual([]);
        expect(unannounced).toEqual([]);
        expect(storeCancelled).toEqual([...cancelled].sort());
        expect(report.confirmed).toBe(acked.size - cancelled.length);
        expect(report.cancelled).toBe(cancelled.length);
        expect(report.stockMismatches).toEqual([]);
        expect(report.loadMismatches).toEqual([]);
        expect(report.orphanReservations).toBe(0);
        expect(report.overReserved).toBe(0);
        expect(batchItemErrors).toBe(0);
        // No process logged an error (an INTERNAL answer, an unexpected failure): its line says why.
        expect(
          started.flatMap((p) => p.lines.filter((l) => l["level"] === 50 || l["level"] === 60)),
        ).toEqual([]);
        // Both faults were felt, as UNAVAILABLE only; outside the windows nothing failed.
        expect(errors.inWindows.some((r) => r.code === grpc.status.UNAVAILABLE)).toBe(true);
        expect(
          errors.inWindows
            .filter((r) => r.code !== grpc.status.UNAVAILABLE)
            .map(
              (r) =>
                `${r.kind} slot ${r.slot}.${r.incarnation} at ${(r.startMs / 1000).toFixed(2)}-${(r.endMs / 1000).toFixed(2)} s: ${grpc.status[r.code]} ${r.message ?? ""}`,
            ),
        ).toEqual([]);
        expect(
          errors.outside.map((r) => `${r.kind} ${grpc.status[r.code]} ${r.message ?? ""}`),
        ).toEqual([]);
      },
      RUN_MS + 60_000,
    );
  },
);
