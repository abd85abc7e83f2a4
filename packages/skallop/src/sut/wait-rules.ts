import type { WaitRules, WaitTarget } from './entry-point.js';
import type { TelescopeNames } from './telescope-names.js';

/**
 * The default rules for a TMC telescope. Startup: `telescopeState` ON, CSP/SDP controllers and subarrays
 * ON, plus mid dishes or the low MCCS controller. Shutdown: mid dishes STANDBY, CSP/SDP OFF, `telescopeState`
 * STANDBY (low: OFF).
 */
export function defaultWaitRules(names: TelescopeNames): WaitRules {
  const subsystemDevices = (): string[] => [
    names.cspController,
    names.sdpController,
    ...names.subarrayIds.flatMap((id) => [names.cspSubarray(id), names.sdpSubarray(id)]),
  ];
  return {
    startUp(): WaitTarget[] {
      const targets: WaitTarget[] = subsystemDevices().map((device) => ({ device, attr: 'state', value: 'ON' }));
      if (names.telescope === 'mid') for (const d of names.dishes) targets.push({ device: d, attr: 'state', value: 'ON' });
      else if (names.mccsController) targets.push({ device: names.mccsController, attr: 'state', value: 'ON' });
      targets.push({ device: names.centralNode, attr: 'telescopeState', value: 'ON' });
      return targets;
    },
    shutDown(): WaitTarget[] {
      const targets: WaitTarget[] = subsystemDevices().map((device) => ({ device, attr: 'state', value: ['OFF', 'STANDBY'] }));
      if (names.telescope === 'mid') for (const d of names.dishes) targets.push({ device: d, attr: 'state', value: ['STANDBY', 'OFF'] });
      else if (names.mccsController) targets.push({ device: names.mccsController, attr: 'state', value: ['OFF', 'STANDBY'] });
      targets.push({
        device: names.centralNode,
        attr: 'telescopeState',
        value: names.telescope === 'mid' ? ['STANDBY', 'OFF'] : ['OFF', 'STANDBY'],
      });
      return targets;
    },
    subarrayDevices(id: number): string[] {
      return [names.tmSubarray(id), names.cspSubarray(id), names.sdpSubarray(id)];
    },
  };
}

/** The entry point's own rules over the defaults. */
export function resolveWaitRules(names: TelescopeNames, overrides: Partial<WaitRules> | undefined): WaitRules {
  return { ...defaultWaitRules(names), ...overrides };
}

/** Which readiness group a device belongs to (the central node and TM subarrays are 'tm'). */
export function deviceGroup(names: TelescopeNames, device: string): ReadinessGroup {
  if (device === names.centralNode || names.subarrayIds.some((id) => names.tmSubarray(id) === device)) return 'tm';
  if (device === names.mccsController) return 'mccs';
  if (names.dishes.includes(device)) return 'dishes';
  if (device === names.cspController || names.subarrayIds.some((id) => names.cspSubarray(id) === device)) return 'csp';
  if (device === names.sdpController || names.subarrayIds.some((id) => names.sdpSubarray(id) === device)) return 'sdp';
  return 'other';
}

export type ReadinessGroup = 'tm' | 'csp' | 'sdp' | 'dishes' | 'mccs' | 'other';

/**
 * Rules restricted to a readiness scope (e.g. `['tm', 'csp', 'sdp']` leaves dishes out of the waits).
 * The central node and the TM subarray are always kept: they are what the commands go to.
 */
export function scopeWaitRules(rules: WaitRules, names: TelescopeNames, scope: readonly string[]): WaitRules {
  const keep = (device: string): boolean => {
    const group = deviceGroup(names, device);
    return group === 'tm' || group === 'other' || scope.includes(group);
  };
  return {
    startUp: () => rules.startUp().filter((t) => keep(t.device)),
    shutDown: () => rules.shutDown().filter((t) => keep(t.device)),
    subarrayDevices: (id) => rules.subarrayDevices(id).filter(keep),
  };
}
