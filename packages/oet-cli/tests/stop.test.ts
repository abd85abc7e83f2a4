import { describe, expect } from 'vitest';
import { test } from './support/fixtures.js';
import { OetProcess, runOet, scriptUri, waitForState } from './support/harness.js';

describe('oet procedure stop', () => {
  test('stops the only RUNNING procedure, runs the abort script, and the listening start exits 1', async ({ oet }) => {
    const server = ['--server-url', oet.url];
    expect((await runOet([...server, 'procedure', 'create', scriptUri('spin.js'), '--subarray-id=5'])).code).toBe(0);
    const listening = new OetProcess(['procedure', 'start'], { OET_URL: oet.url });
    try {
      await listening.waitForOutput(/Script message: spinning/);

      const stopped = await runOet([...server, 'procedure', 'stop']);
      expect(stopped).toEqual({ code: 0, stdout: 'Successfully stopped script with ID 1 and aborted subarray activity\n', stderr: '' });

      const result = await listening.result();
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(/^- Procedure 1 \(.*spin\.js\) execution stopped on subarray 5$/m);
      expect(result.stderr).toContain('Procedure 1 ended in state STOPPED');
    } finally {
      await listening.close();
    }
    // the abort procedure ran on the same subarray
    const abort = await waitForState(oet.url, 2, ['COMPLETE']);
    expect(abort.script.script_uri).toMatch(/abort\.js$/);
    expect(abort.script_args.init?.kwargs).toEqual({ subarray_id: 5 });
  });

  test('--no-run-abort only stops; nothing to stop is an operational failure', async ({ oet }) => {
    const server = ['--server-url', oet.url];
    expect(await runOet([...server, 'procedure', 'stop'])).toEqual({ code: 1, stdout: '', stderr: 'No procedures to stop\n' });
    await runOet([...server, 'procedure', 'create', scriptUri('spin.js')]);
    expect((await runOet([...server, 'procedure', 'start', '--no-listen'])).code).toBe(0);
    const stopped = await runOet([...server, 'stop', '--run_abort=False']);
    expect(stopped).toEqual({ code: 0, stdout: 'Successfully stopped script with ID 1\n', stderr: '' });
    expect((await waitForState(oet.url, 1, ['STOPPED'])).state).toBe('STOPPED');
    const list = await runOet([...server, '--json', 'procedure', 'list']);
    expect(JSON.parse(list.stdout)).toHaveLength(1); // no abort procedure was created
  });

  test('several RUNNING procedures: warns and exits 2 until --pid picks one', async ({ oet }) => {
    const server = ['--server-url', oet.url];
    for (const subarray of [1, 2]) {
      await runOet([...server, 'procedure', 'create', scriptUri('spin.js'), `--subarray-id=${subarray}`]);
      expect((await runOet([...server, 'procedure', 'start', '--no-listen'])).code).toBe(0);
    }
    const ambiguous = await runOet([...server, 'procedure', 'stop']);
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stderr).toBe('WARNING: More than one procedure is running (1, 2). Specify the ID of the procedure to stop with --pid.\n');

    const json = await runOet([...server, '--json', 'procedure', 'stop', '--pid=2', '--no-run-abort']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({ abort_message: 'Successfully stopped script with ID 2' });
    expect((await runOet([...server, 'procedure', 'stop', '--no-run-abort'])).stdout).toBe('Successfully stopped script with ID 1\n');
  });

  test('stopping a finished procedure shows the server\'s 409 detail', async ({ oet }) => {
    const server = ['--server-url', oet.url];
    await runOet([...server, 'procedure', 'create', scriptUri('hello.js')]);
    expect((await runOet([...server, 'procedure', 'start'])).code).toBe(0);
    const stop = await runOet([...server, 'procedure', 'stop', '--pid=1']);
    expect(stop).toEqual({
      code: 1,
      stdout: '',
      stderr: 'Server encountered error 409 Conflict:\n  Cannot stop script with ID 1: Script is not running\n',
    });
  });
});
