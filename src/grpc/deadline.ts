import type * as grpc from "@grpc/grpc-js";

/** The call's deadline as UTC ms (Infinity when the client set none). */
export function deadlineMsOf(call: { getDeadline(): grpc.Deadline }): number {
  const deadline = call.getDeadline();
  return typeof deadline === "number" ? deadline : deadline.getTime();
}
