import { existsSync } from "node:fs";
import { clockFor } from "../config/clock.js";
import { loadConfig } from "../config/config.js";
import { errorText } from "../domain/domain-error.js";
import { utcDayOf } from "../engine/day.js";
import { compileNetwork } from "../network/compile-network.js";
import { loadNetworkFile } from "../network/load-network-file.js";
import { importShipmentCsv } from "../outcomes/import-shipment-csv.js";
import { ShipmentHistoryChecker } from "../outcomes/shipment-history-row.js";
import { SqliteImportWriter } from "../outcomes/sqlite-import-writer.js";
import { openStore } from "../store/open-store.js";
import type { CliIo } from "./cli-io.js";

/** Errors printed one by one; past this, only counted. */
const MAX_PRINTED_ERRORS = 1_000;

/**
 * `promise import-shipments FILE.csv`: imports delivered shipments that have no promise of ours
 * into the store the service uses (PROMISE_SQLITE_PATH or DATABASE_URL, and PROMISE_NETWORK_FILE,
 * as the service reads them). Progress and errors (one line each, with the line number) go to
 * stderr; the summary to stdout. Exit 0 when every line imported, 1 when some were rejected or
 * the import failed, 2 for bad usage, 130 when interrupted (committed batches are kept).
 */
export async function importShipmentsCommand(argv: readonly string[], io: CliIo): Promise<number> {
  if (argv.length !== 1 || argv[0]!.startsWith("-")) {
    io.stderr.write("usage: promise import-shipments FILE.csv\n");
    return 2;
  }
  const path = argv[0]!;
  if (!existsSync(path)) {
    io.stderr.write(`promise import-shipments: no such file ${path}\n`);
    return 2;
  }
  let store: Awaited<ReturnType<typeof openStore>> | undefined;
  let writer: SqliteImportWriter | undefined;
  try {
    const config = loadConfig(process.env);
    const nowMs = clockFor(config)();
    const net = compileNetwork(loadNetworkFile(config.networkFile), { todayDay: utcDayOf(nowMs) });
    // The store is opened (and migrated) here first; on SQLite the batches are then written
    // from a thread of their own, while this one reads and checks the next batch.
    store = await openStore({
      sqlitePath: config.sqlitePath,
      ...(config.databaseUrl === undefined ? {} : { databaseUrl: config.databaseUrl }),
      ...(config.databaseSchema === undefined ? {} : { pgSchema: config.databaseSchema }),
    });
    if (config.databaseUrl === undefined) {
      await store.close();
      store = undefined;
      writer = SqliteImportWriter.open(config.sqlitePath);
    }
    const tty = (io.stderr as { isTTY?: boolean }).isTTY === true;
    let printed = 0;
    let lastDraw = 0;
    const summary = await importShipmentCsv(
      path,
      writer ?? store!,
      new ShipmentHistoryChecker(net, nowMs),
      {
        signal: io.signal,
        onError: (e) => {
          if (printed++ < MAX_PRINTED_ERRORS) {
            io.stderr.write(`${tty ? "\r\x1b[K" : ""}${path}:${e.line}: ${e.field}: ${e.reason}\n`);
          }
        },
        onProgress: (p) => {
          const fraction = p.bytesTotal === 0 ? 1 : Math.min(1, p.bytesRead / p.bytesTotal);
          const text = `${Math.floor(fraction * 100)}% ${p.imported.toLocaleString("en-US")} rows imported, ${p.duplicates.toLocaleString("en-US")} already imported, ${p.rejected.toLocaleString("en-US")} rejected`;
          if (!tty) {
            io.stderr.write(`imported ${p.imported} rows (committed)\n`);
            return;
          }
          const now = Date.now();
          if (now - lastDraw < 100 && fraction < 1) return;
          lastDraw = now;
          const width = 28;
          const filled = Math.round(fraction * width);
          io.stderr.write(`\r\x1b[K[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${text}`);
        },
      },
    );
    if (tty) io.stderr.write("\n");
    if (printed > MAX_PRINTED_ERRORS) {
      io.stderr.write(`... and ${printed - MAX_PRINTED_ERRORS} more rejected lines\n`);
    }
    io.stdout.write(
      `${summary.imported} rows imported, ${summary.duplicates === 0 ? "" : `${summary.duplicates} already imported, `}${summary.rejected} rejected, from ${summary.lines} lines of ${path}\n`,
    );
    if (io.signal?.aborted) return 130;
    return summary.rejected > 0 ? 1 : 0;
  } catch (err) {
    // Configuration, network file, store and header problems carry their own plain message.
    io.stderr.write(`promise import-shipments: ${errorText(err)}\n`);
    return 1;
  } finally {
    await store?.close();
    await writer?.close();
  }
}
