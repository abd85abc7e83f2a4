import { createServer } from 'node:net';
import { BackendClient, toTicks } from '@discos/backend-protocol';
import { RawConnection } from '@discos/backend-protocol/conformance';
import { afterEach, describe, expect, test } from 'vitest';
import { runApp, spawnApp, type AppProcess } from './spawn-app.js';

const apps: AppProcess[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.stop('SIGKILL');
});

describe('discos-backend app (real child process)', () => {
  test('greets, answers, serves timed commands and exits 0 on SIGTERM', async () => {
    const app = await spawnApp(['--port', '0', '--handler', 'simulator']);
    apps.push(app);
    expect(app.host).toBe('127.0.0.1');
    const conn = await RawConnection.open(app.host, app.port);
    try {
      expect(await conn.readLine()).toBe('!version,ok,1.4');
      await conn.write('?get-tp0\r\n');
      expect(await conn.readLine()).toBe('!get-tp0,ok,0,0');
      // Row 56: timed commands work in a bare app process.
      await conn.write(`?start,${toTicks(Date.now() / 1000 + 0.1)}\r\n`);
      expect(await conn.readLine()).toBe('!start,ok');
    } finally {
      await conn.destroy();
    }
    expect(await app.stop('SIGTERM')).toBe(0);
    expect(app.stdout()).toMatch(/"msg":"stopped"/);
  }, 30000);

  test('serves the requested protocol version and debug handler; SIGINT also exits 0', async () => {
    const app = await spawnApp(['--port', '0', '--handler', 'always-ok', '--protocol-version', '1.3']);
    apps.push(app);
    const client = await BackendClient.connect({ host: app.host, port: app.port });
    try {
      expect(client.serverVersion).toBe('1.3');
      expect(await client.request('x', ['a', '', 'b'])).toEqual({ name: 'x', code: 'ok', args: ['a', '', 'b'] });
    } finally {
      await client.close();
    }
    expect(await app.stop('SIGINT')).toBe(0);
  }, 30000);

  test('a busy port is one clear line and exit code 1', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    try {
      const port = (blocker.address() as { port: number }).port;
      const { code, stderr } = await runApp(['--port', String(port)]);
      expect(code).toBe(1);
      expect(stderr.trim()).toBe(`discos-backend: address 127.0.0.1:${port} is already in use (is another server running? choose another --port)`);
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
  }, 30000);

  test('usage errors exit 2; --help exits 0', async () => {
    const bad = await runApp(['--handler', 'nope']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/argument 'nope' is invalid/);
    const help = await runApp(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: discos-backend/);
  }, 30000);
});
