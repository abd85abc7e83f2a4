import { ManualClock } from '@observatory/core';
import { describe, expect, test } from 'vitest';
import { HandlerError } from '../errors.js';
import { fromTicks, toTicks } from '../time/discos-time.js';
import { SimulatorBackend } from './simulator-backend.js';

/** Protocol time starts here (epoch ms), so timed commands are far from the epoch. */
const T0_MS = 1_800_000_000_000;

function failText(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof HandlerError) return err.message;
    return `generic: ${(err as Error).name}`;
  }
  return 'no error';
}

/** A DISCOS time `delta` seconds after the clock's now. */
const at = (clock: ManualClock, delta: number) => fromTicks(toTicks(clock.now() / 1000 + delta));

describe('SimulatorBackend', () => {
  test('initial state', () => {
    const clock = new ManualClock(1795238653948.709);
    const sim = new SimulatorBackend({ clock, random: () => 0.25 });
    expect(sim.status()).toEqual(['1795238653.948709', 'ok', 0]);
    expect(sim.getConfiguration()).toEqual(['unconfigured']);
    expect(sim.getIntegration()).toEqual([0]);
    expect(sim.getTp0()).toEqual([0, 0]);
    expect(sim.getTpi()).toEqual(['25.0', '25.0']);
    expect(sim.time()).toEqual(['1795238653.948709']);
  });

  test('timed start fires at T, not before', () => {
    const clock = new ManualClock(T0_MS);
    const sim = new SimulatorBackend({ clock });
    sim.start(at(clock, 0.1));
    clock.advance(50);
    expect(sim.acquiring).toBe(false);
    clock.advance(60);
    expect(sim.acquiring).toBe(true);
  });

  test('a newer timed start replaces a pending one', () => {
    const clock = new ManualClock(T0_MS);
    const sim = new SimulatorBackend({ clock });
    sim.start(at(clock, 10));
    sim.start(at(clock, 20));
    expect(clock.pending).toBe(1);
    clock.advance(15000);
    expect(sim.acquiring).toBe(false);
    clock.advance(10000);
    expect(sim.acquiring).toBe(true);
  });

  test('timed start then timed stop both take effect', () => {
    const clock = new ManualClock(T0_MS);
    const sim = new SimulatorBackend({ clock });
    sim.start(at(clock, 1));
    sim.stop(at(clock, 2));
    clock.advance(1500);
    expect(sim.acquiring).toBe(true);
    clock.advance(1000);
    expect(sim.acquiring).toBe(false);
  });

  test('an immediate stop does not cancel a pending timed start (as in the reference)', () => {
    const clock = new ManualClock(T0_MS);
    const sim = new SimulatorBackend({ clock });
    sim.start();
    sim.start(at(clock, 1));
    sim.stop();
    clock.advance(2000);
    expect(sim.acquiring).toBe(true);
  });

  test('stale timers only warn and never make later commands fail', () => {
    const clock = new ManualClock(T0_MS);
    const sim = new SimulatorBackend({ clock });
    sim.stop(at(clock, 1)); // fires while idle
    clock.advance(2000);
    expect(sim.acquiring).toBe(false);
    sim.start();
    sim.start(at(clock, 1)); // fires while acquiring
    clock.advance(2000);
    expect(sim.acquiring).toBe(true);
    expect(() => sim.stop(at(clock, 1))).not.toThrow();
    expect(() => sim.start(at(clock, 1))).not.toThrow();
  });

  test('past timestamps fail', () => {
    const clock = new ManualClock(T0_MS);
    const sim = new SimulatorBackend({ clock });
    expect(failText(() => sim.start(at(clock, -0.001)))).toBe('starting time already elapsed');
    expect(failText(() => sim.stop(fromTicks(0n)))).toBe('stop time already elapsed');
  });

  test('immediate start/stop state errors', () => {
    const sim = new SimulatorBackend({ clock: new ManualClock(T0_MS) });
    expect(failText(() => sim.stop())).toBe('not acquiring');
    sim.start();
    expect(failText(() => sim.start())).toBe('already acquiring');
  });

  test('set-section limits', () => {
    const sim = new SimulatorBackend({ clock: new ManualClock(T0_MS) });
    expect(failText(() => sim.setSection(5, '*', 2000.9, '*', 'x', '*', '*'))).toBe('no error');
    expect(failText(() => sim.setSection(-1, '*', '*', '*', 'x', '*', '*'))).toBe('no error');
    expect(failText(() => sim.setSection(6, '*', '*', '*', 'x', '*', '*'))).toBe('backend supports 5 sections');
    expect(failText(() => sim.setSection(10n ** 30n, '*', '*', '*', 'x', '*', '*'))).toBe('backend supports 5 sections');
    expect(failText(() => sim.setSection(1, '*', 2001, '*', 'x', '*', '*'))).toBe('backend maximum bandwidth is 2000');
    expect(failText(() => sim.setSection('*', '*', '*', '*', 'x', '*', '*'))).toMatch(/^generic/);
    expect(failText(() => sim.setSection(1, '*', Infinity, '*', 'x', '*', '*'))).toMatch(/^generic/);
    expect(failText(() => sim.setSection(1, '*', NaN, '*', 'x', '*', '*'))).toMatch(/^generic/);
    expect(sim.sections.get(5)).toEqual({ startFreq: '*', bandwidth: 2000.9, feed: '*', mode: 'x', sampleRate: '*', bins: '*' });
  });

  test('set-enable ranges and configuration names', () => {
    const sim = new SimulatorBackend({ clock: new ManualClock(T0_MS) });
    expect(failText(() => sim.setEnable(1, 0))).toBe('no error');
    expect(sim.currentSections).toEqual([2, 3, 0, 1]);
    expect(failText(() => sim.setEnable(2, 0))).toBe('feed1 out of range');
    expect(failText(() => sim.setEnable(0, -1))).toBe('feed2 out of range');
    expect(failText(() => sim.setConfiguration('café'))).toBe('no error');
    expect(failText(() => sim.setConfiguration('Café'))).toBe('invalid configuration');
    expect(failText(() => sim.setConfiguration(''))).toBe('invalid configuration');
  });

  test('dispose cancels pending timers', () => {
    const clock = new ManualClock(T0_MS);
    const sim = new SimulatorBackend({ clock });
    sim.start(at(clock, 1));
    sim.stop(at(clock, 2));
    sim.dispose();
    expect(clock.pending).toBe(0);
  });
});
