import { defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

const conditions = ['@observatory/source', ...defaultServerConditions];

// A nested project run by tests/maintain-on.test.ts in a child process, against an HTTP simulator.
export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: { include: ['*.spec.ts'], watch: false, fileParallelism: false },
});
