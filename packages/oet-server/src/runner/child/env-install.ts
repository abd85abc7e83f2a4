import { existsSync } from 'node:fs';
import { mkdir, rmdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { EnvInstallRequest } from '../child-protocol.js';
import { runCommand } from './run-command.js';

const READY_MARKER = '.oet-env-ready';
const LOCK_DIR = '.oet-env-lock';
const POLL_MS = 100;

/**
 * Installs the clone's dependencies once per commit: the first procedure takes a lock directory and
 * runs `npm ci` (or `npm install` without a lockfile); others wait for the marker file.
 */
export async function installEnv(cloneDir: string, req: EnvInstallRequest): Promise<void> {
  const marker = path.join(cloneDir, READY_MARKER);
  const lock = path.join(cloneDir, LOCK_DIR);
  const deadline = Date.now() + req.timeoutMs;
  for (;;) {
    if (existsSync(marker)) return;
    try {
      await mkdir(lock);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      if (Date.now() > deadline) throw new Error(`Timed out after ${req.timeoutMs} ms waiting for the environment in ${cloneDir}`);
      await sleep(POLL_MS);
      continue;
    }
    try {
      if (existsSync(marker)) return;
      const ci = existsSync(path.join(cloneDir, 'package-lock.json'));
      const args = [ci ? 'ci' : 'install', '--omit=dev', '--no-audit', '--no-fund'];
      const { code, output } = await runCommand('npm', args, {
        cwd: cloneDir,
        env: process.env,
        timeoutMs: Math.max(1, deadline - Date.now()),
      });
      if (code !== 0) throw new Error(`npm ${args[0]!} failed in ${cloneDir} (exit ${String(code)}):\n${output}`);
      await writeFile(marker, new Date().toISOString());
      return;
    } finally {
      await rmdir(lock).catch(() => undefined);
    }
  }
}
