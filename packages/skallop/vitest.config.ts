import { defineProjectVitestConfig } from '@observatory/test-utils/vitest-base';

export default defineProjectVitestConfig({
  name: '@ska/skallop',
  include: ['src/**/*.test.ts', 'tests/**/*.test.ts', 'examples/**/*.test.ts'], // the README's examples run as tests
  coverageThresholds: { statements: 87, branches: 78, functions: 90, lines: 90 },
});
