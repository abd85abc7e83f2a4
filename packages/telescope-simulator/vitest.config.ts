import { defineProjectVitestConfig } from '@observatory/test-utils/vitest-base';

export default defineProjectVitestConfig({
  name: '@ska/telescope-simulator',
  coverageThresholds: { statements: 93, branches: 85, functions: 95, lines: 95 },
});
