import * as grpc from "@grpc/grpc-js";
import type { AdminServiceClient } from "../../src/grpc/generated/promise/v1/AdminService.js";
import type { ConfirmPromiseRequest } from "../../src/grpc/generated/promise/v1/ConfirmPromiseRequest.js";
import type { DeliveryPromise__Output } from "../../src/grpc/generated/promise/v1/DeliveryPromise.js";
import type { PromiseServiceClient } from "../../src/grpc/generated/promise/v1/PromiseService.js";
import { loadProto } from "../../src/grpc/load-proto.js";

export interface Clients {
  readonly promise: PromiseServiceClient;
  readonly admin: AdminServiceClient;
  close(): void;
}

/** Generated-type clients for a service on 127.0.0.1:`port` (plaintext). */
export function clientsFor(port: number): Clients {
  const { proto } = loadProto();
  const address = `127.0.0.1:${port}`;
  const credentials = grpc.credentials.createInsecure();
  const promise = new proto.promise.v1.PromiseService(address, credentials);
  const admin = new proto.promise.v1.AdminService(address, credentials);
  return {
    promise,
    admin,
    close() {
      promise.close();
      admin.close();
    },
  };
}

export type ConfirmOutcome =
  | { readonly ok: true; readonly promise: DeliveryPromise__Output }
  | { readonly ok: false; readonly code: grpc.status; readonly message: string };

/** ConfirmPromise, resolving with the promise or the status code (never rejecting). */
export function confirm(
  client: PromiseServiceClient,
  request: ConfirmPromiseRequest,
): Promise<ConfirmOutcome> {
  return new Promise((resolve) => {
    client.ConfirmPromise(request, { deadline: Date.now() + 30_000 }, (err, reply) => {
      if (err) resolve({ ok: false, code: err.code, message: err.details });
      else resolve({ ok: true, promise: reply!.promise! });
    });
  });
}
