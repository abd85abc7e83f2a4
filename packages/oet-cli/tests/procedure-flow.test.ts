import { describe, expect } from 'vitest';
import type { ProcedureSummary } from '../src/index.js';
import { test } from './support/fixtures.js';
import { json, runOet, scriptUri, spawnOet, waitForState } from './support/harness.js';

describe('create -> list -> start -> describe against a real server', () => {
  test('in process: tables, live events until COMPLETE, numbered states and arguments in describe', async ({ oet }) => {
    const server = ['--server-url', oet.url];
    const uri = scriptUri('hello.js');

    const created = await runOet([...server, 'procedure', 'create', uri, 'first', '--subarray-id=2', '--mode=fast']);
    expect(created).toMatchObject({ code: 0, stderr: '' });
    const createdLines = created.stdout.split('\n');
    expect(createdLines[0]).toMatch(/^ID\s{2}Script\s+Creation Time\s+State$/);
    expect(createdLines[1]).toMatch(/^--\s{2}-+\s{2}-{19}\s{2}-+$/);
    expect(createdLines[2]).toMatch(new RegExp(`^ 1  ${uri}  \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d  CREATING$`));
    expect(created.stdout).toContain('oet procedure describe --pid=<id>');

    const listed = await runOet([...server, 'procedure', 'list']);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(new RegExp(`^ 1  ${uri}  `, 'm'));

    const started = await runOet([...server, 'procedure', 'start', 'a', '7', '--scans=2']);
    expect(started.stderr).not.toMatch(/error/i);
    expect(started.code).toBe(0);
    const out = started.stdout;
    expect(out).toMatch(/^ 1 {2}\S+hello\.js {2}.* RUNNING$/m);
    expect(out).toContain('\nEvents\n------\n');
    const events = out.split('\n').filter((line) => line.startsWith('- '));
    expect(events).toEqual([
      `- Procedure 1 (${uri}) started execution on subarray 2`,
      '- Script message: scan 1 on subarray 2',
      '- Script message: scan 2 on subarray 2',
      '- Script message: args ["a",7]',
      `- Procedure 1 (${uri}) execution complete on subarray 2`,
    ]);

    const described = await runOet([...server, 'procedure', 'describe']);
    expect(described.code).toBe(0);
    const sections = described.stdout.trimEnd().split('\n\n');
    expect(sections[0]).toMatch(new RegExp(`^ID  Script\\s+URI\\n--  -+  -+\\n 1  ${uri}  ${oet.url}/procedures/1$`));
    const states = sections[1]!.split('\n').slice(2).map((line) => line.split(/\s{2,}/)[1]);
    expect(states).toEqual(['CREATING', 'IDLE', 'LOADING', 'IDLE', 'INITIALISING', 'READY', 'RUNNING 1', 'READY', 'COMPLETE']);
    expect(sections[1]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6} {2}CREATING$/m);
    expect(sections[2]!.split('\n')).toEqual([
      expect.stringMatching(/^Index {2}Method {2}Arguments {2}Keyword Arguments$/),
      expect.stringMatching(/^-{5} {2}-{6} {2}-{9} {2}-+$/),
      '    1  init    ["first"]  {"subarray_id":2,"mode":"fast"}',
      '    2  main    ["a",7]    {"scans":2}',
    ]);
    expect(described.stdout).not.toContain('Stack Trace');
    expect(described.stdout).not.toContain('Repository');
  });

  test('flat aliases with OET_URL; the listening start runs as a child process', async ({ oet }) => {
    const env = { OET_URL: oet.url };
    const created = await runOet(['create', scriptUri('hello.js'), '--scans=1'], { env });
    expect(created).toMatchObject({ code: 0, stderr: '' });
    expect(created.stdout).toMatch(/^ 1 {2}.*hello\.js {2}.*CREATING$/m);

    const started = await spawnOet(['start', '--listen=True'], env);
    expect(started.code).toBe(0);
    expect(started.stdout).toContain('- Script message: scan 1 on subarray 1');
    expect(started.stdout).toMatch(/execution complete on subarray 1$/m);

    const listed = await runOet(['list'], { env });
    expect(listed.stdout).toMatch(/^ 1 {2}.*COMPLETE$/m);

    const described = await runOet(['describe', '--pid=1'], { env });
    expect(described.code).toBe(0);
    expect(described.stdout).toContain('RUNNING 1');
    expect(described.stdout).toContain('{"subarray_id":1,"scans":1}');
  });

  test('the legacy OET_REST_URI, underscore options and --listen=False', async ({ oet }) => {
    const env = { OET_REST_URI: `${oet.url}/procedures` };
    expect((await runOet(['procedure', 'create', scriptUri('hello.js'), '--subarray_id=3'], { env })).code).toBe(0);
    await waitForState(oet.url, 1, ['READY']);
    const started = await runOet(['procedure', 'start', '--listen=False', '--json'], { env });
    expect(started.code).toBe(0);
    const summary = JSON.parse(started.stdout) as ProcedureSummary;
    expect(summary).toMatchObject({ id: 1, state: 'RUNNING', script_args: { init: { kwargs: { subarray_id: 3 } }, main: { args: [], kwargs: {} } } });
    const done = await waitForState(oet.url, 1, ['COMPLETE']);
    expect(done.history.process_states.map(([s]) => s)).toContain('RUNNING');
  });

  test('start waits for a procedure still initialising, then runs it', async ({ oet }) => {
    const server = ['--server-url', oet.url];
    expect((await runOet([...server, 'procedure', 'create', scriptUri('slow-init.js')])).code).toBe(0);
    const started = await runOet([...server, 'procedure', 'start']);
    expect(started.stderr).toMatch(/^Waiting for procedure 1 to become READY \(now [A-Z]+\)\.\.\.$/m);
    expect(started.code).toBe(0);
    expect(started.stdout).toContain('- Script message: prepared at last');
  });

  test('start refuses the last created procedure when it is not READY, and an empty server', async ({ oet }) => {
    const server = ['--server-url', oet.url];
    expect(await runOet([...server, 'procedure', 'start'])).toEqual({ code: 1, stdout: '', stderr: 'No procedures to start\n' });
    expect(await runOet([...server, 'procedure', 'describe'])).toEqual({ code: 1, stdout: '', stderr: 'No procedures to describe\n' });
    expect((await runOet([...server, 'procedure', 'create', scriptUri('hello.js')])).code).toBe(0);
    const first = await runOet([...server, 'procedure', 'start']); // waits for READY, runs to COMPLETE
    expect(first.code).toBe(0);
    const again = await runOet([...server, 'procedure', 'start']);
    expect(again).toEqual({ code: 1, stdout: '', stderr: 'Cannot start a procedure in state COMPLETE.\n' });
  });

  test('list --pid shows one procedure; json list parses', async ({ oet }) => {
    const server = ['--server-url', oet.url];
    await runOet([...server, 'procedure', 'create', scriptUri('hello.js')]);
    await runOet([...server, 'procedure', 'create', scriptUri('spin.js'), '--subarray-id=4']);
    const one = await runOet([...server, 'procedure', 'list', '--pid=2']);
    expect(one.stdout.split('\n').filter((line) => /^\s*\d+ {2}/.test(line))).toEqual([expect.stringMatching(/^ 2 {2}.*spin\.js/)]);
    const all = json<ProcedureSummary[]>(await runOet([...server, '--json', 'procedure', 'list']));
    expect(all.map((p) => [p.id, p.script.script_uri])).toEqual([
      [1, scriptUri('hello.js')],
      [2, scriptUri('spin.js')],
    ]);
  });
});
