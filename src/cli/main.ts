import { runCli } from "./run-cli.js";

/** The `promise` command (bin/promise.js runs this). Ctrl-C stops a running simulation. */
const controller = new AbortController();
process.once("SIGINT", () => controller.abort());
process.exitCode = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  signal: controller.signal,
});
