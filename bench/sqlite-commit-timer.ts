/**
 * Time spent in SQLite's COMMIT (and in whole write transactions) on this thread, measured from
 * outside the store: better-sqlite3's `db.transaction` runs its BEGIN IMMEDIATE and COMMIT as
 * statements it prepares once per connection; this wraps the `run` of exactly those statements
 * (no other statement is touched, so the store's own code runs unchanged). With
 * `synchronous=FULL`, COMMIT is where the WAL is written and fsynced, on the calling thread.
 *
 * Call `timeSqliteCommits()` before the store opens its connection (bench processes only).
 */
import { createRequire } from "node:module";
import Database from "better-sqlite3";

export interface SqliteCommitTimes {
  /** COMMITs run (by `db.transaction` on this thread). */
  commits: number;
  /** Wall and CPU (user + system of the process) microseconds inside them. */
  commitWallUs: number;
  commitCpuUs: number;
  /** Wall microseconds from BEGIN IMMEDIATE to the end of its COMMIT (or ROLLBACK). */
  transactionWallUs: number;
}

interface NativeStatement {
  run(...args: unknown[]): unknown;
}
interface NativeDatabase {
  prepare(source: string, ...rest: unknown[]): NativeStatement;
}

const require = createRequire(import.meta.url);
let installed: SqliteCommitTimes | undefined;

/** Installs the timer once per thread and returns its (live) counters. */
export function timeSqliteCommits(): SqliteCommitTimes {
  if (installed !== undefined) return installed;
  const times: SqliteCommitTimes = {
    commits: 0,
    commitWallUs: 0,
    commitCpuUs: 0,
    transactionWallUs: 0,
  };
  const { cppdb } = require("better-sqlite3/lib/util") as { cppdb: symbol };
  const probe = new Database(":memory:");
  const proto = Object.getPrototypeOf(
    (probe as unknown as Record<symbol, NativeDatabase>)[cppdb],
  ) as NativeDatabase;
  probe.close();
  const prepare = proto.prepare;
  let begunAt: number | undefined;
  proto.prepare = function (this: NativeDatabase, source: string, ...rest: unknown[]) {
    const statement = prepare.call(this, source, ...rest);
    const run = statement.run;
    if (source === "BEGIN IMMEDIATE") {
      statement.run = function (this: NativeStatement, ...args: unknown[]) {
        begunAt = performance.now();
        return run.apply(this, args);
      };
    } else if (source === "COMMIT" || source === "ROLLBACK") {
      const commit = source === "COMMIT";
      statement.run = function (this: NativeStatement, ...args: unknown[]) {
        const cpu0 = commit ? process.cpuUsage() : undefined;
        const t0 = performance.now();
        try {
          return run.apply(this, args);
        } finally {
          const t1 = performance.now();
          if (cpu0 !== undefined) {
            const cpu = process.cpuUsage(cpu0);
            times.commits++;
            times.commitWallUs += (t1 - t0) * 1000;
            times.commitCpuUs += cpu.user + cpu.system;
          }
          if (begunAt !== undefined) times.transactionWallUs += (t1 - begunAt) * 1000;
          begunAt = undefined;
        }
      };
    }
    return statement;
  };
  installed = times;
  return times;
}
