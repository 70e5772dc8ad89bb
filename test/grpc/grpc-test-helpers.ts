import { fileURLToPath } from "node:url";
import type * as grpc from "@grpc/grpc-js";

export const FIXTURE_NETWORK = fileURLToPath(
  new URL("../fixtures/grpc-network.yaml", import.meta.url),
);

/** The instant the tests' clock is fixed at: Friday 20 Nov 2026, 07:00 in Bangkok. */
export const NOW_ISO = "2026-11-20T00:00:00Z";

/** A Timestamp for an ISO instant (whole seconds). */
export function ts(iso: string): { seconds: number; nanos: number } {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new RangeError(`bad instant ${iso}`);
  return { seconds: Math.floor(ms / 1000), nanos: (ms % 1000) * 1_000_000 };
}

type Unary<Req, Res> = (request: Req, callback: grpc.requestCallback<Res>) => unknown;

/** Calls a unary method of a generated client and resolves with its reply. */
export function unary<Req, Res>(method: Unary<Req, Res>, request: Req): Promise<Res> {
  return new Promise((resolve, reject) => {
    method(request, (err, value) => {
      if (err) reject(err);
      else resolve(value as Res);
    });
  });
}

/** Calls a unary method that must fail, and resolves with its error. */
export function unaryError<Req, Res>(
  method: Unary<Req, Res>,
  request: Req,
): Promise<grpc.ServiceError> {
  return new Promise((resolve, reject) => {
    method(request, (err, value) => {
      if (err) resolve(err);
      else reject(new Error(`expected an error, got ${JSON.stringify(value)}`));
    });
  });
}

/** The field a failed call names in its `promise-field` trailer. */
export function fieldOf(err: grpc.ServiceError): string | undefined {
  const values = err.metadata.get("promise-field");
  return values.length === 0 ? undefined : String(values[0]);
}
