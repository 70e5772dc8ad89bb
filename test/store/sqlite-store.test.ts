import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { openStore } from "../../src/store/open-store.js";
import { describeStoreContract } from "./store-contract.js";

const root = mkdtempSync(join(tmpdir(), "promise-store-"));
let files = 0;

afterAll(() => rmSync(root, { recursive: true, force: true }));

describeStoreContract({
  engine: "sqlite",
  async createDatabase() {
    const path = join(root, `db-${++files}`, "promise.db");
    return {
      open: (options) => openStore({ sqlitePath: path, ...options }),
      drop: async () => rmSync(join(path, ".."), { recursive: true, force: true }),
    };
  },
});

describe("the sqlite store file", () => {
  it("creates missing directories and uses WAL mode", async () => {
    const path = join(root, "nested", "deeper", "promise.db");
    const store = await openStore({ sqlitePath: path });
    await store.upsertStock([
      { sku: "A", warehouseId: "W", onHand: 1, safetyStock: 0, inbound: [], version: 1 },
    ]);
    await store.close();
    expect(existsSync(path)).toBe(true);
    const db = new Database(path, { readonly: true });
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    db.close();
  });

  it("applies migrations once: reopening keeps the data", async () => {
    const path = join(root, "reopen", "promise.db");
    const first = await openStore({ sqlitePath: path });
    await first.upsertStock([
      { sku: "A", warehouseId: "W", onHand: 4, safetyStock: 0, inbound: [], version: 1 },
    ]);
    await first.close();
    const second = await openStore({ sqlitePath: path });
    const { batches } = await second.loadStock();
    const rows = [];
    for await (const b of batches) rows.push(...b);
    expect(rows.map((r) => r.onHand)).toEqual([4]);
    await second.close();
  });

  it("confirms exactly 100 of 400 promises made by two processes on one file", async () => {
    const path = join(root, "two-processes", "promise.db");
    const setup = await openStore({ sqlitePath: path });
    await setup.upsertStock([
      { sku: "HOT", warehouseId: "WH", onHand: 100, safetyStock: 0, inbound: [], version: 1 },
    ]);
    const worker = fileURLToPath(new URL("./fixtures/confirm-worker.ts", import.meta.url));
    const run = (name: string) =>
      new Promise<{ confirmed: number; rejected: number }>((resolve, reject) => {
        const child = spawn(process.execPath, ["--import", "tsx", worker, path, name, "200"], {
          stdio: ["ignore", "pipe", "inherit"],
        });
        let out = "";
        child.stdout.on("data", (chunk: Buffer) => {
          out += chunk.toString();
        });
        child.on("error", reject);
        child.on("exit", (code) =>
          code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`worker exited ${code}`)),
        );
      });
    const results = await Promise.all([run("a"), run("b")]);
    expect(results.reduce((n, r) => n + r.confirmed, 0)).toBe(100);
    expect(results.reduce((n, r) => n + r.rejected, 0)).toBe(300);
    const report = await setup.checkReservations();
    expect(report).toMatchObject({ confirmed: 100, stockMismatches: [], overReserved: 0 });
    await setup.close();
  });
});
