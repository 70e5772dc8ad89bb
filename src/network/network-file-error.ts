import { type FileIssue, formatFileIssues } from "./yaml-source.js";

/** One problem in a network file: where (a path such as `warehouses[0].cutoff.default`) and why. */
export type NetworkFileIssue = FileIssue;

/**
 * A network file that cannot be used: unreadable, not YAML, not matching the schema, or with
 * references that do not resolve. The message lists every issue, one per line, each starting with
 * the source file name (and line when known), so start-up logs point straight at the bad field.
 */
export class NetworkFileError extends Error {
  readonly source: string;
  readonly issues: readonly NetworkFileIssue[];

  constructor(source: string, issues: readonly NetworkFileIssue[]) {
    super(formatFileIssues("network file", source, issues));
    this.name = "NetworkFileError";
    this.source = source;
    this.issues = issues;
  }
}
