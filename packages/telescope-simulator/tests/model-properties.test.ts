import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { TelsimError } from '../src/errors.js';
import { ManualClock } from '@observatory/core';
import { SUBARRAY_COMMANDS, type ObsState } from '../src/model/obs-state.js';
import { createTelescopeSimulator } from '../src/simulator.js';
import { assignJson, configureJson } from './support/drive.js';

const TRANSIENTS: ObsState[] = ['RESOURCING', 'CONFIGURING', 'ABORTING', 'RESETTING', 'RESTARTING'];

const step = fc.oneof(
  fc.record({
    kind: fc.constant('subarray' as const),
    id: fc.integer({ min: 1, max: 2 }),
    command: fc.constantFrom(...SUBARRAY_COMMANDS),
    resources: fc.subarray([1, 2, 3, 4], { minLength: 1 }),
    badArgin: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('telescope' as const), command: fc.constantFrom('TelescopeOn', 'TelescopeOff') }),
  fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 300 }) }),
);

describe('model invariants under random command sequences', () => {
  test('commands are accepted or fail with a typed error that changes nothing; at rest TM, CSP and SDP agree', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), fc.integer({ min: 0, max: 100 }), fc.record({ csp: fc.nat(20), sdp: fc.nat(20) }), (steps, delay, skews) => {
        const clock = new ManualClock();
        const sim = createTelescopeSimulator({ telescope: 'mid', clock, skews, delays: { commands: { AssignResources: delay, Configure: delay } } });
        const n = sim.names;
        for (const s of steps) {
          if (s.kind === 'advance') {
            clock.advance(s.ms);
            continue;
          }
          const seq = sim.seq;
          const [device, command, argin] =
            s.kind === 'telescope'
              ? [n.centralNode, s.command, undefined]
              : [
                  n.tmSubarray(s.id),
                  s.command,
                  s.badArgin
                    ? '{oops'
                    : s.command === 'AssignResources'
                      ? assignJson('mid', s.id, s.resources)
                      : s.command === 'Configure'
                        ? configureJson(0.05)
                        : s.command === 'ReleaseResources'
                          ? { release_all: true }
                          : undefined,
                ];
          try {
            sim.sendCommand(device, command, argin);
          } catch (err) {
            expect(err).toBeInstanceOf(TelsimError);
            expect(sim.seq).toBe(seq); // a rejected command changes nothing
          }
        }
        clock.runAll();
        const state = sim.snapshot();
        const owned = new Set<string>();
        for (const sa of state.subarrays) {
          expect(new Set(Object.values(sa.obsState)).size).toBe(1); // TM, CSP and SDP agree
          expect(TRANSIENTS).not.toContain(sa.obsState.tm);
          for (const dev of [n.tmSubarray(sa.id), n.cspSubarray(sa.id), n.sdpSubarray(sa.id)]) expect(state.devices[dev]!.assignedResources).toEqual(sa.assignedResources);
          for (const r of sa.assignedResources) {
            expect(owned.has(r)).toBe(false); // no resource in two subarrays
            owned.add(r);
          }
          if (sa.obsState.tm === 'EMPTY') expect(sa.assignedResources).toEqual([]);
          if (['IDLE', 'READY', 'SCANNING'].includes(sa.obsState.tm)) expect(sa.assignedResources.length).toBeGreaterThan(0);
          if (sa.obsState.tm !== 'EMPTY') expect(state.telescopeState).toBe('ON');
        }
        void sim.close();
      }),
      { numRuns: 300 },
    );
  });
});
