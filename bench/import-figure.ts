/**
 * Issue 12: `npx promise import-shipments` of 1,000,000 rows on SQLite (goal under 60 s). A CSV of
 * delivered shipments over the sample network's two bkk-1 lanes (nine postal codes, 150 ship days,
 * transit 1-3 days, a quarter of the deliveries as instants) is written to the scratch directory;
 * the CLI imports it into a fresh SQLite file as a user runs it (a child process, `bin/promise.js`),
 * timed from spawn to exit. Then the same file again: every row must come back as already imported
 * (the import is idempotent), and that run is timed too.
 */
import { spawn } from "node:child_process";
import { createWriteStream } from "node:fs";
import { join } from "node:path";
import { type BenchContext, cleanEnv, REPO_DIR, SAMPLE_NETWORK } from "./bench-context.js";
import { type Figure, figure } from "./figures.js";

const POSTALS = ["10110", "10500", "11000", "12000", "30000", "34000", "40000", "50200", "65000"];
const LANES = [
  ["bkk-1", "thaipost-ems"],
  ["bkk-1", "kerry-express"],
] as const;
const DAY_MS = 86_400_000;

/** Writes `rows` lines of history (and the header) to `path`. */
export async function writeHistoryCsv(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path);
  const first = Date.parse("2026-01-05");
  const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  let text =
    "origin_warehouse,service,destination_country,destination_postal_code,ship_date,delivered,promised_latest\n";
  for (let i = 0; i < rows; i++) {
    const [warehouse, service] = LANES[i % 2]!;
    const ship = first + ((i * 7) % 150) * DAY_MS;
    const transit = 1 + ((i * 31) % 7 === 0 ? 2 : (i * 13) % 3 === 0 ? 1 : 0);
    const delivered = ship + transit * DAY_MS;
    const deliveredText =
      i % 4 === 0
        ? `${iso(delivered)}T${String(9 + (i % 9)).padStart(2, "0")}:${String(i % 60).padStart(2, "0")}:00+07:00`
        : iso(delivered);
    text += `${warehouse},${service},TH,${POSTALS[(i * 17) % 9]},${iso(ship)},${deliveredText},${iso(ship + 4 * DAY_MS)}\n`;
    if (text.length > 1 << 20) {
      if (!out.write(text)) await new Promise<void>((r) => out.once("drain", () => r()));
      text = "";
    }
  }
  await new Promise<void>((resolve, reject) => out.end(text, () => resolve()).on("error", reject));
}

/** Runs `promise import-shipments FILE` against `db`; its summary line and the seconds it took. */
async function importOnce(file: string, db: string): Promise<{ seconds: number; stdout: string }> {
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [join(REPO_DIR, "bin/promise.js"), "import-shipments", file],
    {
      cwd: REPO_DIR,
      env: {
        ...cleanEnv(process.env),
        PROMISE_SQLITE_PATH: db,
        PROMISE_NETWORK_FILE: SAMPLE_NETWORK,
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (c: Buffer) => {
    stdout += c.toString();
  });
  child.stderr.on("data", (c: Buffer) => {
    stderr = (stderr + c.toString()).slice(-2_000);
  });
  const code = await new Promise<number | null>((resolve) => child.once("close", resolve));
  if (code !== 0) throw new Error(`import-shipments exited ${code}: ${stderr}`);
  return { seconds: (performance.now() - started) / 1000, stdout: stdout.trim() };
}

export async function importFigure(ctx: BenchContext): Promise<Figure> {
  const rows = ctx.options.smoke ? 20_000 : 1_000_000;
  const file = join(ctx.scratch, "history.csv");
  await writeHistoryCsv(file, rows);
  const db = join(ctx.scratch, "import.db");
  const first = await importOnce(file, db);
  const expected = `${rows} rows imported, 0 rejected, from ${rows + 1} lines of ${file}`;
  if (first.stdout !== expected) throw new Error(`first import said "${first.stdout}"`);
  const again = await importOnce(file, db);
  const none = `0 rows imported, ${rows} already imported, 0 rejected, from ${rows + 1} lines of ${file}`;
  if (again.stdout !== none) throw new Error(`the re-import said "${again.stdout}"`);
  ctx.log(
    `  import-shipments of ${rows.toLocaleString("en-US")} rows: ${first.seconds.toFixed(1)} s; the same file again (all already imported): ${again.seconds.toFixed(1)} s`,
  );
  return figure(
    "import1m",
    Number(first.seconds.toFixed(1)),
    `\`promise import-shipments\` of ${rows.toLocaleString("en-US")} rows into a fresh SQLite file, a child process from spawn to exit (tsx when there is no build); the same file again imported nothing in ${again.seconds.toFixed(1)} s`,
    { seconds: first.seconds, reimportSeconds: again.seconds },
  );
}
