import { describe, expect } from 'vitest';
import type { ActivitySummary, ProcedureSummary } from '../src/index.js';
import { ActivitiesStandIn } from './support/activities-stand-in.js';
import { test } from './support/fixtures.js';
import { runOet, waitForState } from './support/harness.js';

// The real server has no activities yet (its 501 is tested in errors.test.ts); these run the CLI's
// activity commands through a clearly named stand-in that runs the procedures on the real server.
describe('oet activity (through the activities stand-in, procedures on the real server)', () => {
  test('run listens until the procedure completes; list and describe show the tables', async ({ oet }) => {
    const front = new ActivitiesStandIn(oet.url);
    try {
      const server = ['--server-url', await front.listen()];
      const run = await runOet([...server, 'activity', 'run', 'observe', 'sbd-mvp01-00011', '--script-args', '{"main":{"kwargs":{"scans":1}}}']);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const lines = run.stdout.split('\n');
      expect(lines[0]).toMatch(/^ID {2}Activity {2}SB ID {12}Creation Time {8}Procedure ID {2}State$/);
      expect(lines[2]).toMatch(/^ 1 {2}observe {3}sbd-mvp01-00011 {2}\d{4}-\d\d-\d\d \d\d:\d\d:\d\d {13}1 {2}TODO$/);
      expect(run.stdout).toContain('- Script message: scan 1 on subarray 1');
      expect(run.stdout).toMatch(/execution complete on subarray 1$/m);

      const listed = await runOet([...server, 'activity', 'list']);
      expect(listed.stdout).toMatch(/^ 1 {2}observe {3}sbd-mvp01-00011 /m);
      const described = await runOet([...server, 'activity', 'describe']);
      expect(described.code).toBe(0);
      expect(described.stdout).toContain(`${front.url}/activities/1  false`);
      expect(described.stdout).toMatch(/Script Arguments\n-+\nMethod {2}Arguments {2}Keyword Arguments\n-+ {2}-+ {2}-+\nmain {4}\[\] {9}\{"scans":1\}/);
      const json = JSON.parse((await runOet([...server, '--json', 'activity', 'list', '--aid=1'])).stdout) as ActivitySummary[];
      expect(json).toMatchObject([{ id: 1, activity_name: 'observe', sbd_id: 'sbd-mvp01-00011', procedure_id: 1 }]);
      expect(await runOet([...server, 'activity', 'describe', '--aid=7'])).toMatchObject({
        code: 1,
        stderr: 'Server encountered error 404 Not Found:\n  No information available for ID=7\n',
      });
    } finally {
      await front.close();
    }
  });

  test('--prepare-only returns at once and leaves the procedure READY; a failing activity exits 1 with its stack trace', async ({ oet }) => {
    const front = new ActivitiesStandIn(oet.url);
    try {
      const server = ['--server-url', await front.listen()];
      const prepared = await runOet([...server, '--json', 'activity', 'run', 'observe', 'sbd-1', '--prepare-only']);
      expect(prepared.code).toBe(0);
      expect(JSON.parse(prepared.stdout)).toMatchObject({ id: 1, prepare_only: true, procedure_id: 1 });
      expect((await waitForState(oet.url, 1, ['READY'])).state).toBe('READY');

      const failed = await runOet([...server, 'activity', 'run', 'broken', 'sbd-2', '--script-args={"main":{"kwargs":{"raise_msg":"no sky"}}}']);
      expect(failed.code).toBe(1);
      expect(failed.stdout).toMatch(/execution failed on subarray 1\n\nStack Trace:\n-+\nError: failing: no sky/);
      expect(failed.stderr).toBe('Procedure 2 ended in state FAILED\n');
      const procedure = JSON.parse((await runOet([...server, '--json', 'procedure', 'describe', '--pid=2'])).stdout) as ProcedureSummary;
      expect(procedure.state).toBe('FAILED');
    } finally {
      await front.close();
    }
  });
});
