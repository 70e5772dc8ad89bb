/** One problem in a network file: where (a path such as `warehouses[0].cutoff.default`) and why. */
export interface NetworkFileIssue {
  readonly path: string;
  readonly message: string;
  /** 1-based line in the source text, when known. */
  readonly line?: number | undefined;
}

/**
 * A network file that cannot be used: unreadable, not YAML, not matching the schema, or with
 * references that do not resolve. The message lists every issue, one per line, each starting with
 * the source file name (and line when known), so start-up logs point straight at the bad field.
 */
export class NetworkFileError extends Error {
  readonly source: string;
  readonly issues: readonly NetworkFileIssue[];

  constructor(source: string, issues: readonly NetworkFileIssue[]) {
    super(formatIssues(source, issues));
    this.name = "NetworkFileError";
    this.source = source;
    this.issues = issues;
  }
}

function formatIssues(source: string, issues: readonly NetworkFileIssue[]): string {
  const count = issues.length === 1 ? "1 problem" : `${issues.length} problems`;
  const lines = issues.map((issue) => {
    const where = issue.line === undefined ? source : `${source}:${issue.line}`;
    return issue.path === ""
      ? `${where}: ${issue.message}`
      : `${where}: ${issue.path}: ${issue.message}`;
  });
  return [`invalid network file ${source} (${count}):`, ...lines].join("\n");
}
