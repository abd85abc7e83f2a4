import { defineProjectVitestConfig } from '@observatory/test-utils/vitest-base';

export default defineProjectVitestConfig({
  name: '@ska/oet-cli',
  coverageThresholds: { statements: 89, branches: 77, functions: 87, lines: 91 },
  overrides: {
    test: {
      testTimeout: 20_000, // child-process tests start node + tsx several times
      hookTimeout: 20_000,
    },
  },
});
