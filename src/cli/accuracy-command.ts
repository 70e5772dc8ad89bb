import { writeFileSync } from "node:fs";
import { clockFor } from "../config/clock.js";
import { loadConfig } from "../config/config.js";
import { errorText } from "../domain/domain-error.js";
import { addDays, type Day, formatIsoDay, parseIsoDay, utcDayOf } from "../engine/day.js";
import { compileNetwork } from "../network/compile-network.js";
import { loadNetworkFile } from "../network/load-network-file.js";
import { AccuracyAggregator } from "../outcomes/accuracy.js";
import { renderAccuracyReport } from "../outcomes/render-accuracy-report.js";
import { openStore } from "../store/open-store.js";
import type { CliIo } from "./cli-io.js";
import { parseCommandLine } from "./parse-command-line.js";

const USAGE = "usage: promise accuracy --from YYYY-MM-DD --to YYYY-MM-DD [--report out.html]\n";

/**
 * `promise accuracy --from … --to … [--report accuracy.html]`: promise accuracy of the shipments
 * that shipped in the range, from the store the service uses (same PROMISE_* settings): a summary
 * per service on stdout, and a self-contained HTML report. Default range: the last 90 days.
 */
export async function accuracyCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const line = parseCommandLine(argv, {
    from: { type: "string" },
    to: { type: "string" },
    report: { type: "string" },
  });
  const empty = typeof line === "string" ? undefined : emptyOption(line.values);
  const problem =
    typeof line === "string"
      ? line
      : line.positionals.length > 0
        ? `unexpected argument ${line.positionals[0]}`
        : empty === undefined
          ? undefined
          : `--${empty}: expected a value`;
  if (typeof line === "string" || problem !== undefined) {
    io.stderr.write(`promise accuracy: ${problem}\n${USAGE}`);
    return 2;
  }
  const args = new Map<string, string>(
    Object.entries(line.values).map(([name, value]) => [`--${name}`, String(value)]),
  );
  let store: Awaited<ReturnType<typeof openStore>> | undefined;
  try {
    const config = loadConfig(process.env);
    const today = utcDayOf(clockFor(config)());
    const day = (name: string, fallback: Day): Day => {
      const text = args.get(name);
      if (text === undefined) return fallback;
      const parsed = parseIsoDay(text);
      if (parsed === undefined) throw new Error(`${name}: expected a date YYYY-MM-DD, got ${text}`);
      return parsed;
    };
    const from = day("--from", addDays(today, -90));
    const to = day("--to", today);
    if (to < from) throw new Error("--to must not be before --from");
    const net = compileNetwork(loadNetworkFile(config.networkFile), { todayDay: today });
    store = await openStore({
      sqlitePath: config.sqlitePath,
      ...(config.databaseUrl === undefined ? {} : { databaseUrl: config.databaseUrl }),
      ...(config.databaseSchema === undefined ? {} : { pgSchema: config.databaseSchema }),
    });
    const byServiceWeek = new AccuracyAggregator(net, ["service", "ship_week"]);
    const byService = new AccuracyAggregator(net, ["service"]);
    for await (const page of store.loadImportedOutcomes(from, to)) {
      for (const g of page) {
        byServiceWeek.addImported(g);
        byService.addImported(g);
      }
    }
    for await (const page of store.loadShipmentOutcomes(from, to)) {
      for (const g of page) {
        byServiceWeek.addShipments(g);
        byService.addShipments(g);
      }
    }
    for await (const page of store.loadUntrackedShipments(from, to)) {
      for (const r of page) {
        byServiceWeek.addUntracked(r);
        byService.addUntracked(r);
      }
    }
    const services = byService.report();
    const pct = (r: number) => `${(r * 100).toFixed(1)}%`;
    io.stdout.write(`promise accuracy, shipped ${formatIsoDay(from)} to ${formatIsoDay(to)}\n`);
    for (const g of [...services.groups, services.total]) {
      io.stdout.write(
        `${(g.key.service ?? "all").padEnd(24)} shipped ${g.shipped}, delivered ${g.delivered}, early ${g.early}, on time ${g.onTime}, late ${g.late}, on-time rate ${g.judged === 0 ? "-" : pct(g.onTimeRate)}\n`,
      );
    }
    const report = args.get("--report");
    if (report !== undefined) {
      writeFileSync(
        report,
        renderAccuracyReport({
          from: formatIsoDay(from),
          to: formatIsoDay(to),
          byServiceWeek: byServiceWeek.report(),
          byService: services,
        }),
      );
      io.stdout.write(`report written to ${report}\n`);
    }
    return 0;
  } catch (err) {
    io.stderr.write(`promise accuracy: ${errorText(err)}\n`);
    return 1;
  } finally {
    await store?.close();
  }
}

/** The name of an option given an empty value (`--from=`), if any. */
function emptyOption(values: Readonly<Record<string, unknown>>): string | undefined {
  return Object.entries(values).find(([, value]) => value === "")?.[0];
}
