import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
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
      await writeFile(path.join(lock, 'pid'), String(process.pid));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      if (Date.now() > deadline) throw new Error(`Timed out after ${req.timeoutMs} ms waiting for the environment in ${cloneDir}`);
      // a procedure killed mid-install leaves its lock behind: take it over once its owner is gone
      if (await ownerGone(lock)) await rm(lock, { recursive: true, force: true });
      else await sleep(POLL_MS);
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
      await rm(lock, { recursive: true, force: true });
    }
  }
}

async function ownerGone(lock: string): Promise<boolean> {
  let pid: number;
  try {
    pid = Number(await readFile(path.join(lock, 'pid'), 'utf8'));
  } catch {
    return false; // just created, pid not written yet
  }
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
