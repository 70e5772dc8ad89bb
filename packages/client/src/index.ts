// The generated message types and service descriptors (protobuf-es v2), and the call policy.
// Transports: "@promise/client/node" (native gRPC, Connect) and "@promise/client/web" (browsers).
export * from "./call-policy.js";
export * from "./generated/promise/v1/admin_pb.js";
export * from "./generated/promise/v1/common_pb.js";
export * from "./generated/promise/v1/planner_pb.js";
export * from "./generated/promise/v1/promise_pb.js";
export { type ClientPolicy, type PromiseClient, promiseClientOver } from "./promise-client.js";
