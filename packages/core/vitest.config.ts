import { defineProjectVitestConfig } from '@observatory/test-utils/vitest-base';

export default defineProjectVitestConfig({
  name: '@observatory/core',
  coverageThresholds: { statements: 89, branches: 82, functions: 88, lines: 91 },
});
