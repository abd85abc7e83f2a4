import type { ExecSettings } from '../env/exec-settings.js';
import { SutNotReadyError } from '../errors.js';
import { formatValue, valueName } from '../sut/values.js';
import type { SkallopRuntime } from './runtime.js';
import { note } from './runtime.js';
import type { DeviceValue } from './sut-ops.js';
import { obsTargets, readObsStates, readTargets, readTelescopeState, waitForTargets } from './sut-ops.js';

const SETTLING = ['ABORTING', 'RESETTING', 'RESTARTING'];
const TRANSIENT = ['RESOURCING', 'CONFIGURING', 'SCANNING'];
const BROKEN = ['ABORTED', 'FAULT'];
const MAX_PASSES = 2;

type Step = { name: string; run: () => Promise<void> };

/** The recovery table (S-REC-1 to S-REC-6): what to do for the states found, most urgent first. */
function planFor(rt: SkallopRuntime, id: number, found: DeviceValue[], settings: ExecSettings): Step[] | 'clean' | 'settle' {
  const has = (states: string[]): boolean => found.some((d) => states.includes(String(d.value)));
  const ep = rt.entryPoint;
  const to = (value: unknown, action: () => Promise<void>, name: string): Step => ({
    name,
    // A device already at the target counts: none of these commands passes through its own final state.
    run: async () => void (await waitForTargets(rt, obsTargets(rt, id, value), action, settings, { failOnFault: false, currentCounts: true })),
  });
  if (found.every((d) => d.value === 'EMPTY')) return 'clean';
  if (has(SETTLING)) return 'settle';
  if (has(TRANSIENT)) return [to('ABORTED', () => ep.abortSubarray(id), 'Abort'), to('EMPTY', () => ep.restartSubarray(id), 'Restart')];
  if (has(BROKEN)) return [to('EMPTY', () => ep.restartSubarray(id), 'Restart')];
  if (has(['READY'])) return [to('IDLE', () => ep.clearConfiguration(id), 'End'), to('EMPTY', () => ep.tearDownSubarray(id), 'ReleaseAllResources')];
  if (has(['IDLE'])) return [to('EMPTY', () => ep.tearDownSubarray(id), 'ReleaseAllResources')];
  return [];
}

function describeFound(found: DeviceValue[]): string {
  return found.map((d) => `${d.device}=${formatValue('obsState', d.value)}`).join(', ');
}

/**
 * Brings subarray `id` back to EMPTY on TM/CSP/SDP (at most two passes of the recovery table, then
 * `forceReset` if the entry point has it). Returns the actions taken; throws `SutNotReadyError` on failure.
 */
export async function recoverSubarray(rt: SkallopRuntime, id: number, settings: ExecSettings, why: string): Promise<string[]> {
  const actions: string[] = [];
  let lastError: unknown;
  let settles = 0;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const found = await readObsStates(rt, id);
    const plan = planFor(rt, id, found, settings);
    if (plan === 'clean') return actions;
    if (plan === 'settle') {
      note(rt, `[skallop:recovery] subarray ${id} (${why}): ${describeFound(found)}; waiting to settle`);
      try {
        await waitForTargets(
          rt,
          obsTargets(rt, id, ['EMPTY', 'IDLE', 'READY', 'ABORTED', 'FAULT', 'RESOURCING', 'CONFIGURING', 'SCANNING']),
          () => undefined,
          settings,
          { currentCounts: true, failOnFault: false },
        );
      } catch (err) {
        lastError = err;
      }
      if (lastError || ++settles > MAX_PASSES + 1) break;
      pass--; // settling is not a pass of its own; each settle is bounded by the deadline above
      continue;
    }
    note(rt, `[skallop:recovery] subarray ${id} (${why}): found ${describeFound(found)}; ${plan.map((s) => s.name).join(', ') || 'no action known'}`);
    if (plan.length === 0) break;
    for (const step of plan) {
      try {
        await step.run();
        actions.push(step.name);
      } catch (err) {
        lastError = err;
        rt.logger.warn({ err, subarray: id, step: step.name }, 'recovery step failed');
        break;
      }
    }
  }
  let found = await readObsStates(rt, id);
  if (found.every((d) => d.value === 'EMPTY')) return actions;
  if (rt.entryPoint.forceReset) {
    note(rt, `[skallop:recovery] subarray ${id} (${why}): still ${describeFound(found)}; forceReset`);
    await rt.entryPoint.forceReset(id);
    actions.push('forceReset');
    found = await readObsStates(rt, id);
    if (found.every((d) => d.value === 'EMPTY')) return actions;
  }
  throw new SutNotReadyError(
    `subarray ${id} could not be recovered to EMPTY (${why})`,
    found.map((d) => ({ ...d, actual: d.value, expected: 'EMPTY' })),
    { cause: lastError },
  );
}

/** Whether every subarray device is EMPTY. */
export async function isSubarrayEmpty(rt: SkallopRuntime, id: number): Promise<boolean> {
  return (await readObsStates(rt, id)).every((d) => d.value === 'EMPTY');
}

/** Makes subarray `id` EMPTY per `env.recovery`: recover when 'auto', otherwise throw listing what was found. */
export async function ensureSubarrayEmpty(rt: SkallopRuntime, id: number, settings: ExecSettings, why: string): Promise<void> {
  const found = await readObsStates(rt, id);
  if (found.every((d) => d.value === 'EMPTY')) return;
  if (rt.env.recovery === 'off') {
    throw new SutNotReadyError(
      `subarray ${id} is not EMPTY (${why}) and recovery is off`,
      found.map((d) => ({ ...d, actual: d.value, expected: 'EMPTY' })),
    );
  }
  await recoverSubarray(rt, id, settings, why);
}

/**
 * The telescope's readiness: the central node answers with ON, OFF or STANDBY. UNKNOWN/FAULT gets Off,
 * then On when `wantOn` (with `recovery: 'auto'`).
 */
export async function ensureTelescopeReady(rt: SkallopRuntime, settings: ExecSettings): Promise<'ON' | 'OFF'> {
  let state: string;
  try {
    state = await readTelescopeState(rt);
  } catch (err) {
    throw new SutNotReadyError('the central node does not answer', [{ device: rt.entryPoint.names.centralNode, attr: 'telescopeState', actual: 'no answer', expected: ['ON', 'OFF', 'STANDBY'] }], { cause: err });
  }
  if (state === 'ON') return 'ON';
  if (state === 'OFF' || state === 'STANDBY') return 'OFF';
  const report = [{ device: rt.entryPoint.names.centralNode, attr: 'telescopeState', actual: state, expected: ['ON', 'OFF', 'STANDBY'] }];
  if (rt.env.recovery === 'off') throw new SutNotReadyError('the telescope is in an unusable state and recovery is off', report);
  note(rt, `[skallop:recovery] telescope found ${state}; TelescopeOff`);
  try {
    await waitForTargets(rt, rt.rules.shutDown(), () => rt.entryPoint.setTelescopeToStandby(), settings, { currentCounts: true });
  } catch (err) {
    throw new SutNotReadyError('the telescope could not be switched off from an unusable state', report, { cause: err });
  }
  return 'OFF';
}

/** Which of the given targets are not met now (for readiness reports). */
export async function unmetTargets(rt: SkallopRuntime, targets: Parameters<typeof readTargets>[1]): Promise<Array<{ device: string; attr: string; actual: unknown; expected: unknown }>> {
  return (await readTargets(rt, targets)).filter((t) => !t.ok).map((t) => ({ device: t.device, attr: t.attr, actual: valueName(t.attr, t.value), expected: t.expected }));
}
