import { Checkout, type CheckoutDeps } from "../checkout/checkout.js";
import type { Config } from "../config/config.js";
import type { PromiseEvents } from "./start-promise-events.js";

/**
 * Checkout as the service wires it: the configured cart line limit and dominated-options mode,
 * and each promise's risk as the promise events' monitor stored it (none without `events`).
 */
export function serviceCheckout(
  config: Config,
  deps: Pick<CheckoutDeps, "live" | "store" | "clock" | "logger" | "onOutcome"> & {
    readonly events?: PromiseEvents | undefined;
  },
): Checkout {
  const { events, ...rest } = deps;
  return new Checkout({
    ...rest,
    ...(events === undefined ? {} : { riskOf: (id: string) => events.events.riskOf(id) }),
    cartLineLimit: config.cartLineLimit,
    dominatedOptions: config.dominatedOptions,
  });
}
