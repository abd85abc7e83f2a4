import { lstat, readdir, realpath } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** One script under a script root, as `GET {base}/scripts/` lists it. */
export interface ListedScript {
  /** `file://` URI to create a procedure with. */
  script_uri: string;
  /** The root it was found in (a configured script root). */
  root: string;
  /** Its path relative to the root, `/`-separated. */
  path: string;
}

export interface ScriptListingLimits {
  /** Directory levels below a root that are searched (default 4). */
  maxDepth?: number;
  /** Scripts listed in total (default 1000); the walk stops there. */
  maxEntries?: number;
}

const SCRIPT_EXTENSIONS = new Set(['.js', '.mjs', '.ts', '.mts']);
/** Never listed: dependencies, hidden files and folders, declaration files and tests. */
const skipName = (name: string) => name.startsWith('.') || name === 'node_modules' || name.endsWith('.d.ts') || /\.test\.[cm]?[jt]s$/.test(name);

const inside = (root: string, real: string) => real === root || real.startsWith(root.endsWith(path.sep) ? root : root + path.sep);

/**
 * Lists the scripts under the (real) script roots. Symbolic links are followed only when their target
 * stays inside the same root, so nothing outside the roots is ever named; depth and count are bounded.
 */
export async function listScripts(roots: readonly string[], limits: ScriptListingLimits = {}): Promise<ListedScript[]> {
  const maxDepth = limits.maxDepth ?? 4;
  const maxEntries = limits.maxEntries ?? 1000;
  const found: ListedScript[] = [];
  const seen = new Set<string>();

  async function walk(root: string, dir: string, depth: number): Promise<void> {
    let names: string[];
    try {
      names = (await readdir(dir)).sort();
    } catch {
      return; // unreadable or vanished: nothing to list
    }
    for (const name of names) {
      if (found.length >= maxEntries) return;
      if (skipName(name)) continue;
      const full = path.join(dir, name);
      let stat = await lstat(full).catch(() => undefined);
      let real = full;
      if (stat?.isSymbolicLink()) {
        real = (await realpath(full).catch(() => undefined)) ?? '';
        if (!real || !inside(root, real)) continue;
        stat = await lstat(real).catch(() => undefined);
      }
      if (!stat) continue;
      if (stat.isDirectory()) {
        if (depth < maxDepth && !seen.has(real)) {
          seen.add(real);
          await walk(root, full, depth + 1);
        }
      } else if (stat.isFile() && SCRIPT_EXTENSIONS.has(path.extname(name))) {
        const relative = path.relative(root, full).split(path.sep).join('/');
        found.push({ script_uri: pathToFileURL(full).href, root, path: relative });
      }
    }
  }

  for (const root of roots) {
    seen.add(root);
    await walk(root, root, 1);
  }
  return found;
}
