import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Per cache directory: a server must not reuse a file that lived in another server's (maybe deleted) cache. */
const cached = new Map<string, Promise<string>>();

/**
 * The file to fork for a procedure. Built packages ship `dist/runner/child-main.js`; from source we
 * bundle `child-main.ts` once with esbuild into the cache, so children never pay for a TypeScript
 * loader at start-up (that cost would dominate create->READY latency).
 */
export async function childEntryPath(cacheDir: string): Promise<string> {
  const known = cached.get(cacheDir);
  if (known) {
    const file = await known.catch(() => undefined);
    if (file !== undefined && existsSync(file)) return file;
    cached.delete(cacheDir); // the cache was cleaned meanwhile: build it again
  }
  const entry = resolveEntry(cacheDir);
  cached.set(cacheDir, entry);
  entry.catch(() => cached.delete(cacheDir));
  return entry;
}

async function resolveEntry(cacheDir: string): Promise<string> {
  const built = fileURLToPath(new URL('./runner/child-main.js', import.meta.url));
  const sibling = fileURLToPath(new URL('./child-main.js', import.meta.url));
  for (const candidate of [built, sibling]) if (existsSync(candidate)) return candidate;
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
  const code = result.outputFiles[0]!.text;
  const hash = createHash('sha256').update(code).digest('hex').slice(0, 16);
  const dir = path.join(cacheDir, 'runtime');
  const file = path.join(dir, `child-main-${hash}.mjs`);
  if (!existsSync(file)) {
    await mkdir(dir, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    await writeFile(tmp, code);
    await rename(tmp, file);
  }
  return file;
}

/** The resolved URL of esbuild, which children load to transpile `.ts` scripts. */
export function esbuildUrl(): string {
  return pathToFileURL(createRequire(import.meta.url).resolve('esbuild')).href;
}
