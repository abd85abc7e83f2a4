import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The child program bundled from source, built once per server process. */
let bundled: Promise<string> | undefined;

/**
 * The file to fork for a procedure. Built packages ship `dist/runner/child-main.js`; from source we
 * bundle `child-main.ts` once with esbuild into the cache, so children never pay for a TypeScript
 * loader at start-up (that cost would dominate create->READY latency). A file found in the cache is
 * used only if it holds exactly what we built; otherwise it is replaced atomically.
 */
export async function childEntryPath(cacheDir: string): Promise<string> {
  const built = fileURLToPath(new URL('./runner/child-main.js', import.meta.url));
  const sibling = fileURLToPath(new URL('./child-main.js', import.meta.url));
  for (const candidate of [built, sibling]) if (existsSync(candidate)) return candidate;
  bundled ??= bundle();
  bundled.catch(() => (bundled = undefined));
  return materialise(cacheDir, await bundled);
}

async function bundle(): Promise<string> {
  const source = fileURLToPath(new URL('./child-main.ts', import.meta.url));
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [source],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    write: false,
    sourcemap: 'inline',
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

async function materialise(cacheDir: string, code: string): Promise<string> {
  const hash = createHash('sha256').update(code).digest('hex').slice(0, 16);
  const dir = path.join(cacheDir, 'runtime');
  const file = path.join(dir, `child-main-${hash}.mjs`);
  if (!(await holds(file, code))) {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    // a fresh, exclusive temporary name, then rename: readers see the old file or the whole new one
    const tmp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
    await writeFile(tmp, code, { flag: 'wx', mode: 0o600 });
    await rename(tmp, file);
  }
  return file;
}

async function holds(file: string, code: string): Promise<boolean> {
  try {
    return (await readFile(file, 'utf8')) === code;
  } catch {
    return false;
  }
}

/** The resolved URL of esbuild, which children load to transpile `.ts` scripts. */
export function esbuildUrl(): string {
  return pathToFileURL(createRequire(import.meta.url).resolve('esbuild')).href;
}
