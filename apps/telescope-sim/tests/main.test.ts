import { fileURLToPath } from 'node:url';
import { HttpJsonClient } from '@observatory/core';
import { SOURCE_NODE_ARGS, startProcess } from '@observatory/test-utils';
import { describe, expect, test } from 'vitest';

const appDir = fileURLToPath(new URL('..', import.meta.url));

describe('telescope-sim app', () => {
  test('serves the simulator over HTTP and exits cleanly on SIGTERM', async () => {
    await using app = startProcess(process.execPath, [...SOURCE_NODE_ARGS, 'src/main.ts', '--port', '0', '--telescope', 'mid'], {
      cwd: appDir,
      env: { LOG_LEVEL: 'info' },
    });
    const [readyLine] = await app.waitForLine(/^\{.*"msg":"telescope-sim ready".*$/m, { timeoutMs: 20_000 });
    const { url } = JSON.parse(readyLine) as { url: string };
    const http = new HttpJsonClient({ baseUrl: url });
    try {
      expect(await http.get('/health')).toMatchObject({ status: 'ok', telescope: 'mid' });
      const state = await http.get<{ telescopeState: string; subarrays: unknown[] }>('/api/v1/state');
      expect(state.telescopeState).toBe('STANDBY');
      expect(state.subarrays).toHaveLength(2);
    } finally {
      await http.close();
    }
    app.kill('SIGTERM');
    const { code, stdout } = await app.waitForExit(20_000);
    expect(code).toBe(0);
    expect(stdout).toContain('"msg":"stopped"');
  }, 40_000);
});
