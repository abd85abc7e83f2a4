import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Logger } from '@observatory/core';

const require = createRequire(import.meta.url);

/**
 * The web console's built files (`@ska/oet-ui`'s `dist/`). Right after `npm ci` nothing is built yet, so
 * the stack builds the console once with the repository's vite (a few seconds). Undefined, with a
 * warning, when that is impossible: the stack then runs without the console.
 */
export async function ensureConsoleBuilt(logger: Logger): Promise<string | undefined> {
  let pkgDir: string;
  try {
    pkgDir = path.dirname(require.resolve('@ska/oet-ui/package.json'));
  } catch (err) {
    logger.warn({ err }, 'web console not installed (@ska/oet-ui): starting without it');
    return undefined;
  }
  const dist = path.join(pkgDir, 'dist');
  if (existsSync(path.join(dist, 'index.html'))) return dist;
  let viteBin: string;
  try {
    viteBin = path.join(path.dirname(require.resolve('vite/package.json')), 'bin', 'vite.js');
  } catch (err) {
    logger.warn({ err }, 'web console not built and vite is missing: starting without it');
    return undefined;
  }
  logger.info('building the web console (first start after npm ci)');
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(process.execPath, [viteBin, 'build', '--logLevel', 'warn'], { cwd: pkgDir, stdio: ['ignore', 'ignore', 'inherit'] });
    child.once('error', reject);
    child.once('exit', (exitCode) => resolve(exitCode));
  });
  if (code !== 0 || !existsSync(path.join(dist, 'index.html'))) {
    logger.warn({ code }, 'building the web console failed: starting without it');
    return undefined;
  }
  return dist;
}
