import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { HttpJsonClient } from '@observatory/core';
import { describe, expect, test } from 'vitest';

const appDir = fileURLToPath(new URL('..', import.meta.url));

describe('telescope-sim app', () => {
  test('serves the simulator over HTTP and exits cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--conditions=@observatory/source', '--import', 'tsx', 'src/main.ts', '--port', '0', '--telescope', 'mid'], {
      cwd: appDir,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, LOG_LEVEL: 'info' },
    });
    const exited = once(child, 'exit');
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`not ready: ${stdout} ${stderr}`)), 20_000);
        child.stdout.on('data', (d: Buffer) => {
          stdout += d.toString();
          const ready = stdout
            .split('\n')
            .filter((l) => l.startsWith('{'))
            .map((l) => JSON.parse(l) as { msg?: string; url?: string })
            .find((l) => l.msg === 'telescope-sim ready');
          if (ready?.url) {
            clearTimeout(timer);
            resolve(ready.url);
          }
        });
        void exited.then(() => reject(new Error(`exited early: ${stderr}`)));
      });
      const http = new HttpJsonClient({ baseUrl: url });
      try {
        expect(await http.get('/health')).toMatchObject({ status: 'ok', telescope: 'mid' });
        const state = await http.get<{ telescopeState: string; subarrays: unknown[] }>('/api/v1/state');
        expect(state.telescopeState).toBe('STANDBY');
        expect(state.subarrays).toHaveLength(2);
      } finally {
        await http.close();
      }
      child.kill('SIGTERM');
      const [code] = await exited;
      expect(code).toBe(0);
      expect(stdout).toContain('"msg":"stopped"');
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  }, 40_000);
});
