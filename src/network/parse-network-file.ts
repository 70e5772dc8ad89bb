import { checkNetworkReferences } from "./check-network-references.js";
import { NetworkFileError } from "./network-file-error.js";
import { type NetworkFile, networkFileSchema } from "./network-schema.js";
import { YamlSource, zodIssues } from "./yaml-source.js";

const NOT_A_MAPPING = "the file must be a YAML mapping (version, warehouses, ...)";

/**
 * Parses and validates a network file's text: YAML (anchors, aliases and `<<` merge keys
 * allowed), then the zod schema, then the cross-reference checks. Throws NetworkFileError listing
 * every problem with its path and line; `source` names the file in messages.
 */
export function parseNetworkFile(text: string, source: string): NetworkFile {
  const fail = (issues: NetworkFileError["issues"]) => new NetworkFileError(source, issues);
  const yaml = YamlSource.parse(text, fail);
  const parsed = networkFileSchema.safeParse(yaml.data);
  if (!parsed.success) {
    throw fail(
      parsed.error.issues
        .flatMap((issue) => zodIssues(issue, [], NOT_A_MAPPING))
        .map((issue) => yaml.issue(issue.path, issue.message)),
    );
  }
  const problems = checkNetworkReferences(parsed.data);
  if (problems.length > 0) throw fail(problems.map((p) => yaml.issue(p.path, p.message)));
  return parsed.data;
}
