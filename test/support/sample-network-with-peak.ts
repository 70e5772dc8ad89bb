import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import { tempDir } from "./temp-dir.js";

/** A peak of the network file, as written in its `peaks:` list. */
export interface PeakEntry {
  readonly name: string;
  readonly from: string;
  readonly to: string;
  readonly services: readonly string[];
  readonly pickup_limit?: number;
}

/**
 * The sample network (samples/network.yaml) with `peak` added to its peaks, written to a file in a
 * fresh temp directory: its path, for PROMISE_NETWORK_FILE, and a function that removes it.
 */
export function sampleNetworkWithPeak(peak: PeakEntry): { path: string; remove(): void } {
  const dir = tempDir("promise-network-");
  const network = parse(readFileSync("samples/network.yaml", "utf8")) as { peaks?: unknown[] };
  network.peaks = [...(network.peaks ?? []), peak];
  const path = join(dir.path, "network.yaml");
  writeFileSync(path, stringify(network));
  return { path, remove: dir.remove };
}
