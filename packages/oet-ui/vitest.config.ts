import { defineProjectVitestConfig } from '@observatory/test-utils/vitest-base';

export default defineProjectVitestConfig({
  name: '@ska/oet-ui',
  coverageThresholds: { statements: 7, branches: 7, functions: 3, lines: 6 },
  overrides: {
    esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
    test: {
      root: '.',
      testTimeout: 30_000, // browser tests drive a real Chromium against real servers on a loaded machine
      hookTimeout: 30_000,
      fileParallelism: false, // one Chromium at a time
    },
  },
});
