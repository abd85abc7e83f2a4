import { vi } from 'vitest';
import type { ObsState } from '../../src/model/obs-state.js';
import type { TelescopeHarness as Harness } from '../../src/testing.js';
import type { Telescope, TelescopeAccess } from '../../src/types.js';

/** STANDARD-like AssignResources JSON for a subarray. */
export function assignJson(telescope: Telescope, subarrayId: number, resources: number[] = [1, 2]): Record<string, unknown> {
  const sdp = { execution_block: { eb_id: `eb-test-20260101-${String(subarrayId).padStart(5, '0')}` } };
  return telescope === 'mid'
    ? { subarray_id: subarrayId, dish: { receptor_ids: resources.map((n) => `SKA${String(n).padStart(3, '0')}`) }, sdp }
    : { subarray_id: subarrayId, mccs: { subarray_beam_ids: [1], station_ids: [resources], channel_blocks: [3] }, sdp };
}

export function configureJson(scanDurationS = 1000): Record<string, unknown> {
  return { csp: { common: { config_id: 'sbi-test' } }, sdp: { scan_type: 'science' }, tmc: { scan_duration: scanDurationS } };
}

export async function obsState(access: TelescopeAccess, id: number, subsystem: 'tm' | 'csp' | 'sdp' = 'tm'): Promise<unknown> {
  const n = access.names;
  const device = subsystem === 'tm' ? n.tmSubarray(id) : subsystem === 'csp' ? n.cspSubarray(id) : n.sdpSubarray(id);
  return (await access.read(device, 'obsState')).value;
}

/** Reads until `pred` holds (settling the clock in between), with a deadline; vitest's, so it stays in the tests. */
function waitUntil(h: Harness, read: () => Promise<unknown>, pred: (v: unknown) => boolean, ms = 2000): Promise<unknown> {
  return vi.waitFor(
    async () => {
      h.settle();
      const v = await read();
      if (!pred(v)) throw new Error(`condition not met; last value ${JSON.stringify(v)}`);
      return v;
    },
    { timeout: ms, interval: 2 },
  );
}

async function command(h: Harness, name: string, argin?: unknown): Promise<void> {
  await h.access.command(h.access.names.tmSubarray(1), name, argin);
}

/** Waits (via GET /state, whatever the read mode) until subarray 1 shows `state` on TM, CSP and SDP. */
async function reach(h: Harness, state: ObsState, subsystems: Array<'tm' | 'csp' | 'sdp'> = ['tm']): Promise<void> {
  await waitUntil(h, async () => (await h.access.getState()).subarrays[0]!.obsState, (v) => subsystems.every((s) => (v as Record<string, string>)[s] === state));
}

export async function telescopeOn(h: Harness): Promise<void> {
  const n = h.access.names;
  await h.access.command(n.centralNode, 'TelescopeOn');
  await waitUntil(h, async () => (await h.access.getState()).telescopeState, (v) => v === 'ON');
}

/** Resets the simulator, switches the telescope on and puts subarray 1 into `state` (TM, CSP and SDP). */
export async function driveTo(h: Harness, state: ObsState): Promise<void> {
  const a = h.access;
  await a.reset();
  await telescopeOn(h);
  const assign = () => command(h, 'AssignResources', assignJson(a.telescope, 1));
  const abort = async () => {
    await assign();
    await reach(h, 'IDLE');
    await command(h, 'Abort');
  };
  switch (state) {
    case 'EMPTY':
      return;
    case 'IDLE':
      await assign();
      break;
    case 'READY':
      await assign();
      await reach(h, 'IDLE');
      await command(h, 'Configure', configureJson());
      break;
    case 'SCANNING':
      await driveFrom(h, 'READY');
      await command(h, 'Scan', { scan_id: 1 });
      break;
    case 'ABORTED':
      await abort();
      break;
    case 'FAULT':
      await a.injectFault({ kind: 'fault', command: 'AssignResources', times: 1 });
      await assign();
      break;
    case 'RESOURCING':
      await a.injectFault({ kind: 'stuck', obsState: 'RESOURCING', times: 1 });
      await assign();
      break;
    case 'CONFIGURING':
      await assign();
      await reach(h, 'IDLE');
      await a.injectFault({ kind: 'stuck', obsState: 'CONFIGURING', times: 1 });
      await command(h, 'Configure', configureJson());
      break;
    case 'ABORTING':
      await a.setDelays({ commands: { Abort: 1e7 } });
      await abort();
      break;
    case 'RESETTING':
      await a.setDelays({ commands: { ObsReset: 1e7 } });
      await abort();
      await reach(h, 'ABORTED');
      await command(h, 'ObsReset');
      break;
    case 'RESTARTING':
      await a.setDelays({ commands: { Restart: 1e7 } });
      await abort();
      await reach(h, 'ABORTED');
      await command(h, 'Restart');
      break;
  }
  // Every subsystem follows TM into the state (TM leads into transients and trails into final states).
  await reach(h, state, ['tm', 'csp', 'sdp']);
}

async function driveFrom(h: Harness, state: 'READY'): Promise<void> {
  await driveTo(h, state);
}
