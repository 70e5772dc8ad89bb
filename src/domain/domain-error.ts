/**
 * The engine's, checkout's and the store's way of saying "this request cannot be served". The
 * gRPC edge maps `kind` to a status code in one table; anything thrown that is not a DomainError
 * is a bug. `message` and `field` are kept apart; `text` is the two as a caller reads them.
 *
 * src/domain/ is pure (no I/O, no clock), so every layer, the engine included, may import it.
 */
export type DomainErrorKind =
  | "INVALID_ARGUMENT"
  | "NOT_FOUND"
  | "FAILED_PRECONDITION"
  | "ALREADY_EXISTS"
  | "OUT_OF_RANGE"
  | "RESOURCE_EXHAUSTED"
  | "UNAVAILABLE"
  | "UNAUTHENTICATED"
  | "PERMISSION_DENIED"
  | "DEADLINE_EXCEEDED"
  | "CANCELLED";

export class DomainError extends Error {
  override readonly name = "DomainError";
  constructor(
    readonly kind: DomainErrorKind,
    message: string,
    /** The request field at fault, as a path such as `destination.postal_code`. */
    readonly field?: string,
    /** Structured data the edge may attach (for example fresh options). */
    readonly details?: unknown,
  ) {
    super(message);
  }

  /** `field: message`, or the message alone when no field is at fault (a status's text). */
  get text(): string {
    return this.field ? `${this.field}: ${this.message}` : this.message;
  }
}

/** What to show a person for any error: a DomainError's `text`, an Error's message. */
export function errorText(err: unknown): string {
  if (err instanceof DomainError) return err.text;
  return err instanceof Error ? err.message : String(err);
}

export function invalidArgument(field: string, message: string): DomainError {
  return new DomainError("INVALID_ARGUMENT", message, field);
}

export function notFound(field: string, message: string): DomainError {
  return new DomainError("NOT_FOUND", message, field);
}

/** The most characters of a caller's value an error message repeats. */
export const ECHO_PREFIX_LENGTH = 64;

/**
 * A caller's value as an error message repeats it: the value itself, or for a long value its
 * first 64 characters and its length, `AAAA… (100000 characters)`, so that no message grows with
 * the caller's input.
 */
export function echoValue(value: string): string {
  if (value.length <= ECHO_PREFIX_LENGTH) return value;
  let end = ECHO_PREFIX_LENGTH;
  const last = value.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${value.slice(0, end)}… (${value.length} characters)`;
}
