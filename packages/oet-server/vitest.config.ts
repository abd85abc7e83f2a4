import { defineProjectVitestConfig } from '@observatory/test-utils/vitest-base';

export default defineProjectVitestConfig({
  name: '@ska/oet-server',
  coverageThresholds: { statements: 75, branches: 69, functions: 77, lines: 79 },
  overrides: { test: { testTimeout: 20_000, hookTimeout: 20_000 } },
});
