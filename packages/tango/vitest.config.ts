import { defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

const conditions = ['@observatory/source', ...defaultServerConditions];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } }, // Node tests resolve via ssr
  test: {
    name: '@observatory/tango',
    include: ['src/**/*.test.ts', 'tests/**/*.test.ts'],
    watch: false, // the inferred target runs bare `vitest`
    restoreMocks: true,
  },
});
