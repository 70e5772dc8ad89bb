const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Formats a path of keys and indexes as people write it: `services[2].lanes[0].to[1]`; keys that
 * are not identifiers (dates, ids with '-') are quoted: `cutoff.dates["2026-13-01"]`.
 */
export function formatIssuePath(segments: readonly PropertyKey[]): string {
  let out = "";
  for (const segment of segments) {
    if (typeof segment === "number") out += `[${segment}]`;
    else {
      const key = String(segment);
      if (IDENTIFIER.test(key)) out += out === "" ? key : `.${key}`;
      else out += `[${JSON.stringify(key)}]`;
    }
  }
  return out;
}
