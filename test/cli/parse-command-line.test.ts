import { describe, expect, it } from "vitest";
import { parseCommandLine } from "../../src/cli/parse-command-line.js";

const OPTIONS = {
  report: { type: "string" },
  write: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

describe("parseCommandLine (util.parseArgs for every command)", () => {
  it("reads --name value, --name=value, flags, -h and positionals", () => {
    expect(parseCommandLine(["a.yaml", "--report", "r.html", "--write", "-h"], OPTIONS)).toEqual({
      values: { report: "r.html", write: true, help: true },
      positionals: ["a.yaml"],
    });
    expect(parseCommandLine(["--report=x.html"], OPTIONS)).toEqual({
      values: { report: "x.html" },
      positionals: [],
    });
  });

  it("names an unknown option", () => {
    expect(parseCommandLine(["--colour=blue"], OPTIONS)).toBe("unknown option --colour");
    expect(parseCommandLine(["-z"], OPTIONS)).toBe("unknown option -z");
  });

  it("names an option whose value is missing, or taken for another option", () => {
    expect(parseCommandLine(["--report"], OPTIONS)).toBe("--report: expected a value");
    expect(parseCommandLine(["--report", "--write"], OPTIONS)).toBe("--report: expected a value");
  });

  it("names a flag given a value", () => {
    expect(parseCommandLine(["--write=yes"], OPTIONS)).toBe("--write: takes no value");
    expect(parseCommandLine(["--help=1"], OPTIONS)).toBe("--help: takes no value");
  });
});
