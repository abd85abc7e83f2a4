import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { DatabaseServer, TangoClient } from '@observatory/tango';
import { afterEach, describe, expect, test } from 'vitest';
import { runCli } from '../src/cli/program.js';
import { createTelescopeClient } from '../src/http/telescope-client.js';

const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const children = new Set<ChildProcess>();

afterEach(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  children.clear();
});

/** `telescope-sim --tango ...` as a real child process; resolves with its JSON ready line. */
function start(args: string[], env: NodeJS.ProcessEnv = {}) {
  const child = spawn(process.execPath, ['--conditions=@observatory/source', '--import', 'tsx', main, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LOG_LEVEL: 'info', NO_COLOR: '1', LOG_FORMAT: 'json', ...env },
  });
  children.add(child);
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  const ready = new Promise<{ tangoHost: string | null; port: number; centralNode: string; url?: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ready line; stdout ${stdout} stderr ${stderr}`)), 60_000);
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      for (const line of stdout.split('\n')) {
        if (!line.startsWith('{')) continue;
        const entry = JSON.parse(line) as { msg?: string };
        if (entry.msg === 'telescope-sim ready on Tango') {
          clearTimeout(timer);
          resolve(entry as never);
        }
      }
    });
    void exited.then(() => reject(new Error(`exited early: ${stderr}`)));
  });
  return { child, exited, ready };
}

describe('telescope-sim --tango', () => {
  test('registers with the database, serves Tango and HTTP over one model, unexports on SIGTERM', { timeout: 90_000 }, async () => {
    await using db = new DatabaseServer({ port: 0 });
    await db.start();
    const p = start(['--tango', '--tango-db', db.tangoHost, '--http-port', '0']);
    const ready = await p.ready;
    expect(ready.tangoHost).toBe(db.tangoHost);
    const client = new TangoClient({ tangoHost: db.tangoHost, timeoutMs: 10_000 });
    try {
      const cn = client.device('ska_mid/tm_central/central_node');
      await cn.command('TelescopeOn');
      await using http = await createTelescopeClient({ url: ready.url! });
      const deadline = Date.now() + 20_000;
      while ((await http.read('ska_mid/tm_central/central_node', 'telescopeState')).value !== 'ON') {
        if (Date.now() > deadline) throw new Error('HTTP never saw telescopeState ON');
        await new Promise((r) => setTimeout(r, 20));
      }
      expect((await cn.read('telescopeState')).value).toBe('ON');
      expect(await client.database().getDeviceExportedList('ska_mid/*')).toContain('ska_mid/tm_subarray_node/1');
    } finally {
      await client.close();
    }
    p.child.kill('SIGTERM');
    expect(await p.exited).toBe(0);
    const after = new TangoClient({ tangoHost: db.tangoHost });
    try {
      expect(await after.database().getDeviceExportedList('ska_mid/*')).not.toContain('ska_mid/tm_subarray_node/1');
    } finally {
      await after.close();
    }
  });

  test('usage errors: --tango without a database, --nodb without --tango', async () => {
    expect(await runCli(['node', 'telescope-sim', '--tango'], { handleSignals: false, env: {} })).toBe(2);
    expect(await runCli(['node', 'telescope-sim', '--nodb'], { handleSignals: false, env: {} })).toBe(2);
  });
});
