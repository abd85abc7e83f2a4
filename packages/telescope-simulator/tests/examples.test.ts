import { expect, test, vi } from 'vitest';

test('examples/quick-start.ts runs a whole observation and prints each change', async () => {
  const lines: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((line: string) => void lines.push(line));
  await import('../examples/quick-start.js');
  expect(lines).toEqual([
    '  telescopeState ON',
    '  obsState RESOURCING',
    '  obsState IDLE',
    '  obsState CONFIGURING',
    '  obsState READY',
    '  obsState SCANNING',
    '  obsState READY',
    '  obsState IDLE',
    '  obsState RESOURCING',
    '  obsState EMPTY',
    'commands: TelescopeOn, AssignResources, Configure, Scan, End, ReleaseAllResources',
  ]);
}, 30_000); // starts a real HTTP simulator and runs a whole observation: seconds on a loaded machine

test('examples/harness-matrix.ts runs one script in every harness mode', async () => {
  const lines: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((line: string) => void lines.push(line));
  await import('../examples/harness-matrix.js');
  expect(lines).toEqual(['in-process: TelescopeOn', 'http-pubsub: TelescopeOn', 'http-polling: TelescopeOn']);
}, 30_000);
