import { realpathSync } from 'node:fs';
import path from 'node:path';
import { ScriptOutsideRootsError } from '../errors.js';

/** Real path of `p`, or of its deepest existing ancestor joined with the rest (for files not there yet). */
export function realpathLenient(p: string): string {
  const rest: string[] = [];
  let current = path.resolve(p);
  for (;;) {
    try {
      return path.join(realpathSync(current), ...rest.reverse());
    } catch {
      const parent = path.dirname(current);
      if (parent === current) return path.join(current, ...rest.reverse());
      rest.push(path.basename(current));
      current = parent;
    }
  }
}

/**
 * The configured `file://` roots (deliberate difference O-DIFF-9). A path is allowed when its real path
 * lies under a root's real path, so `..` and symlinks cannot lead out.
 */
export class ScriptRoots {
  readonly roots: string[];

  constructor(roots: string[]) {
    this.roots = roots.map((r) => realpathLenient(r));
  }

  /** The real path of `file` when it lies under a root; otherwise `ScriptOutsideRootsError`. */
  resolve(file: string): string {
    const normalised = path.resolve(file);
    const real = realpathLenient(normalised);
    const inside = this.roots.some((root) => real.startsWith(root.endsWith(path.sep) ? root : root + path.sep));
    if (!inside) throw new ScriptOutsideRootsError(normalised);
    return real;
  }
}
