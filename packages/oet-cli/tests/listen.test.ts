import { describe, expect, vi } from 'vitest';
import { test } from './support/fixtures.js';
import { createOetServer } from '@ska/oet-server';
import { OetProcess, runOet, scriptUri, SCRIPTS_DIR, startOet, waitForState } from './support/harness.js';

describe('oet listen', () => {
  test('shows filtered events as lines until detached (in process), exit 0', async ({ oet }) => {
    const server = ['--server-url', oet.url];
    const detach = new AbortController();
    const listening = startOet([...server, 'listen', '--topics=procedure.lifecycle,user.script', '--exclude=procedure.lifecycle.statechange'], {
      signal: detach.signal,
    });
    try {
      await vi.waitFor(() => expect(listening.stderr.text).toContain(`Listening to ${oet.url}/stream`));
      await runOet([...server, 'procedure', 'create', scriptUri('hello.js'), '--subarray-id=3']);
      await runOet([...server, 'procedure', 'start', '--scans=1', '--no-listen']);
      await vi.waitFor(() => expect(listening.stdout.text).toContain('execution complete'), { timeout: 10_000 });
    } finally {
      detach.abort();
    }
    const run = await listening.done;
    expect(run.code).toBe(0);
    const uri = scriptUri('hello.js');
    expect(run.stdout.trimEnd().split('\n')).toEqual([
      `- Procedure 1 (${uri}) ready for execution on subarray 3`,
      `- Procedure 1 (${uri}) started execution on subarray 3`, // init
      `- Procedure 1 (${uri}) started execution on subarray 3`, // main
      '- Script message: scan 1 on subarray 3',
      '- Script message: args []',
      `- Procedure 1 (${uri}) execution complete on subarray 3`,
    ]);
  });

  test('--json prints NDJSON; Ctrl-C (SIGINT) ends the child with exit 0', async ({ oet }) => {
    const child = new OetProcess(['listen', '--json', '--topics=user.script'], { OET_URL: oet.url });
    try {
      await vi.waitFor(() => expect(child.stderr).toContain('Listening to'), { timeout: 10_000 });
      await runOet(['--server-url', oet.url, 'procedure', 'create', scriptUri('hello.js')]);
      await runOet(['--server-url', oet.url, 'procedure', 'start', '--scans=2', '--no-listen']);
      await child.waitForOutput(/args \[\]/);
      child.child.kill('SIGINT');
      const run = await child.result();
      expect(run.code).toBe(0);
      const events = run.stdout
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line) as { id: number; topic: string; msg: string });
      expect(events.map((e) => [e.topic, e.msg])).toEqual([
        ['user.script.announce', 'scan 1 on subarray 1'],
        ['user.script.announce', 'scan 2 on subarray 1'],
        ['user.script.announce', 'args []'],
      ]);
      expect(events[0]!.id).toBeLessThan(events[2]!.id);
    } finally {
      await child.close();
    }
  });

  test('a reader that goes away (`oet listen | head -1`) ends the child quietly with exit 0', async ({ oet }) => {
    const child = new OetProcess(['listen', '--topics=user.script'], { OET_URL: oet.url });
    try {
      await vi.waitFor(() => expect(child.stderr).toContain('Listening to'), { timeout: 10_000 });
      await runOet(['--server-url', oet.url, 'procedure', 'create', scriptUri('hello.js')]);
      await runOet(['--server-url', oet.url, 'procedure', 'start', '--scans=1', '--no-listen']);
      await child.waitForOutput(/scan 1/);
      child.child.stdout!.destroy(); // like `head` exiting after its line
      await runOet(['--server-url', oet.url, 'procedure', 'create', scriptUri('hello.js'), '--subarray-id=2']);
      await runOet(['--server-url', oet.url, 'procedure', 'start', '--pid=2', '--scans=3', '--no-listen']);
      const run = await child.result();
      expect(run.code).toBe(0);
      expect(run.stderr).not.toMatch(/EPIPE|Error/);
    } finally {
      await child.close();
    }
  });

  test('Ctrl-C during `procedure start` detaches (exit 0) and leaves the procedure running', async ({ oet }) => {
    await runOet(['--server-url', oet.url, 'procedure', 'create', scriptUri('spin.js')]);
    const child = new OetProcess(['procedure', 'start'], { OET_URL: oet.url });
    try {
      await child.waitForOutput(/Script message: spinning/);
      child.child.kill('SIGINT');
      const run = await child.result();
      expect(run.code).toBe(0);
      expect(run.stderr).toContain('Stopped listening; procedure 1 carries on');
    } finally {
      await child.close();
    }
    expect((await waitForState(oet.url, 1, ['RUNNING'])).state).toBe('RUNNING');
    expect((await runOet(['--server-url', oet.url, 'procedure', 'stop', '--no-run-abort'])).code).toBe(0);
  });
});

describe('oet listen across a server restart', () => {
  test('reconnects to a server restarted on the same port; gives up with exit 1 once it stays away', async ({ oet }) => {
    const port = oet.server.address()!.port;
    const listening = startOet(['--server-url', oet.url, 'listen', '--topics=user.script']);
    await vi.waitFor(() => expect(listening.stderr.text).toContain('Listening to'));
    await runOet(['--server-url', oet.url, 'procedure', 'create', scriptUri('hello.js')]);
    await runOet(['--server-url', oet.url, 'procedure', 'start', '--scans=1', '--no-listen']);
    await vi.waitFor(() => expect(listening.stdout.text).toContain('args []'), { timeout: 10_000 });
    await oet.server.close();

    const again = await createOetServer({ port, scriptRoots: [SCRIPTS_DIR], stopGraceMs: 300 });
    try {
      await again.listen();
      await vi.waitFor(() => expect(listening.stderr.text).toContain(`Reconnected to ${oet.url}/stream`), { timeout: 10_000 });
      expect(listening.stderr.text).toContain('Connection to the OET server lost; reconnecting...');
      await runOet(['--server-url', again.url, 'procedure', 'create', scriptUri('hello.js')]);
      await runOet(['--server-url', again.url, 'procedure', 'start', '--scans=0', '--no-listen']);
      await vi.waitFor(() => expect(listening.stdout.text.match(/args \[\]/g)).toHaveLength(2), { timeout: 10_000 });
    } finally {
      await again.close();
    }
    const run = await listening.done; // ~5 failed reconnects later
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`Cannot reach the OET server at ${oet.url}`);
  });
});

describe('colour', () => {
  test('states are coloured on a terminal, never under NO_COLOR or off a terminal', async ({ oet }) => {
    const server = ['--server-url', oet.url];
    await runOet([...server, 'procedure', 'create', scriptUri('hello.js')]);
    await waitForState(oet.url, 1, ['READY']);
    const tty = await runOet([...server, 'procedure', 'list'], { tty: true });
    expect(tty.stdout).toContain('\u001b[32mREADY\u001b[39m');
    // colour does not shift the columns
    const plain = await runOet([...server, 'procedure', 'list']);
    expect(tty.stdout.replace(new RegExp(`${String.fromCharCode(27)}\\[\\d+m`, 'g'), '')).toBe(plain.stdout);
    expect(plain.stdout).not.toContain('\u001b[');
    const noColour = await runOet([...server, 'procedure', 'list'], { tty: true, env: { NO_COLOR: '1' } });
    expect(noColour.stdout).toBe(plain.stdout);
    const json = await runOet([...server, '--json', 'procedure', 'list'], { tty: true });
    expect(json.stdout).not.toContain('\u001b[');
  });
});
