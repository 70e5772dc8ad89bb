import { LineCounter, parseDocument } from "yaml";
import type { core } from "zod";
import { checkNetworkReferences } from "./check-network-references.js";
import { formatIssuePath } from "./format-issue-path.js";
import { locateYamlPath } from "./locate-yaml-path.js";
import { NetworkFileError, type NetworkFileIssue } from "./network-file-error.js";
import { type NetworkFile, networkFileSchema } from "./network-schema.js";

/**
 * Parses and validates a network file's text: YAML (anchors, aliases and `<<` merge keys
 * allowed), then the zod schema, then the cross-reference checks. Throws NetworkFileError listing
 * every problem with its path and line; `source` names the file in messages.
 */
export function parseNetworkFile(text: string, source: string): NetworkFile {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, {
    lineCounter,
    merge: true,
    uniqueKeys: true,
    prettyErrors: false,
  });
  if (doc.errors.length > 0) {
    throw new NetworkFileError(
      source,
      doc.errors.map((error) => {
        const { line, col } = lineCounter.linePos(error.pos[0]);
        return { path: "", message: `YAML syntax error at column ${col}: ${error.message}`, line };
      }),
    );
  }
  let data: unknown;
  try {
    data = doc.toJS();
  } catch (error) {
    throw new NetworkFileError(source, [{ path: "", message: (error as Error).message }]);
  }

  const parsed = networkFileSchema.safeParse(data);
  if (!parsed.success) {
    const issues = parsed.error.issues.flatMap((issue) => zodIssues(issue));
    throw new NetworkFileError(
      source,
      issues.map((issue) => ({
        path: formatIssuePath(issue.path),
        message: issue.message,
        line: locateYamlPath(doc, lineCounter, issue.path),
      })),
    );
  }

  const problems = checkNetworkReferences(parsed.data);
  if (problems.length > 0) {
    const issues: NetworkFileIssue[] = problems.map((issue) => ({
      path: formatIssuePath(issue.path),
      message: issue.message,
      line: locateYamlPath(doc, lineCounter, issue.path),
    }));
    throw new NetworkFileError(source, issues);
  }
  return parsed.data;
}

interface PathIssue {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

/** Rewords zod's generic messages for people editing a YAML file. */
function zodIssues(issue: core.$ZodIssue): PathIssue[] {
  if (issue.code === "unrecognized_keys") {
    return issue.keys.map((key) => ({ path: [...issue.path, key], message: "unknown field" }));
  }
  if (issue.code === "invalid_key") {
    const inner = issue.issues[0]?.message ?? issue.message;
    return [{ path: issue.path, message: `bad key: ${inner}` }];
  }
  if (issue.code === "invalid_type" && issue.message.endsWith("received undefined")) {
    return [{ path: issue.path, message: `required (expected ${issue.expected})` }];
  }
  if (issue.path.length === 0 && issue.code === "invalid_type") {
    return [{ path: [], message: "the file must be a YAML mapping (version, warehouses, ...)" }];
  }
  return [{ path: issue.path, message: issue.message }];
}
