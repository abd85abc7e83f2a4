import { lstat, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ObservatoryError } from '@observatory/core';

/** The cache directory cannot be trusted: owned by someone else, writable by others, or not a directory. */
export class UnsafeCacheDirError extends ObservatoryError {
  constructor(
    readonly dir: string,
    reason: string,
  ) {
    super('OET_CACHE_DIR_UNSAFE', `Refusing cache directory ${dir}: ${reason}`);
  }
}

/** `$XDG_CACHE_HOME/ska-oet`, else `~/.cache/ska-oet`: per user, never the shared temp directory. */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env, home = os.homedir()): string {
  const xdg = env.XDG_CACHE_HOME;
  return path.join(xdg && path.isAbsolute(xdg) ? xdg : path.join(home, '.cache'), 'ska-oet');
}

/** Throws unless `dir` is a real directory owned by this user and writable by nobody else. */
export async function assertPrivateDir(dir: string): Promise<void> {
  const info = await lstat(dir);
  if (info.isSymbolicLink()) throw new UnsafeCacheDirError(dir, 'it is a symbolic link');
  if (!info.isDirectory()) throw new UnsafeCacheDirError(dir, 'it is not a directory');
  const uid = process.getuid?.();
  if (uid !== undefined && info.uid !== uid) throw new UnsafeCacheDirError(dir, `it is owned by uid ${info.uid}, not by this user (uid ${uid})`);
  if ((info.mode & 0o022) !== 0) {
    throw new UnsafeCacheDirError(dir, `it is writable by ${info.mode & 0o002 ? 'everyone' : 'its group'} (mode ${(info.mode & 0o777).toString(8)}); chmod go-w it`);
  }
}

/**
 * Creates the cache directory (0700) if missing and checks it and the subdirectories the server
 * executes from: whoever can write there can run code in every procedure.
 */
export async function preparePrivateCacheDir(dir: string, subdirs: readonly string[] = ['runtime', 'clones']): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await assertPrivateDir(dir);
  for (const sub of subdirs) {
    const full = path.join(dir, sub);
    await mkdir(full, { recursive: true, mode: 0o700 });
    await assertPrivateDir(full);
  }
}
