import { type FileIssue, formatFileIssues } from "../network/yaml-source.js";

/** One problem in a scenario: where (a path such as `demand.multipliers[2].factor`) and why. */
export type ScenarioFileIssue = FileIssue;

/**
 * A scenario that cannot be run: unreadable, not YAML, not matching the schema, or naming things
 * the network does not have. The message lists every issue, one per line, with the source name,
 * the line when known and the field path (the sibling of NetworkFileError).
 */
export class ScenarioFileError extends Error {
  readonly source: string;
  readonly issues: readonly ScenarioFileIssue[];

  constructor(source: string, issues: readonly ScenarioFileIssue[]) {
    super(formatFileIssues("scenario", source, issues));
    this.name = "ScenarioFileError";
    this.source = source;
    this.issues = issues;
  }
}
