import type { NetworkFileIssue } from "../network/network-file-error.js";

/** One problem in a scenario: where (a path such as `demand.multipliers[2].factor`) and why. */
export type ScenarioFileIssue = NetworkFileIssue;

/**
 * A scenario that cannot be run: unreadable, not YAML, not matching the schema, or naming things
 * the network does not have. The message lists every issue, one per line, with the source name,
 * the line when known and the field path (the sibling of NetworkFileError).
 */
export class ScenarioFileError extends Error {
  readonly source: string;
  readonly issues: readonly ScenarioFileIssue[];

  constructor(source: string, issues: readonly ScenarioFileIssue[]) {
    super(formatIssues(source, issues));
    this.name = "ScenarioFileError";
    this.source = source;
    this.issues = issues;
  }
}

function formatIssues(source: string, issues: readonly ScenarioFileIssue[]): string {
  const count = issues.length === 1 ? "1 problem" : `${issues.length} problems`;
  const lines = issues.map((issue) => {
    const where = issue.line === undefined ? source : `${source}:${issue.line}`;
    return issue.path === ""
      ? `${where}: ${issue.message}`
      : `${where}: ${issue.path}: ${issue.message}`;
  });
  return [`invalid scenario ${source} (${count}):`, ...lines].join("\n");
}
