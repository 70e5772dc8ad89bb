import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const REPO = fileURLToPath(new URL("../..", import.meta.url));

interface SmokeFigure {
  readonly id: string;
  readonly value?: number;
  readonly skipped?: string;
  readonly pass?: boolean;
  readonly note: string;
}

describe("npm run bench -- --smoke --only=confirm,postgres", () => {
  const results = mkdtempSync(join(tmpdir(), "bench-confirm-smoke-"));
  afterAll(() => rmSync(results, { recursive: true, force: true }));

  it("measures the served confirms, the confirm echo, the confirm path and the ceiling they imply in one run", () => {
    const bench = spawnSync(
      process.execPath,
      [
        "--import",
        "tsx",
        "bench/run.ts",
        "--smoke",
        "--only=confirm,postgres",
        `--results-dir=${results}`,
      ],
      { cwd: REPO, encoding: "utf8", timeout: 170_000 },
    );
    expect(bench.status, `${bench.stdout}\n${bench.stderr}`).toBe(0);
    const files = readdirSync(results).filter((f) => f.endsWith(".json"));
    expect(files).toHaveLength(1);
    const json = JSON.parse(readFileSync(join(results, files[0]!), "utf8")) as {
      figures: SmokeFigure[];
      errors: string[];
    };
    expect(json.errors).toEqual([]);
    const byId = new Map(json.figures.map((f) => [f.id, f]));
    const measured = (id: string) => {
      const f = byId.get(id)!;
      expect(f.skipped, id).toBeUndefined();
      expect(f.value, id).toBeGreaterThan(0);
      return f;
    };
    measured("confirmSqlite");
    // Every echo call answered OK, every confirm stored and consistent.
    expect(measured("confirmEcho").pass).not.toBe(false);
    const path = measured("confirmPathSqlite");
    expect(path.note).toContain("checkReservations consistent");
    expect(path.note).toMatch(/\d+ COMMITs \([\d.]+ confirms each\)/);
    expect(path.note).toMatch(
      /Checkout \+ store alone \(no view sync, no events\): \d+ us per confirm/,
    );
    const ceiling = measured("confirmCeilingSqlite");
    expect(ceiling.note).toMatch(/^echo \d+ us \+ path \d+ us = \d+ us per confirm on 1 core/);
    expect(ceiling.note).toContain("served ");

    // PostgreSQL: measured when reachable (CI has it), skipped saying why otherwise.
    if (byId.get("confirmPostgres")!.skipped === undefined) {
      expect(measured("confirmPathPostgres").note).toContain("no oversell");
      expect(measured("confirmCeilingPostgres").note).toContain("on 2 cores");
    } else {
      expect(byId.get("confirmPostgres")!.skipped).toMatch(/^PostgreSQL not reachable/);
    }
  }, 180_000);
});
