// End to end, as a user runs it: `npm start`'s program as a child process, the real `oet` CLI as child
// processes, and skallop waits on the telescope simulator's HTTP client to check what the telescope did.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { simulatorEntryPoint, waitBuilder, type TmcEntryPoint } from '@ska/skallop';
import { createTelescopeClient, type TelescopeClient } from '@ska/telescope-simulator/client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { waitForProcedureState } from '@observatory/test-utils';
import { descendants, isAlive, killCliChildren, runOet, scriptsDir, startStackProcess, type StackProcess } from './support/stack-process.js';

const observeJs = pathToFileURL(path.join(scriptsDir, 'observe.js')).href;
const observeTs = pathToFileURL(path.join(scriptsDir, 'observe.ts')).href;

interface Summary {
  id: number;
  state: string;
  script: { script_uri: string };
  history: { process_states: Array<[string, number]>; stacktrace: string | null };
}

describe('the local stack, end to end', () => {
  let stack: StackProcess;
  let client: TelescopeClient;
  let ep: TmcEntryPoint;
  const seenChildren = new Set<number>();

  const procedures = async (): Promise<Summary[]> => (await (await fetch(`${stack.oetUrl}/procedures/`)).json()) as Summary[];
  const procedure = async (id: number): Promise<Summary> => (await (await fetch(`${stack.oetUrl}/procedures/${id}`)).json()) as Summary;
  const untilState = (id: number, states: string[]): Promise<Summary> =>
    waitForProcedureState<Summary>(stack.oetUrl, id, states, { timeoutMs: 20_000, intervalMs: 50 });
  /** `oet procedure create`, then the id it printed, once READY (start needs READY). */
  const create = async (uri: string, subarrayId: number): Promise<number> => {
    const created = await runOet(stack.oetUrl, ['procedure', 'create', uri, `--subarray-id=${subarrayId}`]);
    expect(created.code, created.stderr).toBe(0);
    const id = Math.max(...(await procedures()).map((p) => p.id));
    await untilState(id, ['READY']);
    return id;
  };
  const tm = (id: number): string => ep.names.tmSubarray(id);
  const noteChildren = async (): Promise<void> => {
    for (const pid of await descendants(stack.pid)) seenChildren.add(pid);
  };

  beforeAll(async () => {
    stack = await startStackProcess();
    client = await createTelescopeClient({ url: stack.telescopeUrl, readViaPubsub: true });
    ep = await simulatorEntryPoint(client);
  }, 60_000);

  afterAll(async () => {
    killCliChildren();
    await ep?.close();
    await client?.close();
    await stack?.destroy();
  });

  it('prints what runs where and the next commands', () => {
    expect(stack.oetUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/ska-oso-oet\/oet\/api\/v7$/);
    expect(stack.telescopeUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const out = stack.stdout();
    expect(out).toContain(`OET REST server       ${stack.oetUrl}`);
    expect(out).toContain(`telescope simulator   ${stack.telescopeUrl} (mid`);
    expect(out).toContain(`export OET_URL=${stack.oetUrl}`);
    expect(out).toContain(`npx oet procedure create ${observeJs}`);
    expect(out).toContain('npx oet procedure start');
  });

  it('telescope-on.js, the smallest script of the guide, switches the telescope on', async () => {
    await create(pathToFileURL(path.join(scriptsDir, 'telescope-on.js')).href, 1);
    const w = waitBuilder(ep).on(ep.names.centralNode).attr('telescopeState').toBe('ON');
    let started: Awaited<ReturnType<typeof runOet>> | undefined;
    await w.around(
      async () => {
        started = await runOet(stack.oetUrl, ['procedure', 'start']);
      },
      { timeoutMs: 30_000 },
    );
    expect(started!.code, started!.stderr).toBe(0);
    expect(started!.stdout).toContain('Script message: telescopeState is ON');
  }, 60_000);

  it('observe.js, created and started with the CLI, takes the subarray through a whole observation', async () => {
    const id = await create(observeJs, 1);
    const w = waitBuilder(ep)
      .on(tm(1))
      .attr('obsState')
      .toChangeInOrder(['RESOURCING', 'IDLE', 'CONFIGURING', 'READY', 'SCANNING', 'READY', 'IDLE', 'EMPTY'])
      .on(ep.names.centralNode)
      .attr('telescopeState')
      .observe();
    let started: Awaited<ReturnType<typeof runOet>> | undefined;
    const result = await w.around(
      async () => {
        started = await runOet(stack.oetUrl, ['procedure', 'start', '--scan_duration=1']);
      },
      { timeoutMs: 45_000 },
    );
    expect(started!.code, started!.stderr).toBe(0);
    expect(started!.stdout).toContain('Script message: Scan 1 of 1: scanning for 1 s');
    expect(started!.stdout).toContain('Script message: Observation complete: subarray 1 is EMPTY');
    const obsStates = result.events.filter((e) => e.device === tm(1) && !e.initial).map((e) => e.value);
    expect(obsStates).toEqual(['RESOURCING', 'IDLE', 'CONFIGURING', 'READY', 'SCANNING', 'READY', 'IDLE', 'RESOURCING', 'EMPTY']);
    expect((await procedure(id)).state).toBe('COMPLETE');
    expect((await client.read(ep.names.centralNode, 'telescopeState')).value).toBe('ON');
  }, 90_000);

  it('observe.ts does the same on subarray 2, two scans', async () => {
    await create(observeTs, 2);
    const w = waitBuilder(ep).on(tm(2)).attr('obsState').toChangeInOrder(['IDLE', 'READY', 'SCANNING', 'READY', 'SCANNING', 'READY', 'IDLE', 'EMPTY']);
    let started: Awaited<ReturnType<typeof runOet>> | undefined;
    await w.around(
      async () => {
        started = await runOet(stack.oetUrl, ['procedure', 'start', '--scan_duration=0.5', '--scans=2']);
      },
      { timeoutMs: 45_000 },
    );
    expect(started!.code, started!.stderr).toBe(0);
    expect(started!.stdout).toContain('Script message: Scan 2 of 2 done');
  }, 90_000);

  it('observe-fail.js fails with the telescope error and leaves the subarray EMPTY', async () => {
    const id = await create(pathToFileURL(path.join(scriptsDir, 'observe-fail.js')).href, 1);
    const started = await runOet(stack.oetUrl, ['procedure', 'start']);
    expect(started.code).toBe(1);
    const failed = await procedure(id);
    expect(failed.state).toBe('FAILED');
    expect(failed.history.stacktrace).toContain('tmc.scan_duration');
    expect((await client.read(tm(1), 'obsState')).value).toBe('EMPTY');
  }, 60_000);

  /**
   * Starts the last created procedure with a 600 s scan and resolves once subarray `sub` is SCANNING. The listening
   * CLI comes back wrapped, so that awaiting this does not wait for the CLI to finish.
   */
  async function startLongScan(sub: number): Promise<{ listener: ReturnType<typeof runOet> }> {
    let listener: ReturnType<typeof runOet> | undefined;
    await waitBuilder(ep)
      .on(tm(sub))
      .attr('obsState')
      .toBe('SCANNING')
      .around(
        () => {
          listener = runOet(stack.oetUrl, ['procedure', 'start', '--scan_duration=600']);
        },
        { timeoutMs: 30_000 },
      );
    return { listener: listener! };
  }

  it('stop on a long scan runs abort.js, which aborts (ABORTED); restart.js then frees the subarray (EMPTY)', async () => {
    const id = await create(observeJs, 2);
    const { listener: started } = await startLongScan(2);
    await noteChildren(); // the observing script's process is among them
    const w = waitBuilder(ep).on(tm(2)).attr('obsState').toChangeInOrder(['ABORTING', 'ABORTED']);
    let stopped: Awaited<ReturnType<typeof runOet>> | undefined;
    await w.around(
      async () => {
        stopped = await runOet(stack.oetUrl, ['procedure', 'stop']);
      },
      { timeoutMs: 30_000 },
    );
    expect(stopped!.code, stopped!.stderr).toBe(0);
    expect(stopped!.stdout).toContain(`Successfully stopped script with ID ${id} and aborted subarray activity`);
    const listener = await started;
    expect(listener.code).toBe(1); // the listened procedure ended STOPPED
    expect((await procedure(id)).state).toBe('STOPPED');
    const aborter = (await procedures()).find((p) => p.id > id && p.script.script_uri.endsWith('/abort.js'))!;
    expect((await untilState(aborter.id, ['COMPLETE', 'FAILED'])).state).toBe('COMPLETE');
    expect((await client.read(tm(2), 'obsState')).value).toBe('ABORTED');
    // as with OET's abort.py, the operator chooses what follows: here Restart (obsreset.js would keep the resources)
    await create(pathToFileURL(path.join(scriptsDir, 'restart.js')).href, 2);
    const restarted = await runOet(stack.oetUrl, ['procedure', 'start']);
    expect(restarted.code, restarted.stderr).toBe(0);
    expect((await client.read(tm(2), 'obsState')).value).toBe('EMPTY');
    expect((await client.read(tm(2), 'assignedResources')).value).toEqual([]);
  }, 90_000);

  it('SIGTERM stops everything, a running observation included, and leaves no process behind', async () => {
    await create(observeJs, 1);
    const { listener: started } = await startLongScan(1);
    await noteChildren();
    expect([...seenChildren].some(isAlive)).toBe(true);
    stack.process.kill('SIGTERM');
    const { code } = await stack.exited;
    expect(code).toBe(0);
    expect((await started).code).not.toBe(0);
    await vi.waitFor(() => expect([...seenChildren].filter(isAlive)).toEqual([]), { timeout: 5_000, interval: 50 });
  }, 90_000);
});
