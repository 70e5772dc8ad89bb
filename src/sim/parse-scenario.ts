import { dirname, isAbsolute, relative, resolve } from "node:path";
import type { CompiledNetwork, CompiledZone } from "../engine/compiled-network.js";
import { isoDay } from "../engine/day.js";
import { DomainError } from "../engine/domain-error.js";
import { resolveDestination } from "../engine/resolve-destination.js";
import { checkNetworkReferences } from "../network/check-network-references.js";
import { compileNetwork } from "../network/compile-network.js";
import { loadNetworkFile } from "../network/load-network-file.js";
import { NetworkFileError } from "../network/network-file-error.js";
import { type NetworkFile, networkFileSchema } from "../network/network-schema.js";
import { readSourceFile, YamlSource, zodIssues } from "../network/yaml-source.js";
import { ScenarioFileError, type ScenarioFileIssue } from "./scenario-file-error.js";
import { type ScenarioFile, scenarioFileSchema } from "./scenario-schema.js";

const NOT_A_MAPPING = "the scenario must be a YAML mapping (version, start, days, ...)";

/** Days compiled before the first day of ordering (other zones' dates lie up to a day earlier). */
const DAYS_BEFORE_START = 2;

export interface ParseScenarioOptions {
  /**
   * The folder a `network:` path is resolved against (the scenario file's folder for a file).
   * Undefined: a network path is refused (inline scenarios from a remote caller).
   */
  readonly baseDir?: string | undefined;
  /**
   * When set, a network path must resolve inside this folder (a server serving scenarios must
   * not read arbitrary files for its callers).
   */
  readonly confineTo?: string | undefined;
  /** The network used when the scenario names none (the server's own). */
  readonly defaultNetwork?: NetworkFile | undefined;
}

/** A validated scenario with its network merged, compiled for the run and its destinations resolved. */
export interface Scenario {
  readonly source: string;
  readonly file: ScenarioFile;
  /** The network file with the scenario's extra peaks appended. */
  readonly network: NetworkFile;
  /** Compiled from the first day of ordering (minus two days) to 120 days after the last. */
  readonly net: CompiledNetwork;
  /** The zone of each of mix.destinations, in order. */
  readonly destinationZones: readonly CompiledZone[];
  /** The zone whose local hours the demand profile counts. */
  readonly demandTimeZone: string;
  readonly startDay: number;
}

/** Reads and parses a scenario file; a `network:` path is resolved against the file's folder. */
export function loadScenarioFile(
  path: string,
  options: Omit<ParseScenarioOptions, "baseDir"> = {},
): Scenario {
  const text = readSourceFile(path, (issues) => new ScenarioFileError(path, issues));
  return parseScenarioFile(text, path, { ...options, baseDir: dirname(resolve(path)) });
}

/**
 * Parses and validates a scenario's text: YAML, the zod schema, the network (a path or inline,
 * validated like a network file, paths prefixed `network.`), then every reference to the network
 * (warehouses, services, SKUs with stock, destinations that resolve to a zone). Throws
 * ScenarioFileError listing every problem with its path and line.
 */
export function parseScenarioFile(
  text: string,
  source: string,
  options: ParseScenarioOptions = {},
): Scenario {
  const yaml = YamlSource.parse(text, (issues) => new ScenarioFileError(source, issues));
  const data = yaml.data;
  const issue = (path: readonly (string | number)[], message: string): ScenarioFileIssue =>
    yaml.issue(path, message);

  const parsed = scenarioFileSchema.safeParse(data);
  if (!parsed.success) {
    const issues = parsed.error.issues.flatMap((i) => zodIssues(i, [], NOT_A_MAPPING));
    throw new ScenarioFileError(
      source,
      issues.map((i) => issue(i.path as (string | number)[], i.message)),
    );
  }
  const file = parsed.data;

  const baseNetwork = resolveNetwork(file, options, source, issue);
  const network: NetworkFile = {
    ...baseNetwork,
    peaks: [...baseNetwork.peaks, ...file.extra_peaks],
  };
  const issues: ScenarioFileIssue[] = [];
  for (const raw of checkNetworkReferences(network)) {
    // Only the extra peaks can be new problems here: the network itself was checked already.
    if (raw.path[0] !== "peaks" || typeof raw.path[1] !== "number") continue;
    const k = raw.path[1] - baseNetwork.peaks.length;
    if (k < 0) continue;
    issues.push(issue(["extra_peaks", k, ...raw.path.slice(2)], raw.message));
  }
  checkReferences(file, network, issues, issue);
  if (issues.length > 0) throw new ScenarioFileError(source, issues);

  const startDay = isoDay(file.start);
  const net = compileNetwork(
    {
      ...network,
      horizon: { days_before: DAYS_BEFORE_START, days_after: file.days + DAYS_BEFORE_START },
    },
    { todayDay: startDay },
  );
  const destinationZones: CompiledZone[] = [];
  file.mix.destinations.forEach((dest, i) => {
    try {
      destinationZones.push(
        resolveDestination(net, {
          countryCode: dest.country,
          postalCode: dest.postal_code,
          province: dest.province,
        }),
      );
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const field = error.field?.replace(/^destination\./, "") ?? "postal_code";
      const key = field === "country_code" ? "country" : field;
      issues.push(issue(["mix", "destinations", i, key], error.message.replace(/^[^:]*: /, "")));
    }
  });
  if (issues.length > 0) throw new ScenarioFileError(source, issues);

  const demandTimeZone = file.demand.time_zone ?? net.warehouses[0]!.timeZone;
  return { source, file, network, net, destinationZones, demandTimeZone, startDay };
}

type IssueAt = (path: readonly (string | number)[], message: string) => ScenarioFileIssue;

function resolveNetwork(
  file: ScenarioFile,
  options: ParseScenarioOptions,
  source: string,
  issue: IssueAt,
): NetworkFile {
  const spec = file.network;
  if (spec === undefined) {
    if (options.defaultNetwork !== undefined) return options.defaultNetwork;
    throw new ScenarioFileError(source, [
      issue(["network"], "required (a path to a network file, or the network inline)"),
    ]);
  }
  if (typeof spec === "string") {
    if (options.baseDir === undefined) {
      throw new ScenarioFileError(source, [
        issue(["network"], "a network path is not accepted here: give the network inline"),
      ]);
    }
    const path = resolve(options.baseDir, spec);
    if (options.confineTo !== undefined) {
      const rel = relative(resolve(options.confineTo), path);
      if (rel.startsWith("..") || isAbsolute(rel)) {
        throw new ScenarioFileError(source, [
          issue(["network"], "the network path must stay inside the allowed folder"),
        ]);
      }
    }
    try {
      return loadNetworkFile(path);
    } catch (error) {
      if (!(error instanceof NetworkFileError)) throw error;
      throw new ScenarioFileError(
        source,
        error.issues.map((i) => {
          const where = i.line === undefined ? spec : `${spec}:${i.line}`;
          return issue(
            ["network"],
            i.path === "" ? `${where}: ${i.message}` : `${where}: ${i.path}: ${i.message}`,
          );
        }),
      );
    }
  }
  const parsed = networkFileSchema.safeParse(spec);
  if (!parsed.success) {
    throw new ScenarioFileError(
      source,
      parsed.error.issues
        .flatMap((i) => zodIssues(i, ["network"], NOT_A_MAPPING))
        .map((i) => issue(i.path as (string | number)[], i.message)),
    );
  }
  const problems = checkNetworkReferences(parsed.data);
  if (problems.length > 0) {
    throw new ScenarioFileError(
      source,
      problems.map((p) => issue(["network", ...p.path], p.message)),
    );
  }
  return parsed.data;
}

function checkReferences(
  file: ScenarioFile,
  network: NetworkFile,
  issues: ScenarioFileIssue[],
  issue: IssueAt,
): void {
  const warehouses = new Set(network.warehouses.map((w) => w.id));
  const services = new Set(network.services.map((s) => s.id));
  const checkWarehouse = (path: (string | number)[], id: string) => {
    if (!warehouses.has(id)) issues.push(issue(path, `unknown warehouse "${id}"`));
  };
  const checkService = (path: (string | number)[], id: string) => {
    if (!services.has(id)) issues.push(issue(path, `unknown service "${id}"`));
  };
  file.capacity_changes.forEach((c, i) => {
    checkWarehouse(["capacity_changes", i, "warehouse"], c.warehouse);
  });
  for (const id of Object.keys(file.actual.throughput)) {
    checkWarehouse(["actual", "throughput", id], id);
  }
  for (const id of Object.keys(file.actual.transit.services)) {
    checkService(["actual", "transit", "services", id], id);
  }
  file.actual.slowdowns.forEach((s, i) => {
    s.services?.forEach((id, k) => {
      checkService(["actual", "slowdowns", i, "services", k], id);
    });
  });
  const buffer = file.policy.buffer_days;
  if (typeof buffer !== "number") {
    for (const id of Object.keys(buffer.services)) {
      checkService(["policy", "buffer_days", "services", id], id);
    }
  }
  file.costs.extra_capacity.forEach((c, i) => {
    checkWarehouse(["costs", "extra_capacity", i, "warehouse"], c.warehouse);
  });
  file.costs.pickup_limit_increases.forEach((c, i) => {
    checkService(["costs", "pickup_limit_increases", i, "service"], c.service);
  });
  const minCapacity = file.questions.min_capacity;
  if (Array.isArray(minCapacity)) {
    minCapacity.forEach((id, k) => {
      checkWarehouse(["questions", "min_capacity", k], id);
    });
  }
  const seen = new Set<string>();
  file.stock.rows.forEach((row, i) => {
    checkWarehouse(["stock", "rows", i, "warehouse"], row.warehouse);
    const key = `${row.sku}\u0000${row.warehouse}`;
    if (seen.has(key)) {
      issues.push(issue(["stock", "rows", i], `repeats ${row.sku} at ${row.warehouse}`));
    }
    seen.add(key);
  });
  file.stock.inbound.forEach((lot, i) => {
    checkWarehouse(["stock", "inbound", i, "warehouse"], lot.warehouse);
  });
  if (!file.stock.unlimited) {
    const stocked = new Set(file.stock.rows.map((r) => r.sku));
    for (const lot of file.stock.inbound) stocked.add(lot.sku);
    if (file.stock.from_network) for (const row of network.stock) stocked.add(row.sku);
    file.mix.skus.forEach((s, i) => {
      if (!stocked.has(s.sku)) {
        issues.push(
          issue(
            ["mix", "skus", i, "sku"],
            `no stock row for ${s.sku} in the network or the scenario (set stock.unlimited to ignore stock)`,
          ),
        );
      }
    });
  }
  const window = file.questions.window;
  if (window !== undefined) {
    const first = isoDay(file.start);
    const last = first + file.days - 1;
    if (isoDay(window.from) < first || isoDay(window.to) > last) {
      issues.push(issue(["questions", "window"], "must lie inside the simulated days"));
    }
  }
}
