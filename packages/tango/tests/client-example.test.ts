import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTangoTest, tangoAvailability, type TangoTestServer } from '../src/testing/index.js';

const available = tangoAvailability();
if (!available.tangoTest) console.warn(`[tango examples] SKIPPED: ${available.reason}`);

const packageDir = fileURLToPath(new URL('..', import.meta.url));

function runExample(file: string, args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    // Nx runs tasks with FORCE_COLOR set; the README shows what a plain (piped) run prints.
    const { FORCE_COLOR: _forceColor, ...env } = process.env;
    const child = spawn(process.execPath, ['--conditions=@observatory/source', '--import', 'tsx', file, ...args], { cwd: packageDir, env });
    let out = '';
    let err = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    child.once('close', (code) => resolve({ code, out, err }));
  });
}

describe.skipIf(!available.tangoTest)('README example (examples/read-write.ts) against TangoTest', () => {
  let tt: TangoTestServer;
  beforeAll(async () => {
    tt = await startTangoTest();
  });
  afterAll(async () => {
    await tt?.stop();
  });

  it('runs and prints what the README shows', { timeout: 60_000 }, async () => {
    const r = await runExample('examples/read-write.ts', [tt.url]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('state: RUNNING');
    expect(r.out).toMatch(/double_scalar: \S+ set point: 3\.5 ATTR_VALID/);
    expect(r.out).toContain('DevString: hello');
    expect(r.out).toContain('DevVarLong64Array: BigInt64Array(2) [ 1n, 4611686018427387904n ]');
    expect(r.out).toContain('no_value failed: API_AttrValueNotSet');
  });
});
