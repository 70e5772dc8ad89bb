// proto-loader-gen-types writes extensionless relative imports; Node's ESM resolution (and
// TypeScript's NodeNext) needs the ".js" extension. Rewrites them in place.
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";

function walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (path.endsWith(".ts")) {
      const text = readFileSync(path, "utf8");
      const fixed = text.replace(/from (["'])(\.{1,2}\/[^"']*?)(?<!\.js)\1/g, "from $1$2.js$1");
      if (fixed !== text) writeFileSync(path, fixed);
    }
  }
}
walk(process.argv[2]);
