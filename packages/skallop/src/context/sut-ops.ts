import type { ExecSettings } from '../env/exec-settings.js';
import type { WaitTarget } from '../sut/entry-point.js';
import { formatValue, matchesAny, valueName } from '../sut/values.js';
import type { WaitResult } from '../wait/wait-builder.js';
import { waitBuilder } from '../wait/wait-builder.js';
import type { SkallopRuntime } from './runtime.js';

export interface DeviceValue {
  device: string;
  attr: string;
  value: unknown;
}

/** The obsState of each of the subarray's devices (TM first), as names. */
export async function readObsStates(rt: SkallopRuntime, id: number): Promise<DeviceValue[]> {
  const devices = rt.rules.subarrayDevices(id);
  return Promise.all(
    devices.map(async (device) => ({ device, attr: 'obsState', value: valueName('obsState', (await rt.entryPoint.read(device, 'obsState')).value) })),
  );
}

export async function readTelescopeState(rt: SkallopRuntime): Promise<string> {
  const r = await rt.entryPoint.read(rt.entryPoint.names.centralNode, 'telescopeState');
  return formatValue('telescopeState', r.value);
}

export async function readTargets(rt: SkallopRuntime, targets: WaitTarget[]): Promise<Array<DeviceValue & { ok: boolean; expected: unknown }>> {
  return Promise.all(
    targets.map(async (t) => {
      const value = valueName(t.attr, (await rt.entryPoint.read(t.device, t.attr)).value);
      return { device: t.device, attr: t.attr, value, expected: t.value, ok: matchesAny(t.attr, value, t.value) };
    }),
  );
}

export interface WaitTargetsOptions {
  /** Count a value already present at subscription (default false: the action must cause a new event). */
  currentCounts?: boolean;
  /** Stop early when an obsState turns FAULT (default true for obsState targets). */
  failOnFault?: boolean;
}

/** Subscribes to every target, runs `action`, waits for all targets within `settings.timeoutMs`. */
export async function waitForTargets(
  rt: SkallopRuntime,
  targets: WaitTarget[],
  action: () => unknown,
  settings: ExecSettings,
  options: WaitTargetsOptions = {},
): Promise<WaitResult> {
  const w = waitBuilder(rt.entryPoint, { clock: rt.clock, logger: rt.logger, settings });
  for (const t of targets) {
    w.on(t.device).attr(t.attr).toBe(t.value, { ignoreFirst: !options.currentCounts });
    if (t.attr === 'obsState' && (options.failOnFault ?? true) && !matchesAny('obsState', 'FAULT', t.value)) {
      w.on(t.device).attr('obsState').failIf('FAULT');
    }
  }
  return w.around(action, { settings });
}

/** obsState targets for all the subarray's devices. */
export function obsTargets(rt: SkallopRuntime, id: number, value: unknown): WaitTarget[] {
  return rt.rules.subarrayDevices(id).map((device) => ({ device, attr: 'obsState', value }));
}
