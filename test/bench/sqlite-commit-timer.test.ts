import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { timeSqliteCommits } from "../../bench/sqlite-commit-timer.js";

describe("timeSqliteCommits", () => {
  const dir = mkdtempSync(join(tmpdir(), "commit-timer-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("counts the COMMITs of db.transaction, not a rolled-back transaction nor a COMMIT run by exec", () => {
    const times = timeSqliteCommits();
    expect(timeSqliteCommits()).toBe(times);
    const db = new Database(join(dir, "t.db"));
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = FULL");
    db.exec("create table t (x integer)");
    const before = { ...times };
    const insert = db.prepare("insert into t values (?)");
    const write = db.transaction((x: number) => {
      insert.run(x);
      if (x < 0) throw new Error("refused");
    });
    write.immediate(1);
    write.immediate(2);
    expect(() => write.immediate(-1)).toThrow("refused");
    write(3); // BEGIN (deferred): its COMMIT counts, its transaction time does not start
    db.exec("BEGIN IMMEDIATE; insert into t values (4); COMMIT");
    expect(times.commits - before.commits).toBe(3);
    expect(times.commitWallUs).toBeGreaterThan(before.commitWallUs);
    expect(times.transactionWallUs).toBeGreaterThan(before.transactionWallUs);
    expect(db.prepare("select count(*) as n from t").get()).toEqual({ n: 4 });
    db.close();
  });
});
