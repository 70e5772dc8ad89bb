/**
 * The bench's output: a Markdown table of every figure next to its target, and the JSON file.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Figure, Target } from "./figures.js";

export function formatValue(value: number, unit: string): string {
  if (!Number.isFinite(value)) return "n/a";
  switch (unit) {
    case "x":
      // Three decimals near the targets (0.797 is not 0.80).
      return `${value.toFixed(value < 10 ? 3 : 1)}x`;
    case "/s":
      return `${Math.round(value).toLocaleString("en-US")}/s`;
    case "MB":
      return `${Math.round(value)} MB`;
    case "s":
      return `${value.toFixed(1)} s`;
    case "us":
      return `${Math.round(value)} us`;
    default:
      return `${value} ${unit}`;
  }
}

function formatTarget(target: Target | undefined, unit: string): string {
  if (target === undefined) return "(reported)";
  return `${target.op} ${formatValue(target.value, unit)}`;
}

function verdict(f: Figure): string {
  if (f.skipped !== undefined) return "skipped";
  if (f.pass === undefined) return "";
  return f.pass ? "yes" : "**NO**";
}

/** A Markdown table: figure | measured | target | met | how / noise. */
export function formatTable(figures: readonly Figure[]): string {
  const rows = figures.map((f) => [
    f.label,
    f.value === undefined ? "-" : formatValue(f.value, f.unit),
    formatTarget(f.target, f.unit),
    verdict(f),
    (f.skipped ?? f.note).replaceAll("|", "/"),
  ]);
  const header = ["figure", "measured", "target", "met", "how measured / noise"];
  const lines = [
    `| ${header.join(" | ")} |`,
    `|${header.map(() => "---").join("|")}|`,
    ...rows.map((r) => `| ${r.join(" | ")} |`),
  ];
  return lines.join("\n");
}

/** Writes `results` to `dir/<date>.json` (a second run the same day adds the time); returns the path. */
export function writeResults(dir: string, startedAt: Date, results: unknown): string {
  mkdirSync(dir, { recursive: true });
  const stamp = startedAt
    .toISOString()
    .replace(/:/g, "")
    .replace(/\.\d+Z$/, "Z");
  const path = join(dir, `${stamp.slice(0, 10)}T${stamp.slice(11)}.json`);
  writeFileSync(path, `${JSON.stringify(results, null, 2)}\n`);
  return path;
}
