import { type CallOptions, type Client, createClient, type Transport } from "@connectrpc/connect";
import { DEFAULT_DEADLINES_MS } from "./call-policy.js";
import { PromiseService } from "./generated/promise/v1/promise_pb.js";

export type PromiseClient = Client<typeof PromiseService>;

export interface ClientPolicy {
  /** Per-RPC deadlines (ms) over the defaults (DEFAULT_DEADLINES_MS). */
  readonly deadlinesMs?: Readonly<Record<string, number>>;
}

/**
 * A PromiseService client over any Connect transport, whose every call gets its RPC's default
 * deadline unless the call passes its own `timeoutMs`.
 */
export function promiseClientOver(transport: Transport, policy: ClientPolicy = {}): PromiseClient {
  const raw = createClient(PromiseService, transport) as unknown as Record<
    string,
    (request: unknown, options?: CallOptions) => Promise<unknown>
  >;
  const client: Record<string, unknown> = {};
  for (const method of PromiseService.methods) {
    const deadline = policy.deadlinesMs?.[method.name] ?? DEFAULT_DEADLINES_MS[method.name];
    const call = raw[method.localName]!;
    client[method.localName] = (request: unknown, options: CallOptions = {}) =>
      call(request, { ...options, timeoutMs: options.timeoutMs ?? deadline });
  }
  return client as unknown as PromiseClient;
}
