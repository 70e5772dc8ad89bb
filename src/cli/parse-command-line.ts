import { type ParseArgsConfig, parseArgs } from "node:util";

/** The options of a command: `--name value` (string) or `--name` (boolean), optionally `-x`. */
export type CommandOptions = NonNullable<ParseArgsConfig["options"]>;

export interface CommandLine {
  readonly values: Readonly<Record<string, string | boolean | undefined>>;
  readonly positionals: readonly string[];
}

/**
 * Parses a command line with node's `util.parseArgs` (strict: unknown options, a string option
 * without its value and a flag given one are refused); answers a one-line message naming the
 * argument at fault instead of throwing: `unknown option --x`, `--report: expected a value`,
 * `--write: takes no value`.
 */
export function parseCommandLine(
  argv: readonly string[],
  options: CommandOptions,
): CommandLine | string {
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      options,
      strict: true,
      allowPositionals: true,
    });
    return { values: values as CommandLine["values"], positionals };
  } catch (err) {
    const e = err as { code?: string; message?: string };
    // The option as node quotes it: '--x', '--report <value>', '-h, --help'.
    const quoted = /'([^']*)'/.exec(e.message ?? "")?.[1] ?? "";
    const named = /--[\w-]+/.exec(quoted)?.[0] ?? /-[\w-]+/.exec(quoted)?.[0] ?? "";
    if (e.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") return `unknown option ${named}`;
    if (e.code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") {
      const option = options[named.replace(/^--?/, "")];
      if (option?.type === "boolean") return `${named}: takes no value`;
      return `${named}: expected a value`;
    }
    throw err;
  }
}
