import { describe, expect } from 'vitest';
import type { ProcedureSummary } from '../src/index.js';
import { test } from './support/fixtures.js';
import { runOet, scriptUri, spawnOet, waitForState } from './support/harness.js';

describe('--json', () => {
  test('create, list, describe: one JSON document on stdout, nothing on stderr', async ({ oet }) => {
    const server = ['--server-url', oet.url, '--json'];
    const created = await runOet([...server, 'procedure', 'create', scriptUri('hello.js'), 'x', '--scans=2']);
    expect(created.stderr).toBe('');
    const summary = JSON.parse(created.stdout) as ProcedureSummary;
    expect(summary).toMatchObject({
      id: 1,
      state: 'CREATING',
      script: { script_type: 'filesystem', script_uri: scriptUri('hello.js') },
      script_args: { init: { args: ['x'], kwargs: { subarray_id: 1, scans: 2 } } },
      uri: `${oet.url}/procedures/1`,
    });
    await waitForState(oet.url, 1, ['READY']);
    const listed = JSON.parse((await runOet([...server, 'procedure', 'list'])).stdout) as ProcedureSummary[];
    expect(listed.map((p) => p.state)).toEqual(['READY']);
    const described = JSON.parse((await runOet([...server, 'procedure', 'describe'])).stdout) as ProcedureSummary;
    expect(described.history.process_states.map(([s]) => s)).toEqual(['CREATING', 'IDLE', 'LOADING', 'IDLE', 'INITIALISING', 'READY']);
  });

  test('start streams the procedure\'s events as NDJSON with rising ids (child process)', async ({ oet }) => {
    await runOet(['--server-url', oet.url, 'procedure', 'create', scriptUri('hello.js')]);
    const run = await spawnOet(['procedure', 'start', '--json', '--scans=1'], { OET_URL: oet.url });
    expect(run.code).toBe(0);
    const events = run.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as { id: number; topic: string; msg_src: string; msg?: string; new_state?: string });
    expect(events.map((e) => e.topic)).toEqual([
      'procedure.lifecycle.statechange',
      'procedure.lifecycle.started',
      'user.script.announce',
      'user.script.announce',
      'procedure.lifecycle.statechange',
      'procedure.lifecycle.statechange',
      'procedure.lifecycle.complete',
    ]);
    expect(events.filter((e) => e.new_state).map((e) => e.new_state)).toEqual(['RUNNING', 'READY', 'COMPLETE']);
    expect(events[2]).toMatchObject({ msg_src: '1', msg: 'scan 1 on subarray 1' });
    const ids = events.map((e) => e.id);
    expect(ids.every((id) => Number.isInteger(id))).toBe(true);
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
