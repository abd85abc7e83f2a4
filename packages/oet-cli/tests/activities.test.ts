import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createOetServer } from '@ska/oet-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActivitySummary, ProcedureSummary } from '../src/index.js';
import { SCRIPTS_DIR, runOet, waitForState } from './support/harness.js';

const sbd = (id: string, activities: Record<string, unknown>) => ({ sbd_id: id, telescope: 'ska_mid', metadata: { version: 2 }, activities });
const script = (file: string, init: Record<string, unknown>, main?: Record<string, unknown>) => ({
  kind: 'filesystem',
  path: `file://${file}`,
  function_args: { init: { args: [], kwargs: init }, ...(main ? { main: { args: [], kwargs: main } } : {}) },
});

// The real server with a filesystem ODA holding two SBDefinitions that name the fixture scripts.
let tmp: string;
let url: string;
let close: () => Promise<void>;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'oet-cli-activities-'));
  await mkdir(path.join(tmp, 'oda', 'sbd'), { recursive: true });
  await writeFile(
    path.join(tmp, 'oda', 'sbd', 'sbd-cli-00001.json'),
    JSON.stringify(sbd('sbd-cli-00001', { observe: script('hello.js', { subarray_id: 1 }, { scans: 3 }), prepare: script('hello.js', { subarray_id: 2 }) })),
  );
  await writeFile(
    path.join(tmp, 'oda', 'sbd', 'sbd-cli-00002.json'),
    JSON.stringify(sbd('sbd-cli-00002', { observe: script('fail.js', { subarray_id: 3 }, { raise_msg: 'from the SB' }) })),
  );
  const server = await createOetServer({
    port: 0,
    scriptRoots: [SCRIPTS_DIR],
    stopGraceMs: 300,
    cacheDir: path.join(tmp, 'cache'),
    childMaxOldSpaceMb: 64,
    oda: { backend: 'filesystem', dataDir: path.join(tmp, 'oda') },
  });
  url = await server.listen();
  close = () => server.close();
});
afterAll(async () => {
  await close?.();
  await rm(tmp, { recursive: true, force: true });
});

describe('oet activity and oet sbd against the real server and its filesystem ODA', () => {
  it('sbd list and show read the ODA', async () => {
    const list = await runOet(['--server-url', url, 'sbd', 'list']);
    expect(list.code).toBe(0);
    const lines = list.stdout.split('\n');
    expect(lines[0]).toMatch(/^SBD ID +Version +Telescope +Activities$/);
    expect(lines[2]).toMatch(/^sbd-cli-00001 +2 +ska_mid +observe, prepare$/);
    const show = await runOet(['--server-url', url, 'sbd', 'show', 'sbd-cli-00002']);
    expect(show.code).toBe(0);
    expect(show.stdout).toMatch(/^observe +filesystem: file:\/\/fail\.js$/m);
    expect(show.stdout).toMatch(/^observe +main +\[\] +\{"raise_msg":"from the SB"\}$/m);
    const json = JSON.parse((await runOet(['--server-url', url, '--json', 'sbd', 'show', 'sbd-cli-00001'])).stdout) as { sbd_id: string };
    expect(json.sbd_id).toBe('sbd-cli-00001');
    expect(await runOet(['--server-url', url, 'sbd', 'show', 'sbd-none-1'])).toMatchObject({
      code: 1,
      stderr: 'Server encountered error 404 Not Found:\n  SBDefinition sbd-none-1 not found in the ODA\n',
    });
  });

  it('run listens until the procedure completes; list and describe show the tables', async () => {
    const run = await runOet(['--server-url', url, 'activity', 'run', 'observe', 'sbd-cli-00001', '--script-args', '{"main":{"kwargs":{"scans":1}}}']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toMatch(/^ID {2}Activity {2}SB ID {10}Creation Time {8}Procedure ID {2}State$/);
    expect(lines[2]).toMatch(/^ 1 {2}observe {3}sbd-cli-00001 {2}\d{4}-\d\d-\d\d \d\d:\d\d:\d\d {13}\d+ {2}TODO$/);
    expect(run.stdout).toContain('- Script message: scan 1 on subarray 1');
    expect(run.stdout).not.toContain('scan 2 on subarray 1'); // the request's main replaced the SB's
    expect(run.stdout).toMatch(/execution complete on subarray 1$/m);

    const listed = await runOet(['--server-url', url, 'activity', 'list']);
    expect(listed.stdout).toMatch(/^ 1 {2}observe {3}sbd-cli-00001 .* COMPLETE$/m);
    const described = await runOet(['--server-url', url, 'activity', 'describe']);
    expect(described.code).toBe(0);
    expect(described.stdout).toContain(`${url}/activities/1  false`);
    expect(described.stdout).toMatch(/^main {4}\[\] {9}\{"scans":1,"sb_json":".+","sbi_id":"sbi-oet-\d{8}-\w+"\}$/m);
    expect(described.stdout).toMatch(/TODO\n.*PREPARING\n.*READY\n.*RUNNING\n.*COMPLETE/);
    const json = JSON.parse((await runOet(['--server-url', url, '--json', 'activity', 'list', '--aid=1'])).stdout) as ActivitySummary[];
    expect(json).toMatchObject([{ id: 1, activity_name: 'observe', sbd_id: 'sbd-cli-00001', state: 'COMPLETE' }]);
    const sbJson = json[0]!.script_args.main!.kwargs!.sb_json as string;
    expect(JSON.parse(await readFile(sbJson, 'utf8'))).toMatchObject({ sbd_id: 'sbd-cli-00001' });
    expect(await runOet(['--server-url', url, 'activity', 'describe', '--aid=77'])).toMatchObject({
      code: 1,
      stderr: 'Server encountered error 404 Not Found:\n  No information available for ID=77\n',
    });
  });

  it('--prepare-only returns at once and leaves the procedure READY; a failing activity exits 1 with its stack trace', async () => {
    const prepared = await runOet(['--server-url', url, '--json', 'activity', 'run', 'prepare', 'sbd-cli-00001', '--prepare-only']);
    expect(prepared.code).toBe(0);
    const activity = JSON.parse(prepared.stdout) as ActivitySummary;
    expect(activity).toMatchObject({ prepare_only: true, state: 'TODO' });
    expect((await waitForState(url, activity.procedure_id!, ['READY'])).state).toBe('READY');

    const failed = await runOet(['--server-url', url, 'activity', 'run', 'observe', 'sbd-cli-00002']);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(/execution failed on subarray 3\n\nStack Trace:\n-+\nError: failing: from the SB/);
    expect(failed.stderr).toMatch(/^Procedure \d+ ended in state FAILED\n$/);
    const procedures = JSON.parse((await runOet(['--server-url', url, '--json', 'procedure', 'list'])).stdout) as ProcedureSummary[];
    expect(procedures.at(-1)!.state).toBe('FAILED');

    const unknown = await runOet(['--server-url', url, 'activity', 'run', 'calibrate', 'sbd-cli-00001']);
    expect(unknown).toMatchObject({
      code: 1,
      stderr: "Server encountered error 422 Unprocessable Entity:\n  Activity 'calibrate' not present in the SBDefinition sbd-cli-00001\n",
    });
  });
});
