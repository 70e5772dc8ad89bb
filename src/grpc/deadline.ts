import type * as grpc from "@grpc/grpc-js";
import { DomainError } from "../engine/domain-error.js";

/** The call's deadline as UTC ms (Infinity when the client set none). */
export function deadlineMsOf(call: { getDeadline(): grpc.Deadline }): number {
  const deadline = call.getDeadline();
  return typeof deadline === "number" ? deadline : deadline.getTime();
}

/**
 * Throws DEADLINE_EXCEEDED when the call's deadline has passed. The call interceptor already
 * refuses such calls before their handler starts; handlers that wait (for the store, say) call
 * this again right before they write, so a caller that has given up never gets a write it
 * cannot see.
 */
export function requireTimeLeft(call: { getDeadline(): grpc.Deadline }, nowMs = Date.now()): void {
  if (nowMs >= deadlineMsOf(call)) {
    throw new DomainError("DEADLINE_EXCEEDED", "deadline exceeded before the change was made");
  }
}
