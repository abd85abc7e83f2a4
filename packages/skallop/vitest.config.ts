import { defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

const conditions = ['@observatory/source', ...defaultServerConditions];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } }, // Node tests resolve via ssr
  test: {
    name: '@ska/skallop',
    include: ['src/**/*.test.ts', 'tests/**/*.test.ts', 'examples/**/*.test.ts'], // the README's examples run as tests
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
      thresholds: { statements: 87, branches: 78, functions: 90, lines: 90 },
    },
  },
});
