/**
 * The external tools the bench drives: h2load and nghttp (Debian `nghttp2-client`) and taskset.
 */
import { spawnSync } from "node:child_process";

function onPath(command: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore" }).status === 0;
}

let taskset: boolean | undefined;

/** Whether `taskset` exists (util-linux); without it servers run unpinned (and the table says so). */
export function hasTaskset(): boolean {
  taskset ??= onPath("taskset");
  return taskset;
}

/** Whether h2load and nghttp are installed. */
export function hasH2load(): boolean {
  return onPath("h2load") && onPath("nghttp");
}

/**
 * Makes sure h2load and nghttp are installed: when missing, runs `apt-get install -y
 * nghttp2-client` (with sudo when not root, and `apt-get update` first if the package is
 * unknown). Throws with what to do when that is impossible.
 */
export function ensureH2load(log: (line: string) => void): void {
  if (hasH2load()) return;
  if (!onPath("apt-get")) {
    throw new Error("h2load is missing: install nghttp2 (Debian/Ubuntu: nghttp2-client)");
  }
  const root = process.getuid?.() === 0;
  const sudo = root ? [] : ["sudo", "-n"];
  const run = (args: string[]) => {
    log(`$ ${[...sudo, ...args].join(" ")}`);
    const [command, ...rest] = [...sudo, ...args];
    return spawnSync(command!, rest, { stdio: ["ignore", "ignore", "inherit"] }).status === 0;
  };
  log("h2load is missing: installing nghttp2-client");
  const installed =
    run(["apt-get", "install", "-y", "nghttp2-client"]) ||
    (run(["apt-get", "update"]) && run(["apt-get", "install", "-y", "nghttp2-client"]));
  if (!installed || !hasH2load()) {
    throw new Error(
      "h2load is missing and could not be installed: run `sudo apt-get install -y nghttp2-client`",
    );
  }
}
