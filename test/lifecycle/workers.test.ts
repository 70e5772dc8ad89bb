import { afterAll, describe, expect, it } from "vitest";
import { unary } from "../grpc/grpc-test-helpers.js";
import { type Clients, clientsFor } from "../support/service-clients.js";
import { type ServiceProcess, startServiceProcess } from "./lifecycle-helpers.js";

describe("PROMISE_WORKERS", () => {
  let service: ServiceProcess | undefined;
  let clients: Clients | undefined;

  afterAll(async () => {
    clients?.close();
    service?.kill();
    await service?.exited;
  });

  it("serves one port from two worker processes, and stops them all on SIGTERM", async () => {
    const started = await startServiceProcess({ PROMISE_WORKERS: "2" });
    service = started.process;
    // Both workers log that they listen, on the same port.
    await service.waitForLine("promise service listening");
    await expect
      .poll(() => service!.lines.filter((l) => l["msg"] === "promise service listening").length, {
        timeout: 20_000,
      })
      .toBe(2);
    // (waited up to 20 s: the second worker may wait for the first one's migration lock)
    const ports = service.lines
      .filter((l) => l["msg"] === "promise service listening")
      .map((l) => l["port"]);
    const pids = service.lines.filter((l) => l["msg"] === "worker started").map((l) => l["worker"]);
    expect(new Set(ports).size).toBe(1);
    expect(new Set(pids).size).toBe(2);

    clients = clientsFor(started.port);
    const reply = await unary(clients.promise.Estimate.bind(clients.promise), {
      sku: "SKU-TSHIRT-001",
      quantity: 1,
      destination: { countryCode: "TH", postalCode: "10110" },
    });
    expect(reply.availability).toBe("AVAILABILITY_IN_STOCK");

    service.child.kill("SIGTERM");
    expect(await service.exited).toEqual({ code: 0, signal: null });
    expect(service.lines.some((l) => l["msg"] === "all workers stopped")).toBe(true);
  }, 60_000);
});
