import type { Logger } from "pino";
import type { Clock } from "../config/clock.js";
import type { Config } from "../config/config.js";
import type { NetworkFile } from "../network/network-schema.js";
import type { Store } from "../store/store.js";
import { LiveView } from "../view/live-view.js";
import { StoreSync } from "../view/store-sync.js";

export interface ServiceView {
  readonly live: LiveView;
  readonly sync: StoreSync;
}

/**
 * The service's in-memory view, as every process of it runs one: the network file compiled with
 * the configured backlog settings, the store's stock and capacity loaded into it (an empty store
 * seeded from the file first) and followed from then on, and its horizon kept current. Throws what
 * the first load throws; the store stays open (the caller owns it).
 */
export async function startServiceView(
  config: Config,
  deps: { file: NetworkFile; store: Store; clock: Clock; logger: Logger },
): Promise<ServiceView> {
  const { file, store, clock, logger } = deps;
  const live = new LiveView({
    file,
    clock,
    logger,
    seedStock: false,
    backlog: {
      enabled: config.backlog,
      graceMs: config.backlogGraceMinutes * 60_000,
      learnThroughput: config.learnThroughput,
      throughputWindowDays: config.throughputWindowDays,
      throughputMinDays: config.throughputMinDays,
    },
  });
  const sync = new StoreSync({ store, live, clock, logger, stockPageRows: config.stockPageRows });
  await sync.start(file);
  live.start();
  return { live, sync };
}
