import { NetworkFileError } from "./network-file-error.js";
import type { NetworkFile } from "./network-schema.js";
import { parseNetworkFile } from "./parse-network-file.js";
import { readSourceFile } from "./yaml-source.js";

/** Reads and validates a network file; a missing or unreadable file is a NetworkFileError too. */
export function loadNetworkFile(path: string): NetworkFile {
  const text = readSourceFile(path, (issues) => new NetworkFileError(path, issues));
  return parseNetworkFile(text, path);
}
