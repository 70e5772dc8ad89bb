import { readFileSync } from "node:fs";
import { dirname, isAbsolute, relative, resolve } from "node:path";
import { DomainError } from "../domain/domain-error.js";
import type { CompiledNetwork, CompiledZone } from "../engine/compiled-network.js";
import { addDays, type Day, isoDay, parseIsoDay } from "../engine/day.js";
import { resolveDestination } from "../engine/resolve-destination.js";
import { checkNetworkReferences } from "../network/check-network-references.js";
import { compileNetwork } from "../network/compile-network.js";
import { loadNetworkFile } from "../network/load-network-file.js";
import { NetworkFileError } from "../network/network-file-error.js";
import { type NetworkFile, networkFileSchema } from "../network/network-schema.js";
import { readSourceFile, YamlSource, zodIssues } from "../network/yaml-source.js";
import { demandAndMixFromOrders, HistoryError, transitFromShipments } from "./history-import.js";
import { ScenarioFileError, type ScenarioFileIssue } from "./scenario-file-error.js";
import { historySchema, type ScenarioFile, scenarioFileSchema } from "./scenario-schema.js";
import type { StoreHistory, StoreHistoryNeeds } from "./store-history.js";

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
  /**
   * The store's history the scenario asked for (`history.orders_from_store`,
   * `transit_from_store`), read beforehand with readStoreHistory; without it those are refused.
   */
  readonly storeHistory?: StoreHistory | undefined;
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
  readonly startDay: Day;
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

  const withStore = withStoreHistory(data, source, options, issue);
  const withHistory = ordersFromHistory(withStore, source, options, issue);
  const parsed = scenarioFileSchema.safeParse(withHistory);
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
      issues.push(issue(["mix", "destinations", i, key], error.message));
    }
  });
  if (issues.length > 0) throw new ScenarioFileError(source, issues);

  const demandTimeZone = file.demand.time_zone ?? net.warehouses[0]!.timeZone;
  const withTransit = transitFromHistory(file, network, options, source, issue);
  return { source, file: withTransit, network, net, destinationZones, demandTimeZone, startDay };
}

type IssueAt = (path: readonly (string | number)[], message: string) => ScenarioFileIssue;

/**
 * What a scenario's `history` asks of the store (undefined: nothing), read from its text before
 * it is parsed, so the caller can read the store first (see readStoreHistory). A scenario whose
 * history section is invalid asks nothing here: parsing then reports it.
 */
export function storeHistoryNeeds(
  text: string,
  source: string,
  options: ParseScenarioOptions = {},
): StoreHistoryNeeds | undefined {
  const yaml = YamlSource.parse(text, (issues) => new ScenarioFileError(source, issues));
  const raw = yaml.data as Record<string, unknown> | null;
  if (raw === null || typeof raw !== "object" || !("history" in raw)) return undefined;
  const history = historySchema.safeParse(raw.history);
  if (!history.success) return undefined;
  const h = history.data;
  if (!h.orders_from_store && !h.transit_from_store) return undefined;
  const start = typeof raw.start === "string" ? parseIsoDay(raw.start) : undefined;
  const days = typeof raw.days === "number" && Number.isInteger(raw.days) ? raw.days : undefined;
  if (start === undefined || days === undefined || days < 1 || days > 400) return undefined;
  const network = resolveNetwork(
    { network: raw.network } as ScenarioFile,
    options,
    source,
    (path, message) => yaml.issue(path, message),
  );
  const demand = raw.demand as { time_zone?: unknown } | undefined;
  const timeZone =
    h.time_zone ??
    (typeof demand?.time_zone === "string" ? demand.time_zone : undefined) ??
    network.warehouses[0]?.time_zone ??
    "UTC";
  const fromDay = h.from === undefined ? start : isoDay(h.from);
  return {
    ordersFromStore: h.orders_from_store,
    transitFromStore: h.transit_from_store,
    fromDay,
    startDay: start,
    days,
    growth: h.growth,
    timeZone,
    network,
    outcomesFrom: h.outcomes === undefined ? fromDay : isoDay(h.outcomes.from),
    outcomesTo: h.outcomes === undefined ? addDays(fromDay, days + 29) : isoDay(h.outcomes.to),
  };
}

/**
 * `history.orders_from_store` and `transit_from_store`: the store's demand and mix fill the
 * sections the scenario leaves out, and its learned lanes come after the written ones (the
 * first entry for a lane wins, so written ones do), before the schema validates everything.
 */
function withStoreHistory(
  data: unknown,
  source: string,
  options: ParseScenarioOptions,
  issue: IssueAt,
): unknown {
  if (data === null || typeof data !== "object" || !("history" in data)) return data;
  const raw = data as Record<string, unknown>;
  const history = historySchema.safeParse(raw.history);
  if (!history.success) return data;
  const h = history.data;
  const fail = (key: string, message: string): never => {
    throw new ScenarioFileError(source, [issue(["history", key], message)]);
  };
  if (h.orders_from_store && h.orders_csv !== undefined) {
    fail("orders_from_store", "give either orders_csv or orders_from_store, not both");
  }
  const store = options.storeHistory;
  let out = raw;
  if (h.orders_from_store) {
    if (store?.demand === undefined || store.mix === undefined) {
      fail(
        "orders_from_store",
        "the store's history was not read (run `promise simulate` with the service's PROMISE_* store settings)",
      );
    }
    out = { ...out, demand: raw.demand ?? store!.demand, mix: raw.mix ?? store!.mix };
  }
  if (h.transit_from_store) {
    if (store?.lanes === undefined) {
      fail(
        "transit_from_store",
        "the store's delivery outcomes were not read (run `promise simulate` with the service's PROMISE_* store settings)",
      );
    }
    const actual = (raw.actual ?? {}) as Record<string, unknown>;
    const transit = (actual.transit ?? {}) as Record<string, unknown>;
    const written = Array.isArray(transit.lanes) ? transit.lanes : [];
    out = {
      ...out,
      actual: { ...actual, transit: { ...transit, lanes: [...written, ...store!.lanes!] } },
    };
  }
  return out;
}

/** A history file's text, read like a network path (relative to the scenario, confined). */
function readHistoryFile(
  spec: string,
  key: string,
  options: ParseScenarioOptions,
  source: string,
  issue: IssueAt,
): { path: string; text: string } {
  const fail = (message: string): never => {
    throw new ScenarioFileError(source, [issue(["history", key], message)]);
  };
  if (options.baseDir === undefined) fail("a file path is not accepted here");
  const path = resolve(options.baseDir!, spec);
  if (options.confineTo !== undefined) {
    const rel = relative(resolve(options.confineTo), path);
    if (rel.startsWith("..") || isAbsolute(rel))
      fail("the path must stay inside the allowed folder");
  }
  try {
    return { path, text: readFileSync(path, "utf8") };
  } catch (error) {
    return fail(
      `${spec}: ${(error as NodeJS.ErrnoException).code === "ENOENT" ? "file not found" : (error as Error).message}`,
    );
  }
}

/**
 * `history.orders_csv`: fills the raw scenario's `demand` and `mix` (where the file leaves them
 * out) from past orders, before the schema validates everything.
 */
function ordersFromHistory(
  data: unknown,
  source: string,
  options: ParseScenarioOptions,
  issue: IssueAt,
): unknown {
  if (data === null || typeof data !== "object" || !("history" in data)) return data;
  const raw = data as Record<string, unknown>;
  const history = historySchema.safeParse(raw.history);
  if (!history.success || history.data.orders_csv === undefined) return data;
  const start = typeof raw.start === "string" ? parseIsoDay(raw.start) : undefined;
  const days = typeof raw.days === "number" && Number.isInteger(raw.days) ? raw.days : undefined;
  if (start === undefined || days === undefined || days < 1 || days > 400) return data;
  const spec = history.data.orders_csv;
  const { path, text } = readHistoryFile(spec, "orders_csv", options, source, issue);
  let zone = history.data.time_zone;
  if (zone === undefined) {
    const demand = raw.demand as { time_zone?: unknown } | undefined;
    if (typeof demand?.time_zone === "string") zone = demand.time_zone;
  }
  if (zone === undefined) {
    try {
      const network = resolveNetwork(
        { network: raw.network } as ScenarioFile,
        options,
        source,
        issue,
      );
      zone = network.warehouses[0]?.time_zone ?? "UTC";
    } catch {
      zone = "UTC";
    }
  }
  try {
    const { demand, mix } = demandAndMixFromOrders(text, {
      source: relative(options.baseDir ?? ".", path) || spec,
      fromDay: history.data.from === undefined ? start : isoDay(history.data.from),
      startDay: start,
      days,
      growth: history.data.growth,
      timeZone: zone,
    });
    return { ...raw, demand: raw.demand ?? demand, mix: raw.mix ?? mix };
  } catch (error) {
    if (error instanceof HistoryError) {
      throw new ScenarioFileError(source, [issue(["history", "orders_csv"], error.message)]);
    }
    throw error;
  }
}

/** `history.shipments_csv`: the actual transit of the services the scenario leaves out. */
function transitFromHistory(
  file: ScenarioFile,
  network: NetworkFile,
  options: ParseScenarioOptions,
  source: string,
  issue: IssueAt,
): ScenarioFile {
  const spec = file.history?.shipments_csv;
  if (spec === undefined) return file;
  const { path, text } = readHistoryFile(spec, "shipments_csv", options, source, issue);
  try {
    const fromCsv = transitFromShipments(
      text,
      relative(options.baseDir ?? ".", path) || spec,
      (firstDay, lastDay) =>
        compileNetwork(
          {
            ...network,
            horizon: { days_before: 2, days_after: Math.max(30, lastDay - firstDay + 40) },
          },
          { todayDay: firstDay },
        ),
    );
    return {
      ...file,
      actual: {
        ...file.actual,
        transit: {
          ...file.actual.transit,
          services: { ...fromCsv, ...file.actual.transit.services },
        },
      },
    };
  } catch (error) {
    if (error instanceof HistoryError) {
      throw new ScenarioFileError(source, [issue(["history", "shipments_csv"], error.message)]);
    }
    throw error;
  }
}

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
  const zones = new Set(network.zones.map((z) => z.id));
  file.actual.transit.lanes.forEach((lane, i) => {
    const service = network.services.find((s) => s.id === lane.service);
    if (service === undefined) {
      issues.push(
        issue(["actual", "transit", "lanes", i, "service"], `unknown service "${lane.service}"`),
      );
    } else if (!service.origins.some((o) => o.warehouse === lane.warehouse)) {
      issues.push(
        issue(
          ["actual", "transit", "lanes", i, "warehouse"],
          `${lane.service} does not ship from "${lane.warehouse}"`,
        ),
      );
    }
    if (!zones.has(lane.zone)) {
      issues.push(issue(["actual", "transit", "lanes", i, "zone"], `unknown zone "${lane.zone}"`));
    }
  });
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
