import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { DatabaseServer } from '@observatory/tango';
import { startTangoDatabase, tangoAvailability } from '@observatory/tango/testing';
import { describe, expect, test } from 'vitest';
import { createTelescopeSimulator } from '../src/index.js';
import { serveTelescopeOnTango } from '../src/tango.js';

const helper = fileURLToPath(new URL('../examples/pytango-observation.py', import.meta.url));
const available = tangoAvailability();
if (!available.pytango) console.warn(`PyTango tests skipped: ${available.reason}`);

/** Runs the PyTango observation helper as a child process; resolves to its JSON report and exit code. */
async function runHelper(telescope: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; report: { ok: boolean; obsStates: string[]; illegal: { reason: string; desc: string } | null; replies: Record<string, unknown>; assignedResources: string[] }; stderr: string }> {
  const child = spawn('/usr/bin/python3', [helper, telescope], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr.on('data', (b: Buffer) => (err = (err + b.toString()).slice(-8000)));
  const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  clearTimeout(timer);
  if (!out.trim()) throw new Error(`pytango helper exited ${code} without a report:\n${err}`);
  return { code, report: JSON.parse(out.trim().split('\n').at(-1)!), stderr: err };
}

describe.skipIf(!available.pytango)('PyTango drives a full observation on the Tango-served simulator', () => {
  test('through our embedded Tango database (mid)', { timeout: 120_000 }, async () => {
    await using db = new DatabaseServer({ port: 0 });
    await db.start();
    await using sim = createTelescopeSimulator({ telescope: 'mid' });
    await using tango = await serveTelescopeOnTango({ simulator: sim, tangoHost: db.tangoHost });
    void tango;
    const { code, report, stderr } = await runHelper('mid', { TANGO_HOST: db.tangoHost });
    expect(report.obsStates, stderr).toEqual(['EMPTY', 'RESOURCING', 'IDLE', 'CONFIGURING', 'READY', 'SCANNING', 'READY', 'IDLE', 'RESOURCING', 'EMPTY']);
    expect(report.ok).toBe(true);
    expect(code).toBe(0);
    expect(report.replies.TelescopeOn).toEqual([[2], [expect.stringMatching(/_TelescopeOn$/)]]);
    expect(report.assignedResources).toEqual(['SKA001', 'SKA002']);
    expect(report.illegal?.reason).toBe('TELSIM_COMMAND_NOT_ALLOWED');
    expect(sim.readNow(sim.names.centralNode, 'telescopeState').value).toBe('STANDBY');
  });

  test.skipIf(!available.database)('through tango-db (cppTango DataBaseds on MariaDB)', { timeout: 180_000 }, async () => {
    const db = await startTangoDatabase({ timeoutMs: 120_000 });
    try {
      await using sim = createTelescopeSimulator({ telescope: 'mid' });
      await using tango = await serveTelescopeOnTango({ simulator: sim, tangoHost: db.tangoHost });
      void tango;
      const { code, report, stderr } = await runHelper('mid', { TANGO_HOST: db.tangoHost });
      expect(report.obsStates, stderr).toEqual(['EMPTY', 'RESOURCING', 'IDLE', 'CONFIGURING', 'READY', 'SCANNING', 'READY', 'IDLE', 'RESOURCING', 'EMPTY']);
      expect(code).toBe(0);
    } finally {
      await db.stop();
    }
  });

  test('database-less (low)', { timeout: 120_000 }, async () => {
    await using sim = createTelescopeSimulator({ telescope: 'low' });
    await using tango = await serveTelescopeOnTango({ simulator: sim });
    const { code, report, stderr } = await runHelper('low', { TELSIM_TANGO_PREFIX: `tango://127.0.0.1:${tango.port}/`, TELSIM_TANGO_SUFFIX: '#dbase=no' });
    expect(report.obsStates, stderr).toEqual(['EMPTY', 'RESOURCING', 'IDLE', 'CONFIGURING', 'READY', 'SCANNING', 'READY', 'IDLE', 'RESOURCING', 'EMPTY']);
    expect(code).toBe(0);
  });
});
