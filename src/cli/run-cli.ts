import { accuracyCommand } from "./accuracy-command.js";
import { applyCommand } from "./apply-command.js";
import type { CliIo } from "./cli-io.js";
import { importShipmentsCommand } from "./import-shipments-command.js";
import { simulateCommand } from "./simulate-command.js";
import { USAGE } from "./usage.js";

export type { CliIo };
export { USAGE };

/** Runs the command line; resolves with the process exit code (0 ok, 1 failed, 2 usage, 130 cancelled). */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === "help" || command === "--help" || command === "-h") {
    io.stdout.write(USAGE);
    return command === undefined ? 2 : 0;
  }
  if (command === "simulate") return simulateCommand(rest, io);
  if (command === "apply") return applyCommand(rest, io);
  if (command === "import-shipments") return importShipmentsCommand(rest, io);
  if (command === "accuracy") return accuracyCommand(rest, io);
  io.stderr.write(`promise: unknown command "${command}"\n\n${USAGE}`);
  return 2;
}
