import { defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

const conditions = ['@observatory/source', ...defaultServerConditions];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } }, // Node tests resolve via ssr
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  test: {
    name: '@ska/oet-ui',
    root: '.',
    include: ['src/**/*.test.ts', 'tests/**/*.test.ts'],
    watch: false, // the inferred target runs bare `vitest`
    restoreMocks: true,
    // `npm run coverage` and CI (OBSERVATORY_COVERAGE=1): v8 coverage of src/; the thresholds are this package's
    // measured floor, raised as coverage grows and never lowered.
    coverage: {
      enabled: process.env.OBSERVATORY_COVERAGE === '1',
      provider: 'v8',
      include: ['src/**/*.{ts,tsx}'],
      exclude: ['src/**/*.test.{ts,tsx}', 'src/main.ts'],
      reporter: ['text-summary', 'html', 'lcov', 'json-summary'],
      thresholds: { statements: 7, branches: 7, functions: 3, lines: 6 },
    },
    testTimeout: 30_000, // browser tests drive a real Chromium against real servers on a loaded machine
    hookTimeout: 30_000,
    fileParallelism: false, // one Chromium at a time
  },
});
