import { test as base, describe, expect } from 'vitest';
import { withSkallop } from '../src/index.js';

// Your own test with its own fixtures keeps them next to skallop's.
const myTest = base.extend('greeting', async () => 'hello');
const test = withSkallop(myTest, { skallopOptions: { timeoutMs: 3000 } });

describe.sequential('withSkallop on your own test', () => {
  test('has both your fixtures and skallop fixtures', async ({ greeting, execSettings, telescopeContext }) => {
    expect(greeting).toBe('hello');
    expect(execSettings.timeoutMs).toBe(3000);
    expect(telescopeContext.state).toBe('UNKNOWN');
  });

  test('factoryRunningTelescope and factoryStandbyTelescope', async ({ factoryRunningTelescope, factoryStandbyTelescope, entryPoint, execSettings }) => {
    const running = await factoryRunningTelescope();
    expect(running.state).toBe('ON');
    const standby = await factoryStandbyTelescope(execSettings.replica({ timeoutMs: 2000 }));
    expect(standby.state).toBe('OFF');
    expect(standby.testStack.labels).toEqual(['switch the telescope back on']);
    expect((await entryPoint.read(entryPoint.names.centralNode, 'telescopeState')).value).not.toBe('ON');
  });

  test('... the telescope was switched back on after the test', async ({ entryPoint }) => {
    expect((await entryPoint.read(entryPoint.names.centralNode, 'telescopeState')).value).toBe('ON');
  });
});
