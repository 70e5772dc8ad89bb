import { type Document, isNode, type LineCounter } from "yaml";

/**
 * The 1-based line of the YAML node at `segments` (or of its nearest existing ancestor, for a
 * missing field), or undefined when the document has no position for it.
 */
export function locateYamlPath(
  doc: Document,
  lineCounter: LineCounter,
  segments: readonly PropertyKey[],
): number | undefined {
  for (let depth = segments.length; depth >= 0; depth--) {
    const path = segments.slice(0, depth).map((s) => (typeof s === "symbol" ? String(s) : s));
    const node = depth === 0 ? doc.contents : doc.getIn(path, true);
    if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
  }
  return undefined;
}
