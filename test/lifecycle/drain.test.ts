import * as grpc from "@grpc/grpc-js";
import { describe, expect, it } from "vitest";
import { encodeRequest, rawClient, rawUnary, startHardened } from "../grpc/hardening-helpers.js";
import { healthStatus } from "./lifecycle-helpers.js";

const ESTIMATE = "/promise.v1.PromiseService/Estimate";
const SET_BOOKED_LOAD = "/promise.v1.AdminService/SetBookedLoad";
const estimate = () =>
  encodeRequest(ESTIMATE, {
    sku: "SKU-A",
    quantity: 1,
    destination: { countryCode: "TH", postalCode: "10110" },
  });
const heldCall = () => encodeRequest(SET_BOOKED_LOAD, { warehouseId: "bkk", loads: [] });

/** Resolves once `check` holds, looking again after every turn of the event loop. */
async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setImmediate(resolve));
}

// The recording admin service holds SetBookedLoad calls until the test releases them.
const insecure = { tokens: [], env: { PROMISE_INSECURE_ADMIN: "true" } };

describe("draining", () => {
  it("says NOT_SERVING during the drain delay while still answering calls", async () => {
    const s = await startHardened(insecure);
    const client = rawClient(s.publicAddress);
    try {
      const stopping = s.endpoints.stop(10_000, 2000);
      expect(await healthStatus(s.publicAddress)).toBe("NOT_SERVING");
      expect((await rawUnary(client, ESTIMATE, estimate())).code).toBe(grpc.status.OK);
      expect(await stopping).toBe(true);
    } finally {
      client.close();
    }
  });

  it("lets a call in flight finish while refusing new calls, then stops cleanly", async () => {
    const s = await startHardened(insecure);
    const client = rawClient(s.publicAddress);
    try {
      const inFlight = rawUnary(client, SET_BOOKED_LOAD, heldCall());
      await until(() => s.services.held.length === 1);

      let stopped = false;
      const stopping = s.endpoints.stop(10_000).then((clean) => {
        stopped = true;
        return clean;
      });

      const fresh = rawClient(s.publicAddress);
      try {
        expect((await rawUnary(fresh, ESTIMATE, estimate(), undefined, 2000)).code).toBe(
          grpc.status.UNAVAILABLE,
        );
      } finally {
        fresh.close();
      }
      expect(stopped).toBe(false);

      s.services.held[0]!();
      expect((await inFlight).code).toBe(grpc.status.OK);
      expect(await stopping).toBe(true);
    } finally {
      client.close();
    }
  });

  it("cuts off a call still running at the grace bound and says so", async () => {
    const s = await startHardened(insecure);
    const client = rawClient(s.publicAddress);
    try {
      const inFlight = rawUnary(client, SET_BOOKED_LOAD, heldCall());
      await until(() => s.services.held.length === 1);
      expect(await s.endpoints.stop(200)).toBe(false);
      expect((await inFlight).code).not.toBe(grpc.status.OK);
    } finally {
      client.close();
    }
  });
});
