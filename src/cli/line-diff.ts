/**
 * A unified diff of two texts by lines (longest common subsequence), with `context` unchanged
 * lines around each change: the dry run of `promise apply`. Empty when the texts are equal.
 */
export function lineDiff(before: string, after: string, label: string, context = 2): string {
  const a = before.split("\n");
  const b = after.split("\n");
  const n = a.length;
  const m = b.length;
  // lcs[i][j] = length of the LCS of a[i..] and b[j..], in one flat array.
  const lcs = new Uint32Array((n + 1) * (m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * (m + 1) + j] =
        a[i] === b[j]
          ? lcs[(i + 1) * (m + 1) + j + 1]! + 1
          : Math.max(lcs[(i + 1) * (m + 1) + j]!, lcs[i * (m + 1) + j + 1]!);
    }
  }
  type Op = { kind: " " | "-" | "+"; text: string; aLine: number; bLine: number };
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      ops.push({ kind: " ", text: a[i]!, aLine: i++, bLine: j++ });
    } else if (i < n && (j === m || lcs[(i + 1) * (m + 1) + j]! >= lcs[i * (m + 1) + j + 1]!)) {
      ops.push({ kind: "-", text: a[i]!, aLine: i++, bLine: j });
    } else {
      ops.push({ kind: "+", text: b[j]!, aLine: i, bLine: j++ });
    }
  }
  const changed = ops.map((op, k) => (op.kind !== " " ? k : -1)).filter((k) => k >= 0);
  if (changed.length === 0) return "";
  const out = [`--- ${label}`, `+++ ${label} (after apply)`];
  let k = 0;
  while (k < changed.length) {
    const start = Math.max(0, changed[k]! - context);
    let end = Math.min(ops.length - 1, changed[k]! + context);
    while (k + 1 < changed.length && changed[k + 1]! - context <= end + 1) {
      k++;
      end = Math.min(ops.length - 1, changed[k]! + context);
    }
    k++;
    const hunk = ops.slice(start, end + 1);
    const aCount = hunk.filter((op) => op.kind !== "+").length;
    const bCount = hunk.filter((op) => op.kind !== "-").length;
    out.push(`@@ -${hunk[0]!.aLine + 1},${aCount} +${hunk[0]!.bLine + 1},${bCount} @@`);
    for (const op of hunk) out.push(`${op.kind}${op.text}`);
  }
  return `${out.join("\n")}\n`;
}
