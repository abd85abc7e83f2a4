import { describe, expect } from 'vitest';
import type { ProcedureSummary } from '../src/index.js';
import { test } from './support/fixtures.js';
import { runOet, scriptUri, spawnOet } from './support/harness.js';

describe('a failing script', () => {
  test('start prints its stack trace and exits 1; describe shows the Stack Trace section', async ({ oet }) => {
    const server = ['--server-url', oet.url];
    await runOet([...server, 'procedure', 'create', scriptUri('fail.js')]);
    const started = await runOet([...server, 'procedure', 'start', '--raise_msg=boom']);
    expect(started.code).toBe(1);
    expect(started.stdout).toMatch(/^- Procedure 1 \(.*fail\.js\) execution failed on subarray 1$/m);
    expect(started.stdout).toMatch(/\nStack Trace:\n------------\nError: failing: boom\n\s+at main \(.*fail\.js:\d+:\d+\)/);
    expect(started.stderr).toMatch(/^Procedure 1 ended in state FAILED\n$/m);

    const described = await spawnOet(['describe'], { OET_URL: oet.url });
    expect(described.code).toBe(0);
    const sections = described.stdout.trimEnd().split('\n\n');
    expect(sections.at(-1)).toMatch(/^Stack Trace:\n------------\nError: failing: boom\n\s+at main \(.*fail\.js:\d+:\d+\)/);
    expect(sections[1]).toMatch(/RUNNING 1\n.*FAILED$/);
    expect(sections[2]).toContain('{"raise_msg":"boom"}');

    const json = await runOet([...server, '--json', 'procedure', 'describe', '--pid=1']);
    const summary = JSON.parse(json.stdout) as ProcedureSummary;
    expect(summary.state).toBe('FAILED');
    expect(summary.history.stacktrace).toContain('failing: boom');
  });

  test('a missing script file fails at load; describe shows why', async ({ oet }) => {
    const server = ['--server-url', oet.url];
    expect((await runOet([...server, 'procedure', 'create', scriptUri('missing.js')])).code).toBe(0);
    const started = await runOet([...server, 'procedure', 'start']);
    expect(started.code).toBe(1);
    expect(started.stderr).toMatch(/Cannot start a procedure in state FAILED\./);
    const described = await runOet([...server, 'procedure', 'describe']);
    expect(described.stdout).toMatch(/Stack Trace:\n------------\n[\s\S]*missing\.js/);
  });
});
