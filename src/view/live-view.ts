import type { Logger } from "pino";
import type { Clock } from "../config/clock.js";
import type { CompiledNetwork } from "../engine/compiled-network.js";
import { type Day, isoDay, utcDayOf } from "../engine/day.js";
import type { LearnedTransit } from "../engine/learned-transit.js";
import { compileNetwork } from "../network/compile-network.js";
import type { NetworkFile, StockSpec } from "../network/network-schema.js";
import { CapacityView } from "./capacity-view.js";
import { type StockRow, StockView } from "./stock-view.js";
import { TimeWindows } from "./time-windows.js";
import type { BacklogSettings } from "./warehouse-backlog.js";

/** Turns a network file into a compiled network whose horizon is centred on `todayDay`. */
export type CompileNetwork = (file: NetworkFile, options: { todayDay: Day }) => CompiledNetwork;

/**
 * What one request reads, swapped as a whole: read `live.current` once per request and use that
 * object throughout, so a reload in between can never mix two networks.
 */
export interface LiveState {
  readonly network: CompiledNetwork;
  /** Increases with every swap; part of every estimate cache key. */
  readonly generation: number;
  readonly windows: TimeWindows;
  /** The finer windows of estimates with pick-up options (TimeWindows.ofPickups), built at swap. */
  readonly pickupWindows: TimeWindows;
  readonly stock: StockView;
  /** The UTC date the network's horizon was compiled around. */
  readonly todayDay: Day;
}

export interface LiveViewOptions {
  readonly file: NetworkFile;
  /** Default: compileNetwork from src/network. */
  readonly compile?: CompileNetwork | undefined;
  readonly clock: Clock;
  readonly logger?: Logger | undefined;
  /** Load the file's `stock` section into the view (default true; the store feeds it later). */
  readonly seedStock?: boolean | undefined;
  /** How often to check whether the date moved on (default 10 minutes). */
  readonly refreshCheckMs?: number | undefined;
  /** Backlog and learned-throughput settings (default DEFAULT_BACKLOG_SETTINGS). */
  readonly backlog?: Partial<BacklogSettings> | undefined;
  /**
   * How often the capacity view is given the time, so a warehouse's backlog moves on when its
   * cut-off plus grace passes even without requests (default 15 s; requests give it too).
   */
  readonly backlogTickMs?: number | undefined;
}

/** The network file's stock rows as view rows. */
export function stockRowsOf(file: NetworkFile): StockRow[] {
  return file.stock.map((s: StockSpec) => ({
    sku: s.sku,
    warehouseId: s.warehouse,
    onHand: s.on_hand,
    reserved: s.reserved,
    safetyStock: s.safety_stock,
    inbound: s.inbound.map((lot) => ({ quantity: lot.quantity, etaDay: isoDay(lot.eta) })),
  }));
}

/**
 * The in-memory state estimates read: the current compiled network (swapped atomically), stock
 * and capacity. It recompiles the network when the UTC date moves on, so the horizon always runs
 * from one year before today to two years after (as the file's `horizon` says), and rebuilds the
 * stock view when a reload changes the warehouse list.
 */
export class LiveView {
  private state: LiveState;
  private file: NetworkFile;
  readonly capacity: CapacityView;
  private readonly compile: CompileNetwork;
  private readonly clock: Clock;
  private readonly logger: Logger | undefined;
  private readonly refreshCheckMs: number;
  private readonly listeners: Array<(state: LiveState) => void> = [];
  private readonly learnedListeners: Array<(state: LiveState) => void> = [];
  private timer: NodeJS.Timeout | undefined;
  private backlogTimer: NodeJS.Timeout | undefined;
  private readonly backlogTickMs: number;

  constructor(options: LiveViewOptions) {
    this.compile = options.compile ?? compileNetwork;
    this.clock = options.clock;
    this.logger = options.logger;
    this.refreshCheckMs = options.refreshCheckMs ?? 10 * 60 * 1000;
    this.file = options.file;
    const todayDay = utcDayOf(this.clock());
    const network = this.compile(options.file, { todayDay });
    const stock = new StockView(network.warehouses.map((w) => w.id));
    if (options.seedStock ?? true) stock.load(stockRowsOf(options.file));
    this.capacity = new CapacityView(network, options.backlog);
    this.capacity.setNow(this.clock());
    this.backlogTickMs = options.backlogTickMs ?? 15_000;
    this.state = {
      network,
      generation: 1,
      windows: TimeWindows.of(network),
      pickupWindows: TimeWindows.ofPickups(network),
      stock,
      todayDay,
    };
  }

  get current(): LiveState {
    return this.state;
  }

  get network(): CompiledNetwork {
    return this.state.network;
  }

  get stock(): StockView {
    return this.state.stock;
  }

  /** The network file currently served. */
  get networkFile(): NetworkFile {
    return this.file;
  }

  /**
   * Calls `listener` after every swap (a reload or a date change, and, unless `networkOnly`, a
   * new learned-transit table), with the new state.
   */
  onSwap(listener: (state: LiveState) => void, options: { networkOnly?: boolean } = {}): void {
    this.listeners.push(listener);
    if (options.networkOnly !== true) this.learnedListeners.push(listener);
  }

  /**
   * Compiles a (new) network file and swaps it in. If compiling throws, nothing changes and the
   * error propagates. Stock is kept; the file's `stock` section is not reloaded.
   */
  reload(file: NetworkFile): LiveState {
    return this.swap(file, utcDayOf(this.clock()));
  }

  /** Recompiles when the UTC date is no longer the one the horizon was built around. */
  refreshIfDateChanged(): boolean {
    const todayDay = utcDayOf(this.clock());
    if (todayDay === this.state.todayDay) return false;
    this.swap(this.file, todayDay);
    return true;
  }

  /** Starts the (unref'd) timer that keeps the horizon current. */
  start(): void {
    if (this.timer !== undefined) return;
    this.timer = setInterval(() => {
      try {
        if (this.refreshIfDateChanged()) {
          this.logger?.info(
            { networkVersion: this.state.network.version },
            "network recompiled for a new date",
          );
        }
      } catch (err) {
        this.logger?.error({ err }, "recompiling the network for a new date failed");
      }
    }, this.refreshCheckMs);
    this.timer.unref();
    this.backlogTimer = setInterval(() => this.capacity.setNow(this.clock()), this.backlogTickMs);
    this.backlogTimer.unref();
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    if (this.backlogTimer !== undefined) clearInterval(this.backlogTimer);
    this.backlogTimer = undefined;
  }

  /**
   * Swaps in transit learned for `network` (the compiled network it was learned against): one
   * assignment, so a request sees either the old table or the new one. A table learned against
   * a network that was swapped out meanwhile is dropped (false): its lanes may not match.
   */
  setLearned(network: CompiledNetwork, learned: LearnedTransit | undefined): boolean {
    const old = this.state;
    const current = old.network;
    // Learned against this compilation (a learned swap keeps the compiled arrays).
    if (current.origins !== network.origins || current.zones !== network.zones) return false;
    this.state = { ...old, network: { ...current, learned }, generation: old.generation + 1 };
    for (const listener of this.learnedListeners) listener(this.state);
    return true;
  }

  private swap(file: NetworkFile, todayDay: Day): LiveState {
    const compiled = this.compile(file, { todayDay });
    // The learned table stays until the next rebuild when lanes and zones are the same.
    const learned = this.state.network.learned;
    const network =
      learned !== undefined && sameLanes(this.state.network, compiled)
        ? { ...compiled, learned }
        : compiled;
    const windows = TimeWindows.of(network);
    const pickupWindows = TimeWindows.ofPickups(network);
    const ids = network.warehouses.map((w) => w.id);
    const old = this.state;
    const stock = old.stock.hasWarehouses(ids) ? old.stock : old.stock.rebuild(ids);
    this.file = file;
    this.capacity.setNetwork(network);
    this.state = {
      network,
      generation: old.generation + 1,
      windows,
      pickupWindows,
      stock,
      todayDay,
    };
    for (const listener of this.listeners) listener(this.state);
    return this.state;
  }
}

/** Whether two compiled networks have the same origins (service, warehouse) and zones, in order. */
function sameLanes(a: CompiledNetwork, b: CompiledNetwork): boolean {
  if (a.origins.length !== b.origins.length || a.zones.length !== b.zones.length) return false;
  for (let i = 0; i < a.origins.length; i++) {
    const x = a.origins[i]!;
    const y = b.origins[i]!;
    if (x.service.id !== y.service.id || x.warehouse.id !== y.warehouse.id) return false;
  }
  for (let i = 0; i < a.zones.length; i++) if (a.zones[i]!.id !== b.zones[i]!.id) return false;
  return true;
}
