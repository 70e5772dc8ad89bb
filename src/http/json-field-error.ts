import type { DescField, DescMessage, DescOneof } from "@bufbuild/protobuf";
import * as grpc from "@grpc/grpc-js";
import { setFieldErrorTrailers } from "../grpc/field-error-trailers.js";

/** The most characters of protobuf-es's reason repeated (it may quote the value sent). */
const MAX_REASON_CHARS = 200;

/** protobuf-es's FieldError, the `cause` of its JSON decoding errors. */
interface FieldErrorCause {
  readonly message: string;
  field(): DescField | DescOneof;
}

function fieldCauseOf(err: unknown): FieldErrorCause | undefined {
  const cause = err instanceof Error ? err.cause : undefined;
  if (cause instanceof Error && "field" in cause && typeof cause.field === "function") {
    return cause as unknown as FieldErrorCause;
  }
  return undefined;
}

/**
 * The request field path (proto names, as the native port's field errors: `destination.postal_code`)
 * from `root` to a field of message `target`: breadth-first, so the shortest; repeated fields are
 * named without an index (protobuf-es does not say which item). undefined when not reachable.
 */
export function pathTo(root: DescMessage, target: DescMessage): string | undefined {
  const queue: { message: DescMessage; path: string }[] = [{ message: root, path: "" }];
  const seen = new Set<string>([root.typeName]);
  for (let i = 0; i < queue.length; i++) {
    const { message, path } = queue[i]!;
    if (message.typeName === target.typeName) return path;
    for (const field of message.fields) {
      const next =
        field.fieldKind === "message"
          ? field.message
          : field.fieldKind === "list" && field.listKind === "message"
            ? field.message
            : undefined;
      if (next === undefined || seen.has(next.typeName)) continue;
      seen.add(next.typeName);
      queue.push({ message: next, path: path === "" ? field.name : `${path}.${field.name}` });
    }
  }
  return undefined;
}

/**
 * A Connect JSON request protobuf-es could not decode, as the status the native port gives a bad
 * field: INVALID_ARGUMENT, the message `field: why` (the reason cut to 200 characters, so a long
 * value sent is never echoed whole), the field in `promise-field` and in the google.rpc BadRequest
 * and ErrorInfo details. A body that is not a JSON object at all names no field.
 */
export function jsonDecodeStatus(input: DescMessage, err: unknown): Partial<grpc.StatusObject> {
  const cause = fieldCauseOf(err);
  if (cause === undefined) {
    const message = err instanceof Error ? err.message : String(err);
    return { code: grpc.status.INVALID_ARGUMENT, details: cut(message) };
  }
  const desc = cause.field();
  const parentPath = pathTo(input, desc.parent);
  const field =
    parentPath === undefined
      ? `${desc.parent.typeName}.${desc.name}`
      : parentPath === ""
        ? desc.name
        : `${parentPath}.${desc.name}`;
  const details = `${field}: ${cut(cause.message)}`;
  const metadata = new grpc.Metadata();
  setFieldErrorTrailers(metadata, grpc.status.INVALID_ARGUMENT, details, field);
  return { code: grpc.status.INVALID_ARGUMENT, details, metadata };
}

function cut(text: string): string {
  return text.length > MAX_REASON_CHARS ? `${text.slice(0, MAX_REASON_CHARS)}…` : text;
}
