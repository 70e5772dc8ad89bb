/** One bad setting: what `ConfigError` lists. */
export interface ConfigIssue {
  /** The environment variable at fault (and its flag, if it came from the command line). */
  readonly variable: string;
  readonly message: string;
}
