import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { OetError } from '../errors.js';

/** The package with the console's built files. Not a dependency: install it next to the server to use `--console`. */
const UI_PACKAGE = '@ska/oet-ui';

/** `--console` was asked for but the built console is not there. */
export class ConsoleNotFoundError extends OetError {
  constructor(readonly dir: string | undefined, reason: string) {
    super('OET_CONSOLE_NOT_FOUND', 500, `The web console cannot be served: ${reason}`);
  }
}

/**
 * The directory of the console's built files: `explicit` if given, else `dist/` of the installed
 * `@ska/oet-ui`. Throws `ConsoleNotFoundError` unless it holds an `index.html`.
 */
export function resolveConsoleDir(explicit?: string): string {
  let dir = explicit === undefined ? undefined : path.resolve(explicit);
  if (dir === undefined) {
    try {
      const manifest = createRequire(import.meta.url).resolve(`${UI_PACKAGE}/package.json`);
      dir = path.join(path.dirname(manifest), 'dist');
    } catch (err) {
      throw new ConsoleNotFoundError(undefined, `${UI_PACKAGE} is not installed (npm install ${UI_PACKAGE}): ${(err as Error).message}`);
    }
  }
  if (!existsSync(path.join(dir, 'index.html'))) {
    throw new ConsoleNotFoundError(dir, `no index.html in ${dir} (build it: npx nx run ${UI_PACKAGE}:build, or pass --console-dir)`);
  }
  return dir;
}
