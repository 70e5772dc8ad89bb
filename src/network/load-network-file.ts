import { readFileSync } from "node:fs";
import { NetworkFileError } from "./network-file-error.js";
import type { NetworkFile } from "./network-schema.js";
import { parseNetworkFile } from "./parse-network-file.js";

/** Reads and validates a network file; a missing or unreadable file is a NetworkFileError too. */
export function loadNetworkFile(path: string): NetworkFile {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const message =
      code === "ENOENT" ? "file not found" : `cannot read the file: ${(error as Error).message}`;
    throw new NetworkFileError(path, [{ path: "", message }]);
  }
  return parseNetworkFile(text, path);
}
