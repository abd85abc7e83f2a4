import { defineProjectVitestConfig } from '@observatory/test-utils/vitest-base';

export default defineProjectVitestConfig({
  name: '@observatory/tango',
  coverageThresholds: { statements: 74, branches: 63, functions: 72, lines: 78 },
});
