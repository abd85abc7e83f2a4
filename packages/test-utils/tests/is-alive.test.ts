import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, test } from 'vitest';
import { isAlive } from '../src/index.js';

describe('isAlive', () => {
  test('is true for a running process and false once it has exited and been reaped', async () => {
    expect(isAlive(process.pid)).toBe(true);
    const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
    const pid = child.pid!;
    await once(child, 'exit');
    expect(isAlive(pid)).toBe(false);
  });
});
