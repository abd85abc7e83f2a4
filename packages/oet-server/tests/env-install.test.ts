import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { installEnv } from '../src/runner/child/env-install.js';

let dir: string;
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('installEnv', () => {
  it('takes over a lock left by a killed installer and installs once', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'oet-env-'));
    await writeFile(path.join(dir, 'package.json'), JSON.stringify({ name: 'x', version: '1.0.0', private: true }));
    const dead = spawn(process.execPath, ['-e', '']);
    await once(dead, 'exit');
    await mkdir(path.join(dir, '.oet-env-lock'));
    await writeFile(path.join(dir, '.oet-env-lock', 'pid'), String(dead.pid));
    await installEnv(dir, { timeoutMs: 60_000 });
    expect(existsSync(path.join(dir, '.oet-env-ready'))).toBe(true);
    expect(existsSync(path.join(dir, '.oet-env-lock'))).toBe(false);
  });

  it('reports npm failures with the output tail', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'oet-env-'));
    await writeFile(path.join(dir, 'package.json'), '{ not json');
    await expect(installEnv(dir, { timeoutMs: 60_000 })).rejects.toThrow(/npm install failed in .* \(exit \d+\):\n[\s\S]*JSON/);
  });
});
