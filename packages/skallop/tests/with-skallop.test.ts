import { test as base, describe, expect } from 'vitest';
import { withSkallop } from '../src/index.js';

// Your own test with its own fixtures keeps them next to skallop's.
const myTest = base.extend('greeting', async () => 'hello');
const test = withSkallop(myTest, { skallopOptions: { timeoutMs: 3000 } });

describe('withSkallop on your own test', () => {
  test('has both your fixtures and skallop fixtures', async ({ greeting, execSettings, telescopeContext }) => {
    expect(greeting).toBe('hello');
    expect(execSettings.timeoutMs).toBe(3000);
    expect(telescopeContext.state).toBe('UNKNOWN');
  });
});
