/** An issue found while checking a parsed network file, with its path still as segments. */
export interface RawIssue {
  readonly path: readonly (string | number)[];
  readonly message: string;
}
