// The getting-started guide's activity section, as a user runs it: `npm start`'s program as a child process and
// the real `oet` CLI against it, with the repository's example SBDefinitions (apps/oet-rest/oda).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { killCliChildren, repoRoot, runOet, startStackProcess, type StackProcess } from './support/stack-process.js';

const guide = readFileSync(path.join(repoRoot, 'docs/getting-started.md'), 'utf8');

describe('scheduling blocks in the local stack (getting started, section 4)', () => {
  let stack: StackProcess;
  beforeAll(async () => {
    stack = await startStackProcess();
  }, 60_000);
  afterAll(async () => {
    killCliChildren();
    await stack?.destroy();
  });

  it('the guide shows these commands', () => {
    for (const command of ['npx oet sbd list', 'npx oet activity run observe sbd-mvp01-20261206-00001', 'npx oet activity describe']) {
      expect(guide).toContain(command);
    }
  });

  it('sbd list shows the example SBDefinitions; activity run observes to the end and exits 0', async () => {
    const listed = await runOet(stack.oetUrl, ['sbd', 'list']);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toMatch(/^sbd-mvp01-20261206-00001 +1 +ska_mid +observe, hello$/m);

    const run = await runOet(stack.oetUrl, ['activity', 'run', 'observe', 'sbd-mvp01-20261206-00001']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/Script message: Executing sbi-oet-\d{8}-\w+ of sbd-mvp01-20261206-00001/);
    expect(run.stdout).toContain('Script message: Observation complete: subarray 1 is EMPTY');

    const described = await runOet(stack.oetUrl, ['activity', 'describe']);
    expect(described.code, described.stderr).toBe(0);
    expect(described.stdout).toMatch(/TODO\n.*PREPARING\n.*READY\n.*RUNNING\n.*COMPLETE/);

    const failing = await runOet(stack.oetUrl, ['activity', 'run', 'observe', 'sbd-mvp01-20261206-00002']);
    expect(failing.code).toBe(1);
    expect(failing.stdout).toContain('Stack Trace:');
  }, 120_000);
});
