// End to end over Tango (`npm start -- --tango`): the stack's child process serves the simulator on Tango with
// its embedded database; the real `oet` CLI runs observe.js, whose script process talks Tango; skallop waits over
// Tango (ZMQ events) check what the telescope did.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { tangoEntryPoint, waitBuilder, type TmcEntryPoint } from '@ska/skallop';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitForProcedureState } from '@observatory/test-utils';
import { killCliChildren, runOet, scriptsDir, startStackProcess, type StackProcess } from './support/stack-process.js';

const observeJs = pathToFileURL(path.join(scriptsDir, 'observe.js')).href;

describe('the local stack on Tango, end to end', () => {
  let stack: StackProcess;
  let ep: TmcEntryPoint;
  let tangoHost: string;

  const procedures = async (): Promise<Array<{ id: number; state: string; script: { script_uri: string } }>> => (await (await fetch(`${stack.oetUrl}/procedures/`)).json()) as never;
  const untilState = (id: number, states: string[]) => waitForProcedureState(stack.oetUrl, id, states, { timeoutMs: 30_000, intervalMs: 50 });
  const create = async (uri: string, subarrayId: number): Promise<number> => {
    const created = await runOet(stack.oetUrl, ['procedure', 'create', uri, `--subarray-id=${subarrayId}`]);
    expect(created.code, created.stderr).toBe(0);
    const id = Math.max(...(await procedures()).map((p) => p.id));
    await untilState(id, ['READY']);
    return id;
  };

  beforeAll(async () => {
    stack = await startStackProcess({}, 60_000, ['--tango', '--tango-port', '0']);
    // The ready line (what startStackProcess waits for) names the Tango database; the banner follows it later.
    tangoHost = /"tangoHost":"([^"]+)"/.exec(stack.stdout())?.[1] ?? '';
    expect(tangoHost).toMatch(/^127\.0\.0\.1:\d+$/);
    ep = await tangoEntryPoint({ telescope: 'mid', tangoHost, readViaPubsub: true });
  }, 90_000);

  afterAll(async () => {
    killCliChildren();
    await ep?.close();
    await stack?.destroy();
  });

  it("the console's Telescope view reads the telescope over Tango", async () => {
    const res = await fetch(`${stack.oetUrl}/telescope`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { url: string; state: { source: string; telescopeState: string; subarrays: Array<{ id: number }> } };
    expect(body.url).toBe(`tango://${tangoHost}`);
    expect(body.state.source).toBe('tango');
    expect(body.state.subarrays.map((s) => s.id)).toEqual([1, 2]);
    expect(body.state.telescopeState).toBe((await ep.read(ep.names.centralNode, 'telescopeState')).value);
  });

  it('the banner shows TANGO_HOST and a tango watch command', () => {
    expect(tangoHost).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(stack.stdout()).toContain('npx tango watch ska_mid/tm_subarray_node/1/obsState');
  });

  it('observe.js runs a whole observation over Tango', async () => {
    const id = await create(observeJs, 1);
    const tm = ep.names.tmSubarray(1);
    const w = waitBuilder(ep).on(tm).attr('obsState').toChangeInOrder(['RESOURCING', 'IDLE', 'CONFIGURING', 'READY', 'SCANNING', 'READY', 'IDLE', 'EMPTY']);
    let started: Awaited<ReturnType<typeof runOet>> | undefined;
    const result = await w.around(
      async () => {
        started = await runOet(stack.oetUrl, ['procedure', 'start', '--scan_duration=1']);
      },
      { timeoutMs: 60_000 },
    );
    expect(started!.code, started!.stderr).toBe(0);
    expect(started!.stdout).toContain('Script message: Observation complete: subarray 1 is EMPTY');
    expect(result.events.filter((e) => e.device === tm && !e.initial).map((e) => e.value)).toEqual([
      'RESOURCING',
      'IDLE',
      'CONFIGURING',
      'READY',
      'SCANNING',
      'READY',
      'IDLE',
      'RESOURCING',
      'EMPTY',
    ]);
    expect((await untilState(id, ['COMPLETE'])).state).toBe('COMPLETE');
  }, 120_000);

  it('observe.ts takes the access mode from the environment too (Tango here)', async () => {
    const id = await create(pathToFileURL(path.join(scriptsDir, 'observe.ts')).href, 1);
    const w = waitBuilder(ep).on(ep.names.tmSubarray(1)).attr('obsState').toChangeInOrder(['IDLE', 'READY', 'SCANNING', 'READY', 'IDLE', 'EMPTY']);
    let started: Awaited<ReturnType<typeof runOet>> | undefined;
    await w.around(
      async () => {
        started = await runOet(stack.oetUrl, ['procedure', 'start', '--scan_duration=0.5']);
      },
      { timeoutMs: 60_000 },
    );
    expect(started!.code, started!.stderr).toBe(0);
    expect((await untilState(id, ['COMPLETE'])).state).toBe('COMPLETE');
  }, 120_000);

  it('oet procedure stop on a long scan runs abort.js over Tango: ABORTED', async () => {
    const id = await create(observeJs, 2);
    const tm = ep.names.tmSubarray(2);
    let listener: ReturnType<typeof runOet> | undefined;
    await waitBuilder(ep).on(tm).attr('obsState').toBe('SCANNING').around(
      () => {
        listener = runOet(stack.oetUrl, ['procedure', 'start', '--scan_duration=600']);
      },
      { timeoutMs: 60_000 },
    );
    let stopped: Awaited<ReturnType<typeof runOet>> | undefined;
    await waitBuilder(ep).on(tm).attr('obsState').toChangeInOrder(['ABORTING', 'ABORTED']).around(
      async () => {
        stopped = await runOet(stack.oetUrl, ['procedure', 'stop']);
      },
      { timeoutMs: 60_000 },
    );
    expect(stopped!.code, stopped!.stderr).toBe(0);
    expect((await listener!).code).toBe(1);
    const aborter = (await procedures()).find((p) => p.id > id && p.script.script_uri.endsWith('/abort.js'))!;
    expect((await untilState(aborter.id, ['COMPLETE', 'FAILED'])).state).toBe('COMPLETE');
    expect((await ep.read(tm, 'obsState')).value).toBe('ABORTED');
  }, 120_000);
});
