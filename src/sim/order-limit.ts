import { DomainError } from "../domain/domain-error.js";
import { planDemand } from "./demand-plan.js";
import type { Scenario } from "./parse-scenario.js";

/**
 * The most orders a scenario may generate unless the caller raises it: the same for the server
 * (PeakPlannerService.Simulate) and the command line (`--max-orders` raises it there).
 */
export const DEFAULT_MAX_ORDERS = 5_000_000;

/** The scenario's order count; throws DomainError INVALID_ARGUMENT above `maxOrders`. */
export function checkOrderLimit(scenario: Scenario, maxOrders: number): number {
  const { file } = scenario;
  const total = planDemand(
    file.demand,
    scenario.startDay,
    file.days,
    scenario.demandTimeZone,
  ).total;
  if (total > maxOrders) {
    throw new DomainError(
      "INVALID_ARGUMENT",
      `the scenario has ${total.toLocaleString("en-US")} orders; at most ${maxOrders.toLocaleString("en-US")} are simulated (the command line's --max-orders raises the limit)`,
      "demand.orders_per_day",
    );
  }
  return total;
}
