import { describe, expect, test } from 'vitest';
import { WaitTimeoutError, waitFor } from '../src/index.js';

describe('waitFor', () => {
  test('resolves with the first truthy value the predicate returns', async () => {
    let calls = 0;
    const value = await waitFor(() => (++calls >= 3 ? { calls } : undefined), { intervalMs: 1 });
    expect(value).toEqual({ calls: 3 });
  });

  test('treats a throwing predicate as not yet, and resolves once it stops throwing', async () => {
    let calls = 0;
    const value = await waitFor(
      async () => {
        if (++calls < 3) throw new Error('not yet');
        return 'done';
      },
      { intervalMs: 1 },
    );
    expect(value).toBe('done');
  });

  test('rejects at the deadline with a typed error naming what it waited for and the last error', async () => {
    const err = await waitFor(
      () => {
        throw new Error('still booting');
      },
      { timeoutMs: 50, intervalMs: 5, what: 'the server to answer' },
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WaitTimeoutError);
    expect((err as WaitTimeoutError).code).toBe('TEST_WAIT_TIMEOUT');
    expect((err as WaitTimeoutError).message).toContain('the server to answer');
    expect((err as WaitTimeoutError).message).toContain('still booting');
    expect(((err as WaitTimeoutError).cause as Error).message).toBe('still booting');
  });

  test('false and null count as not yet, 0 and empty string as values', async () => {
    await expect(waitFor(() => false, { timeoutMs: 20, intervalMs: 5 })).rejects.toBeInstanceOf(WaitTimeoutError);
    await expect(waitFor(() => null, { timeoutMs: 20, intervalMs: 5 })).rejects.toBeInstanceOf(WaitTimeoutError);
    expect(await waitFor(() => 0)).toBe(0);
    expect(await waitFor(() => '')).toBe('');
  });
});
