import { readFileSync } from "node:fs";
import { type Document, LineCounter, parseDocument } from "yaml";
import type { core } from "zod";
import { formatIssuePath } from "./format-issue-path.js";
import { locateYamlPath } from "./locate-yaml-path.js";

/** One problem in a YAML file: where (a path such as `warehouses[0].cutoff.default`) and why. */
export interface FileIssue {
  readonly path: string;
  readonly message: string;
  /** 1-based line in the source text, when known. */
  readonly line?: number | undefined;
}

/** A problem before it is placed in the file: the path as keys. */
export interface PathIssue {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

/** `invalid <what> <source> (N problems):` then one `<source>:<line>: <path>: <message>` line each. */
export function formatFileIssues(
  what: string,
  source: string,
  issues: readonly FileIssue[],
): string {
  const count = issues.length === 1 ? "1 problem" : `${issues.length} problems`;
  const lines = issues.map((issue) => {
    const where = issue.line === undefined ? source : `${source}:${issue.line}`;
    return issue.path === ""
      ? `${where}: ${issue.message}`
      : `${where}: ${issue.path}: ${issue.message}`;
  });
  return [`invalid ${what} ${source} (${count}):`, ...lines].join("\n");
}

/** Reads a file's text; a missing or unreadable file becomes `fail`'s error. */
export function readSourceFile(path: string, fail: (issues: FileIssue[]) => Error): string {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const message =
      code === "ENOENT" ? "file not found" : `cannot read the file: ${(error as Error).message}`;
    throw fail([{ path: "", message }]);
  }
}

/** A parsed YAML text that can place a path on its line. */
export class YamlSource {
  private constructor(
    private readonly doc: Document,
    private readonly lineCounter: LineCounter,
    /** The document as plain data. */
    readonly data: unknown,
  ) {}

  /**
   * Parses YAML (anchors, aliases and `<<` merge keys allowed; duplicate keys are errors). Syntax
   * errors become `fail`'s error, with their lines.
   */
  static parse(text: string, fail: (issues: FileIssue[]) => Error): YamlSource {
    const lineCounter = new LineCounter();
    const doc = parseDocument(text, {
      lineCounter,
      merge: true,
      uniqueKeys: true,
      prettyErrors: false,
    });
    if (doc.errors.length > 0) {
      throw fail(
        doc.errors.map((error) => {
          const { line, col } = lineCounter.linePos(error.pos[0]);
          return {
            path: "",
            message: `YAML syntax error at column ${col}: ${error.message}`,
            line,
          };
        }),
      );
    }
    try {
      return new YamlSource(doc, lineCounter, doc.toJS());
    } catch (error) {
      throw fail([{ path: "", message: (error as Error).message }]);
    }
  }

  /** The issue at a path, with the line of the deepest part of the path that exists. */
  issue(path: readonly PropertyKey[], message: string): FileIssue {
    const keys = path as readonly (string | number)[];
    return {
      path: formatIssuePath(keys),
      message,
      line: locateYamlPath(this.doc, this.lineCounter, keys),
    };
  }
}

/**
 * Rewords zod's generic messages for people editing a YAML file: unknown keys one by one,
 * "required" for missing fields, and for a failed union the branch that got furthest. `prefix` is
 * put before every path; `rootMessage` replaces the complaint that the document is not a mapping.
 */
export function zodIssues(
  issue: core.$ZodIssue,
  prefix: readonly PropertyKey[],
  rootMessage: string,
): PathIssue[] {
  const path = [...prefix, ...issue.path];
  if (issue.code === "unrecognized_keys") {
    return issue.keys.map((key) => ({ path: [...path, key], message: "unknown field" }));
  }
  if (issue.code === "invalid_key") {
    const inner = issue.issues[0]?.message ?? issue.message;
    return [{ path, message: `bad key: ${inner}` }];
  }
  if (issue.code === "invalid_type" && issue.message.endsWith("received undefined")) {
    return [{ path, message: `required (expected ${issue.expected})` }];
  }
  if (path.length === 0 && issue.code === "invalid_type") return [{ path, message: rootMessage }];
  if (issue.code === "invalid_union" && issue.errors.length > 0) {
    let best: core.$ZodIssue[] = issue.errors[0]!;
    for (const branch of issue.errors) {
      const depth = Math.max(...branch.map((i) => i.path.length));
      if (depth > Math.max(...best.map((i) => i.path.length))) best = branch;
    }
    if (best.some((i) => i.path.length > 0)) {
      return best.flatMap((i) => zodIssues(i, path, rootMessage));
    }
  }
  return [{ path, message: issue.message }];
}
