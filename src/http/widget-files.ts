import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { extname, join } from "node:path";
import { fileURLToPath } from "node:url";

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".md": "text/markdown; charset=utf-8",
};

export interface WidgetFile {
  readonly body: Buffer;
  readonly contentType: string;
}

/** The largest file served from web/ (the widget is meant to stay far below). */
const MAX_FILE_BYTES = 1 << 20;

/**
 * The files of the `web/` folder (the product-page widget and its demo page), read once at start
 * and served at `/widget/<file>`. Only plain files directly in the folder with a known type are
 * served, so no path ever reaches the file system at request time.
 */
export class WidgetFiles {
  private readonly files = new Map<string, WidgetFile>();

  constructor(dir: string | undefined) {
    if (dir === undefined) return;
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return;
    }
    for (const name of names) {
      const contentType = CONTENT_TYPES[extname(name)];
      if (contentType === undefined) continue;
      const path = join(dir, name);
      const stat = statSync(path);
      if (!stat.isFile() || stat.size > MAX_FILE_BYTES) continue;
      this.files.set(name, { body: readFileSync(path), contentType });
    }
  }

  /** The file at `/widget/<name>`, or undefined (404). */
  get(name: string): WidgetFile | undefined {
    return this.files.get(name);
  }

  get names(): string[] {
    return [...this.files.keys()].sort();
  }
}

/** The repository's `web/` folder, from src/http (tsx) or dist/src/http (built). */
export function defaultWebDir(): string | undefined {
  for (const up of ["../../web", "../../../web"]) {
    const dir = fileURLToPath(new URL(up, import.meta.url));
    if (existsSync(dir)) return dir;
  }
  return undefined;
}
