import { expect, vi } from "vitest";
import { unary } from "../grpc/grpc-test-helpers.js";
import type { Clients } from "./service-clients.js";

/**
 * Until every replica's view holds a warehouse's (or a store's) capacity for a date, as
 * GetWarehouseThroughput shows it: a capacity set through one replica reaches the others by the
 * store's change notices, so a test waits for that instead of sleeping.
 */
export async function untilEveryReplicaCaps(
  clients: readonly Clients[],
  warehouseId: string,
  date: string,
  capacity: number,
): Promise<void> {
  await vi.waitFor(
    async () => {
      for (const c of clients) {
        const reply = await unary(c.admin.GetWarehouseThroughput.bind(c.admin), {
          warehouseId,
          days: 7,
        });
        const day = reply.warehouses[0]?.days.find((d) => d.date === date);
        expect(day?.capacity).toBe(capacity);
      }
    },
    { timeout: 10_000, interval: 50 },
  );
}
