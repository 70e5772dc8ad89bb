import type { PromiseServiceClient } from "../src/grpc/generated/promise/v1/PromiseService.js";

/** The sample network's cached Estimate that the latency figures time. */
const REQUEST = {
  sku: "SKU-TSHIRT-001",
  quantity: 1,
  destination: { countryCode: "TH", postalCode: "30000" },
};

/**
 * Returns a load: called with a promise, it keeps `inFlight` Estimates going until that promise
 * settles and answers the latency of each, in ms (the background-job figures compare its p99
 * during a job with a quiet phase).
 */
export function estimateLatencyLoad(
  client: PromiseServiceClient,
  inFlight: number,
): (until: Promise<unknown>) => Promise<number[]> {
  return async (until) => {
    const times: number[] = [];
    let done = false;
    void until.finally(() => {
      done = true;
    });
    const lane = async () => {
      while (!done) {
        const started = performance.now();
        await new Promise<void>((resolve, reject) =>
          client.Estimate(REQUEST, (err) => (err ? reject(err) : resolve())),
        );
        times.push(performance.now() - started);
      }
    };
    await Promise.all(Array.from({ length: inFlight }, lane));
    return times;
  };
}
