import { test as base } from 'vitest';
import { startServer, type TestServer } from './harness.js';

/** `oet`: a fresh real OET server per test, closed (children and all) even when the test fails. */
export const test = base.extend<{ oet: TestServer }>({
  // eslint-disable-next-line no-empty-pattern
  oet: async ({}, use) => {
    const server = await startServer();
    try {
      await use(server);
    } finally {
      await server.close();
    }
  },
});
